"""Reads for assessment rounds, scoped to what the user may see."""
