"""caseworker.gui"""
