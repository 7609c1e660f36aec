"""caseworker.plans"""
