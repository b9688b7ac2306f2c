"""Experts score the frozen dossier: 0–100 per criterion with a remark, and an overall comment.

A score may be saved as a draft any number of times and is then submitted once. When the last
expert of a case submits, the case gets the mean of the experts' weighted totals, their spread,
the moderation flag when the spread passes the policy's threshold, and the grade the thresholds
propose (HN-5.4); the case is then scored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.transitions import AlreadyDone
from touyan.policies import schema
from touyan.policies.names import shown

from .. import rubric as arithmetic
from ..models import Case, Score
from ..rubric import rubric_of
from ..states import CASE, ROUND

REMARK_LENGTH = 1000
COMMENT_LENGTH = 4000


def pass_mark(rubric: schema.Assessment) -> int | None:
    """The lowest threshold above zero: below it the proposed grade is the failing one."""
    marks = [g.at_least for g in rubric.grades if g.at_least]
    return min(marks) if marks else None


def _cleaned_points(rubric: schema.Assessment, points: dict, *, complete: bool) -> dict[str, int]:
    cleaned, problems = {}, []
    codes = {c.code for c in rubric.rubric}
    if set(points) - codes:
        problems.append(_("评分项与评分细则不符"))
    for criterion in rubric.rubric:
        value = points.get(criterion.code)
        if value is None or value == "":
            if complete:
                problems.append(_("请为“%(name)s”打分") % {"name": shown(criterion)})
            continue
        if isinstance(value, bool) or not isinstance(value, int | str):
            value = "x"
        try:
            value = int(str(value).strip())
        except ValueError:
            problems.append(_("“%(name)s”的得分须为整数") % {"name": shown(criterion)})
            continue
        if not 0 <= value <= 100:
            problems.append(_("“%(name)s”的得分应在 0 到 100 之间") % {"name": shown(criterion)})
            continue
        cleaned[criterion.code] = value
    if problems:
        raise ValidationError(problems)
    return cleaned


def _cleaned_remarks(rubric: schema.Assessment, remarks: dict) -> dict[str, str]:
    cleaned = {}
    for criterion in rubric.rubric:
        text = (remarks.get(criterion.code) or "").strip()
        if len(text) > REMARK_LENGTH:
            raise ValidationError(
                _("“%(name)s”的意见不能超过 %(n)d 字")
                % {"name": shown(criterion), "n": REMARK_LENGTH}
            )
        if text:
            cleaned[criterion.code] = text
    return cleaned


def _open_score(actor: Actor, score: Score) -> tuple[Case, Score]:
    """The case and the score, locked in that order (so two experts finishing a case at once
    are taken one after the other), or the refusal."""
    case = CASE.lock(score.case)
    score = Score.objects.select_for_update().get(pk=score.pk)
    score.case = case
    require(actor, "assessment.score", score)
    if score.submitted_at:
        raise AlreadyDone(
            _("这份评分已于 %(at)s 提交")
            % {"at": timezone.localtime(score.submitted_at).strftime("%Y-%m-%d %H:%M")}
        )
    ROUND.check(case.round, "score")
    CASE.check(case, "score")
    return case, score


def _fill(score: Score, rubric, points, remarks, comment, *, complete: bool) -> None:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_LENGTH:
        raise ValidationError({"comment": _("总体意见不能超过 %(n)d 字") % {"n": COMMENT_LENGTH}})
    score.points = _cleaned_points(rubric, points, complete=complete)
    score.remarks = _cleaned_remarks(rubric, remarks)
    score.comment = comment
    complete_points = len(score.points) == len(rubric.rubric)
    score.total = arithmetic.weighted_total(rubric, score.points) if complete_points else None


@transaction.atomic
def save_score(
    *, actor: Actor, score: Score, points: dict, remarks: dict | None = None, comment: str = ""
) -> Score:
    """Keep the expert's work so far (points may be missing); nothing is submitted."""
    case, score = _open_score(actor, score)
    _fill(score, rubric_of(case.round), points, remarks or {}, comment, complete=False)
    score.save(update_fields=["points", "remarks", "comment", "total"])
    return score


@transaction.atomic
def submit_score(
    *,
    actor: Actor,
    score: Score,
    points: dict,
    remarks: dict | None = None,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Score:
    """Hand the score in: every criterion scored, a comment when the total is below the pass
    mark. The last expert's submission completes the case."""
    case, score = _open_score(actor, score)
    rubric = rubric_of(case.round)
    _fill(score, rubric, points, remarks or {}, comment, complete=True)
    mark = pass_mark(rubric)
    if mark is not None and score.total < mark and not score.comment:
        raise ValidationError(
            {"comment": _("总分低于 %(mark)d 分，请填写总体意见说明理由") % {"mark": mark}}
        )
    score.submitted_at = now or timezone.now()
    score.save(update_fields=["points", "remarks", "comment", "total", "submitted_at"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=score,
        scope_code=case.round.programme.jurisdiction_id,
        changes={"total": [None, str(score.total)]},
    )
    if not case.scores.filter(for_review=False, submitted_at__isnull=True).exists():
        complete_case(actor=actor, case=case)
    return score


def complete_case(*, actor: Actor, case: Case) -> Case:
    """The case's score from its experts' totals; called in the caller's transaction with the
    case locked."""
    rubric = rubric_of(case.round)
    totals = list(
        case.scores.filter(for_review=False, submitted_at__isnull=False).values_list(
            "total", flat=True
        )
    )
    mean = arithmetic.mean(totals)
    spread = arithmetic.spread(totals)
    flagged = spread > Decimal(rubric.spread)
    return CASE.move(
        actor=actor,
        obj=case,
        action="complete_scoring",
        fields={
            "score": mean,
            "spread": spread,
            "needs_moderation": flagged,
            "proposed_grade": arithmetic.proposed_grade(rubric, mean),
        },
        changes={"score": [None, str(mean)], "spread": [None, str(spread)]},
        note=_("分差 %(spread)s 分，超过 %(limit)d 分，需合议")
        % {"spread": spread, "limit": rubric.spread}
        if flagged
        else "",
    )
