"""Caseworker: a desktop workstation for newcomer settlement agencies ("No Wrong Door")."""

__version__ = "0.1.0"
