"""Touyan (头雁): a platform for principal-development programmes."""

__version__ = "0.1.0"
