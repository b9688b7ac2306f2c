"""The studio's workflows, one table each: a prospectus (the host submits, the centre approves
or returns, and editing a submitted or approved text takes it back to editing), and a member's
part of a task (the member hands it in, the host accepts it or returns it with a comment, and a
returned part is handed in again)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import Stamp, Workflow, step

from .models import Assignment, Prospectus

S = Prospectus.Status

PROSPECTUS = Workflow(
    Prospectus,
    steps={
        "revise": step(S.SUBMITTED, S.APPROVED, to=S.DRAFT),
        "submit": step(
            S.DRAFT,
            S.RETURNED,
            to=S.SUBMITTED,
            refused={
                S.SUBMITTED: _("已提交，等待培训中心审核"),
                S.APPROVED: _("这一版本已审核公开"),
            },
        ),
        "approve": step(S.SUBMITTED, to=S.APPROVED),
        "return": step(S.SUBMITTED, to=S.RETURNED),
    },
    stamp=Stamp(
        who="reviewer_name", when="reviewed_at", states=frozenset({S.APPROVED, S.RETURNED})
    ),
    already=_("简介已是“%(status)s”（%(who)s，%(when)s），本次操作未重复执行"),
    current=_("简介当前为“%(status)s”，本次操作未执行"),
    related=("studio__programme",),
    scope=lambda prospectus: prospectus.studio.region_id,
)

A = Assignment.Status

ASSIGNMENT = Workflow(
    Assignment,
    steps={
        "submit": step(
            A.ASSIGNED,
            A.RETURNED,
            to=A.SUBMITTED,
            refused={
                A.SUBMITTED: _("已提交，等待主持人审阅"),
                A.ACCEPTED: _("主持人已确认完成，无需再提交"),
            },
        ),
        "accept": step(A.SUBMITTED, to=A.ACCEPTED),
        "return": step(A.SUBMITTED, to=A.RETURNED),
    },
    stamp=Stamp(
        who="reviewer_name", when="reviewed_at", states=frozenset({A.ACCEPTED, A.RETURNED})
    ),
    already=_("任务已是“%(status)s”（%(who)s，%(when)s），本次操作未重复执行"),
    current=_("任务当前为“%(status)s”，本次操作未执行"),
    related=("task__studio", "member__principal"),
    scope=lambda assignment: assignment.task.studio.region_id,
)

# The parts still the member's to do.
OPEN = frozenset({A.ASSIGNED, A.RETURNED})
