"""A round's frozen rubric and the arithmetic on it: weighted totals and proposed grades.

The round keeps the policy's ``[assessment]`` as it was when the round opened (``Round.rubric``,
the schema's JSON form, restricted to the round's grades); everything here reads that copy, so a
later policy version never changes a round already open.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from touyan.policies import schema
from touyan.policies.names import shown

HUNDREDTH = Decimal("0.01")


def freeze(assessment: schema.Assessment, spec: schema.Round) -> dict:
    """The JSON a round keeps: the assessment section with only the round's grades."""
    frozen = assessment.model_dump(mode="json", exclude={"rounds"})
    if spec.grades:
        frozen["grades"] = [g for g in frozen["grades"] if g["code"] in spec.grades]
    return frozen


def rubric_of(round_) -> schema.Assessment:
    """The round's frozen rubric, parsed once per round object."""
    cached = getattr(round_, "_rubric", None)
    if cached is None:
        cached = schema.Assessment.model_validate(round_.rubric)
        round_._rubric = cached
    return cached


def weighted_total(rubric: schema.Assessment, points: dict[str, int | float | Decimal]) -> Decimal:
    """Σ points × weight / 100 over the rubric's criteria, to the hundredth; every criterion
    must have points (0–100)."""
    total = sum((Decimal(str(points[c.code])) * c.weight for c in rubric.rubric), start=Decimal(0))
    return (total / 100).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def mean(totals: list[Decimal]) -> Decimal:
    return (sum(totals, start=Decimal(0)) / len(totals)).quantize(HUNDREDTH, ROUND_HALF_UP)


def spread(totals: list[Decimal]) -> Decimal:
    return max(totals) - min(totals)


def proposed_grade(rubric: schema.Assessment, score: Decimal) -> str:
    """The grade with the highest threshold the score reaches ('' when none does)."""
    reached = [g for g in rubric.grades if g.at_least is not None and score >= g.at_least]
    return max(reached, key=lambda g: g.at_least).code if reached else ""


def grade_name(rubric: schema.Assessment, code: str) -> str:
    grade = rubric.grade(code)
    return shown(grade) if grade else code
