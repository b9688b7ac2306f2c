"""Watched words (关注词, ``COMMUNITY_WATCHED_WORDS``): a post containing one is held for the
host's review instead of being shown. Matched case-insensitively anywhere in the text."""

from __future__ import annotations

from django.conf import settings


def watched_in(*texts: str) -> list[str]:
    words = [word for word in getattr(settings, "COMMUNITY_WATCHED_WORDS", []) if word.strip()]
    joined = "\n".join(texts).casefold()
    return [word for word in words if word.strip().casefold() in joined]
