"""A removal case's workflow (HZ-3.4.1): opened → answered by the trainee → decided by the
centre; the centre may also decide an unanswered case once the answer period is over."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import Stamp, Workflow, step

from .models import RemovalCase

S = RemovalCase.State


def _scope(case: RemovalCase) -> str:
    return case.trainee.principal.school.region_id


REMOVAL = Workflow(
    RemovalCase,
    field="state",
    steps={
        "answer": step(S.OPEN, to=S.ANSWERED, refused={S.ANSWERED: _("已提交申辩意见")}),
        "decide": step(S.OPEN, S.ANSWERED, to=S.DECIDED),
    },
    stamp=Stamp(who="decided_by", when="decided_at", states=frozenset({S.DECIDED})),
    already=_("淘汰审议已于 %(when)s 由 %(who)s 作出决定，本次操作未执行"),
    current=_("淘汰审议当前为“%(status)s”，本次操作未执行"),
    related=("trainee__principal__school", "trainee__cohort__programme"),
    scope=_scope,
)
