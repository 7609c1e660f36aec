"""caseworker-admin: the command line for agency IT and scripts."""
