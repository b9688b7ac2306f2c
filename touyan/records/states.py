"""A trainee's research project through its stages in one table (HZ-3.3.2): 申报 → 立项 or
未立项; 立项 → 中期 → 结题 (a project may also be concluded without a mid-term check)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import Workflow, step

from .models import ResearchProject

S = ResearchProject.Stage

PROJECT = Workflow(
    ResearchProject,
    field="stage",
    steps={
        "approve": step(S.APPLIED, to=S.APPROVED),
        "reject": step(S.APPLIED, to=S.REJECTED),
        "midterm": step(S.APPROVED, to=S.MIDTERM),
        "conclude": step(S.APPROVED, S.MIDTERM, to=S.CONCLUDED),
    },
    current=_("课题当前为“%(stage)s”，本次操作未执行"),
    related=("leader__school",),
    scope=lambda project: (
        project.studio.region_id if project.studio_id else project.leader.school.region_id
    ),
)

# The stages that count for the rules (HZ-3.T): a project once approved.
COUNTED = frozenset({S.APPROVED, S.MIDTERM, S.CONCLUDED})
