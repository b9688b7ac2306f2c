"""A disbursement's workflow: the centre requests, the authority approves or refuses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import Stamp, Workflow, step

from .models import Disbursement

S = Disbursement.Status

DISBURSEMENT = Workflow(
    Disbursement,
    steps={
        "approve": step(S.REQUESTED, to=S.APPROVED),
        "refuse": step(S.REQUESTED, to=S.REFUSED),
    },
    stamp=Stamp(who="decider_name", when="decided_at", states=frozenset({S.APPROVED, S.REFUSED})),
    already=_("拨付已是“%(status)s”（%(who)s，%(when)s），本次操作未重复执行"),
    current=_("拨付当前为“%(status)s”，本次操作未执行"),
    related=("budget__programme",),
    scope=lambda disbursement: disbursement.budget.programme.jurisdiction_id,
)
