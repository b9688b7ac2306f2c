"""Reads of the training domain, scoped to the user, one module per part of the course."""
