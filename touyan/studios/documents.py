"""The host's documents (HN-4.2.1): 工作制度, 学习制度, 工作方案, 工作计划 and 成员培养计划.

They are not a store of their own: each saved version is a studio deliverable
(``records.Deliverable``) of the policy's kind the document counts for, marked with the
document's code, so that the compliance rules reading those kinds (``hn-studio-rules``,
``hn-work-plan``, ``hn-member-training-plan``) see them. A programme whose policy has no such
kind offers no such document."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from touyan.programmes.models import Programme
from touyan.programmes.policy import spec_of


@dataclass(frozen=True)
class HostDocument:
    code: str
    label: str | Promise
    # The policy's deliverable kind the document's versions are handed in as.
    kind: str
    hint: str | Promise = ""


HOST_DOCUMENTS = (
    HostDocument("work_rules", _("工作制度"), "studio_rules", _("工作室的运行、例会、考勤等制度")),
    HostDocument("study_rules", _("学习制度"), "studio_rules", _("读书、研修、线上学习等制度")),
    HostDocument("work_programme", _("工作方案"), "work_plan", _("工作周期内的总体方案")),
    HostDocument("work_plan", _("工作计划"), "work_plan", _("学年或学期的具体安排")),
    HostDocument(
        "member_training_plan",
        _("成员培养计划"),
        "member_training_plan",
        _("成员培养的目标、途径与考核"),
    ),
)
BY_CODE = {document.code: document for document in HOST_DOCUMENTS}


def documents_of(programme: Programme) -> list[HostDocument]:
    """The host documents the programme's policy has a deliverable kind for."""
    spec = spec_of(programme)
    return [d for d in HOST_DOCUMENTS if spec.deliverable_kind(d.kind) is not None]


def document_of(programme: Programme, code: str) -> HostDocument | None:
    return next((d for d in documents_of(programme) if d.code == code), None)
