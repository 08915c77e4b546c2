"""Background work of finance: none yet."""
