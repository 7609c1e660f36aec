"""caseworker.server"""
