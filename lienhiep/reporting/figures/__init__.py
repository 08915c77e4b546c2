"""The figures of the registry, one module per app they read; each declares its figures on their functions
(`registry.figure`) and lists them as `SPECS = registry.declared(__name__)`."""

MODULES = ("orgs", "members", "governance", "activities", "awards")
