"""Backups and restore: the whole database in a database-neutral archive, with the uploads."""
