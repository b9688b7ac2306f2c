"""Shared helpers: the preset texts and a way to break them at one spot."""

import pytest

from touyan.policies.loading import PolicyError, load_policy
from touyan.policies.presets import preset_text

HAINAN = preset_text("hainan-studios")
HANGZHOU = preset_text("hangzhou-training")
NINGBO = preset_text("ningbo-backbone")


def edit(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence of ``old``: a test that breaks a preset must know where."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which ``fragment`` occurs (exactly once)."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(lines) == 1, f"{fragment!r} is on lines {lines}"
    return lines[0]


def problems_of(text: str):
    with pytest.raises(PolicyError) as caught:
        load_policy(text)
    return caught.value.problems
