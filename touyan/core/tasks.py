"""Core's jobs, found by the jobs app in each app's ``tasks`` module."""

from .inbox_digest import ask_for_digests, send_digest  # noqa: F401
