"""Qt widgets for printed settlement plans: preview, print, save as PDF, batch print, catalog warnings.

Plain widgets the main window embeds; the PDF itself comes from :mod:`caseworker.plans` (no Qt there).
"""
