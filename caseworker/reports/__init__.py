"""caseworker.reports"""
