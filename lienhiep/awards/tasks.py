"""Background work of awards: none yet."""
