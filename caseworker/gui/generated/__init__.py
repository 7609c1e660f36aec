"""Modules generated from ui/*.ui by caseworker.gui.build_ui: do not edit."""
