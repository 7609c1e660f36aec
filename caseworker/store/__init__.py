"""caseworker.store"""
