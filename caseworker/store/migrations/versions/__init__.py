"""Schema revisions, oldest first: v0001 = schema v1."""
