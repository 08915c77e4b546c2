"""No background work of its own."""
