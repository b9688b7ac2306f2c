"""What pages of several audiences show of a round: its stages as steps, its frozen rubric, and
each expert's scoring of a case."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.policies.names import shown

from .models import Assessor, Round
from .rubric import grade_name, rubric_of

STAGES = {
    Round.Stage.PREPARING: _("准备材料"),
    Round.Stage.SCORING: _("专家评审"),
    Round.Stage.DECIDING: _("结果审定"),
    Round.Stage.PUBLISHED: _("公布结果"),
}


def stage_steps(round_: Round) -> list[dict]:
    """The stages in order, each done, current or to come; rounds graded by a host or the
    centre have no expert scoring."""
    order = [
        s for s in STAGES if s != Round.Stage.SCORING or round_.assessed_by == Assessor.EXPERTS
    ]
    position = order.index(round_.stage) if round_.stage in order else 0
    return [
        {
            "label": STAGES[stage],
            "state": "done" if i < position else "current" if i == position else "todo",
        }
        for i, stage in enumerate(order)
    ]


def rubric_rows(round_: Round) -> list[dict]:
    """The frozen criteria with their weights, methods and level descriptors by grade name."""
    rubric = rubric_of(round_)
    return [
        {
            "code": criterion.code,
            "name": shown(criterion),
            "weight": criterion.weight,
            "methods": criterion.methods,
            "levels": [
                {"grade": grade_name(rubric, level.grade), "text": level.text}
                for level in criterion.levels
            ],
        }
        for criterion in rubric.rubric
    ]


def grade_rows(round_: Round) -> list[dict]:
    rubric = rubric_of(round_)
    return [
        {"code": g.code, "name": shown(g), "at_least": g.at_least, "consequence": g.consequence}
        for g in rubric.grades
    ]


def score_rows(round_: Round, score) -> list[dict]:
    """One expert's points and remarks, criterion by criterion."""
    rubric = rubric_of(round_)
    return [
        {
            "name": shown(criterion),
            "weight": criterion.weight,
            "points": (score.points or {}).get(criterion.code),
            "remark": (score.remarks or {}).get(criterion.code, ""),
        }
        for criterion in rubric.rubric
    ]


def proposed_name(round_: Round, code: str) -> str:
    return grade_name(rubric_of(round_), code) if code else ""
