"""Background work of governance: none yet (reminders of due meetings will run here)."""
