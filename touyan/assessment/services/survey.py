"""A member answers the survey (调查访谈, HN-5.3) about their studio.

Who answered and what they answered are stored apart and never joined: the invitation's
``answered`` flag names the member; the ``SurveyAnswer`` row has the answers, a random key, no
respondent and no time. The audit entry is written against the invitation — the member, the
flag, nothing more: it holds neither the answers nor the answer's key, so the trail, which
shows who acted and when, cannot lead to what was answered either.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.programmes.access import access_of

from ..models import Case, SurveyAnswer, SurveyInvitation
from ..rubric import rubric_of
from ..selectors import survey_is_open
from ..states import ROUND

LEVELS = range(1, 6)


@transaction.atomic
def answer_survey(
    *, actor: Actor, case: Case, answers: dict[str, int], today: dt.date | None = None
) -> None:
    """Record the member's answers (question code → 1–5, every question of the round's frozen
    survey) once, while the round prepares and its window is open."""
    require(actor, "assessment.answer_survey", case)
    principal = access_of(actor.user).principal_id if actor.user is not None else None
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("case__round__programme")
        .filter(case=case, principal_id=principal)
        .first()
    )
    if invitation is None:
        raise PermissionDenied(_("您不在这份调查的邀请之列"))
    case = invitation.case
    round_ = case.round
    ROUND.check(round_, "answer_survey")
    if not survey_is_open(case, today):
        raise ValidationError(_("调查不在开放时间内"))
    if invitation.answered:
        raise ValidationError(_("您已经提交过这份调查，每人只能回答一次"))
    SurveyAnswer.objects.create(case=case, answers=_checked(round_, answers))
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=invitation,
        scope_code=round_.programme.jurisdiction_id,
        changes={"answered": [False, True]},
    )


def _checked(round_, answers: dict) -> dict[str, int]:
    questions = rubric_of(round_).survey
    errors = {}
    checked = {}
    for question in questions:
        value = answers.get(question.code)
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value not in LEVELS:
            errors[question.code] = _("请为这一题选择 1 到 5 中的一项")
        else:
            checked[question.code] = value
    if set(answers) - {q.code for q in questions}:
        errors["__all__"] = _("答卷中有本调查没有的题目")
    if errors:
        raise ValidationError(errors)
    return checked
