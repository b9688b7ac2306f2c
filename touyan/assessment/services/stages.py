"""A round's moves into and out of expert scoring.

``start_scoring`` (准备材料 → 专家评审): every case still unsubmitted is frozen as it stands,
every case has its experts, and the experts are told. ``close_scoring`` (专家评审 → 结果审定):
every case is scored and every flagged case moderated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.notifications.services import notify

from ..models import Assessor, Case, Round, Score
from ..states import ROUND
from .dossiers import freeze_unsubmitted
from .panel import missing_experts


@transaction.atomic
def start_scoring(*, actor: Actor, round_: Round, now: dt.datetime | None = None) -> Round:
    round_ = ROUND.lock(round_)
    require(actor, "assessment.manage_round", round_)
    ROUND.check(round_, "start_scoring")
    if round_.assessed_by != Assessor.EXPERTS:
        raise ValidationError(_("本轮考核不由专家组评审"))
    if not round_.cases.exists():
        raise ValidationError(_("本轮考核没有考核对象"))
    short = missing_experts(round_)
    if short:
        raise ValidationError(
            _("还有 %(count)d 个考核对象未配足评审专家，请先完成分配") % {"count": short}
        )
    freeze_unsubmitted(actor=actor, round_=round_, now=now)
    round_ = ROUND.move(actor=actor, obj=round_, action="start_scoring")
    loads = Counter(
        Score.objects.filter(case__round=round_, for_review=False).values_list(
            "expert_id", flat=True
        )
    )
    url = reverse("assessment:expert_cases")
    for expert in User.objects.filter(pk__in=loads):
        notify(
            users=[expert],
            title=_("%(round)s：请评审 %(count)d 个考核对象")
            % {"round": round_.name, "count": loads[expert.pk]},
            url=url,
        )
    return round_


@transaction.atomic
def close_scoring(*, actor: Actor, round_: Round) -> Round:
    round_ = ROUND.lock(round_)
    require(actor, "assessment.manage_round", round_)
    ROUND.check(round_, "close_scoring")
    waiting = round_.cases.exclude(status=Case.Status.SCORED).count()
    if waiting:
        raise ValidationError(
            _("还有 %(count)d 个考核对象未评审完成，不能结束评审") % {"count": waiting}
        )
    flagged = round_.cases.filter(needs_moderation=True).count()
    if flagged:
        raise ValidationError(
            _("还有 %(count)d 个考核对象需合议，请合议后再结束评审") % {"count": flagged}
        )
    return ROUND.move(actor=actor, obj=round_, action="close_scoring")
