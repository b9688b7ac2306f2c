"""Assessment forms, by audience."""
