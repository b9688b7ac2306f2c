"""Reads for assessment rounds, scoped to what the user may see."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Case, Consequence, Round
from .rubric import grade_name, rubric_of


def commendations(studio_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each studio's commendations, shown publicly: "表彰：<round> 优秀", newest first. Two
    queries whatever the number of studios."""
    rows = list(
        Case.objects.filter(
            studio_id__in=list(studio_ids),
            member__isnull=True,
            consequence=Consequence.COMMEND,
            applied_at__isnull=False,
            round__stage=Round.Stage.PUBLISHED,
        )
        .order_by("-round__published_at", "pk")
        .values_list("studio_id", "round_id", "grade")
    )
    rounds = Round.objects.in_bulk({round_id for _studio, round_id, _grade in rows})
    found: dict[int, list[str]] = {}
    for studio, round_id, grade in rows:
        round_ = rounds[round_id]
        found.setdefault(studio, []).append(f"{round_.name} {grade_name(rubric_of(round_), grade)}")
    return found
