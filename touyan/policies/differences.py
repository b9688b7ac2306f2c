"""A draft against the version it will follow, line by line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    change: str  # "same", "added", "removed"
    old_number: int | None
    new_number: int | None
    text: str


@dataclass(frozen=True)
class Hunk:
    lines: list[DiffLine]


def line_diff(old: str, new: str, *, context: int = 3) -> list[Hunk]:
    """The changed lines of ``new`` against ``old``, each group with ``context`` unchanged
    lines around it; no hunks when nothing changed."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        lines = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [
                    DiffLine("same", i + 1, j + 1, old_lines[i])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
                continue
            if tag in ("replace", "delete"):
                lines += [DiffLine("removed", i + 1, None, old_lines[i]) for i in range(i1, i2)]
            if tag in ("replace", "insert"):
                lines += [DiffLine("added", None, j + 1, new_lines[j]) for j in range(j1, j2)]
        hunks.append(Hunk(lines))
    return hunks
