"""Writes for assessment rounds: keyword-only, ``actor`` first, one transaction, audited."""
