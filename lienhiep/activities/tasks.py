"""Background work of activities: none yet (photos are small once re-encoded, so they are stored at once)."""
