"""The figures of the registry, one module per app they read; each module lists its `SPECS`."""

MODULES = ("orgs", "members", "governance", "activities", "awards")
