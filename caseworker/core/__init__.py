"""caseworker.core"""
