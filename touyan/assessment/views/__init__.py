"""Assessment pages, by audience."""
