"""caseworker.intake"""
