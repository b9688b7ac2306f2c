"""A trainee's research project through its stages (HZ-3.3.2): the trainee (or the centre)
registers the application, then records 立项 with its approval number, or 未立项, the mid-term
check and the conclusion, each with its date. Every step goes through ``states.PROJECT`` (row
lock, state check, audit). Only a project once approved counts for the rules (HZ-3.T)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.compliance.freshness import touch
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.text import too_long
from touyan.programmes.models import Trainee

from .models import Level, ResearchProject
from .states import PROJECT


@transaction.atomic
def register_project(
    *,
    actor: Actor,
    trainee: Trainee,
    title: str,
    level: str,
    applied_on: dt.date,
    funder: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> ResearchProject:
    """A project the trainee leads, at 申报 (applied)."""
    require(actor, "records.register_project", trainee, _("您无权为这位培养人选登记课题"))
    title, funder = (title or "").strip(), (funder or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写课题名称")})
    if level not in Level.values:
        raise ValidationError({"level": _("请选择立项级别")})
    if problems := too_long(ResearchProject, {"title": title, "funder": funder}):
        raise ValidationError(problems)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("计划结题日期不能早于研究起始日期")})
    programme = trainee.cohort.programme
    touch(programme.pk)
    project = ResearchProject.objects.create(
        programme=programme,
        leader=trainee.principal,
        title=title,
        level=level,
        stage=ResearchProject.Stage.APPLIED,
        funder=funder,
        applied_on=applied_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=project,
        scope_code=trainee.principal.school.region_id,
        changes={
            "title": [None, title],
            "level": [None, level],
            "leader": [None, trainee.principal.name],
            "stage": [None, project.stage],
            "applied_on": [None, applied_on.isoformat()],
        },
    )
    return project


def _not_before(day: dt.date, earlier: dt.date | None, field: str, message: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError({field: message})


@transaction.atomic
def approve_project(
    *, actor: Actor, project: ResearchProject, approval_number: str, approved_on: dt.date
) -> ResearchProject:
    """立项: the approval number and date the funder gave."""
    require(
        actor,
        "records.decide_project",
        project,
        _("立项、未立项与结题由培训中心据立项单位的文件登记"),
    )
    project = PROJECT.lock(project)
    PROJECT.check(project, "approve")
    approval_number = (approval_number or "").strip()
    if not approval_number:
        raise ValidationError({"approval_number": _("请填写立项编号")})
    if problems := too_long(ResearchProject, {"approval_number": approval_number}):
        raise ValidationError(problems)
    _not_before(approved_on, project.applied_on, "approved_on", _("立项日期不能早于申报日期"))
    touch(project.programme_id)
    return PROJECT.move(
        actor=actor,
        obj=project,
        action="approve",
        fields={"approval_number": approval_number, "approved_on": approved_on},
        changes={
            "approval_number": ["", approval_number],
            "approved_on": [None, approved_on.isoformat()],
        },
        note=_("立项"),
    )


@transaction.atomic
def reject_project(
    *, actor: Actor, project: ResearchProject, decided_on: dt.date, note: str = ""
) -> ResearchProject:
    """未立项: the application was not approved (the date and note are kept in the trail)."""
    require(
        actor,
        "records.decide_project",
        project,
        _("立项、未立项与结题由培训中心据立项单位的文件登记"),
    )
    project = PROJECT.lock(project)
    PROJECT.check(project, "reject")
    _not_before(decided_on, project.applied_on, "decided_on", _("日期不能早于申报日期"))
    touch(project.programme_id)
    return PROJECT.move(
        actor=actor,
        obj=project,
        action="reject",
        changes={"decided_on": [None, decided_on.isoformat()]},
        note=(note or "").strip()[:500] or _("未立项"),
    )


@transaction.atomic
def record_midterm(
    *, actor: Actor, project: ResearchProject, midterm_on: dt.date
) -> ResearchProject:
    """中期: the mid-term check was passed on ``midterm_on``."""
    require(actor, "records.change_project", project, _("您无权登记这个课题的进展"))
    project = PROJECT.lock(project)
    PROJECT.check(project, "midterm")
    _not_before(midterm_on, project.approved_on, "midterm_on", _("中期检查日期不能早于立项日期"))
    touch(project.programme_id)
    return PROJECT.move(
        actor=actor,
        obj=project,
        action="midterm",
        fields={"midterm_on": midterm_on},
        changes={"midterm_on": [None, midterm_on.isoformat()]},
        note=_("中期检查"),
    )


@transaction.atomic
def conclude_project(
    *, actor: Actor, project: ResearchProject, concluded_on: dt.date
) -> ResearchProject:
    """结题 on ``concluded_on``."""
    require(
        actor,
        "records.decide_project",
        project,
        _("立项、未立项与结题由培训中心据立项单位的文件登记"),
    )
    project = PROJECT.lock(project)
    PROJECT.check(project, "conclude")
    earlier = project.midterm_on or project.approved_on
    _not_before(concluded_on, earlier, "concluded_on", _("结题日期不能早于立项或中期检查日期"))
    touch(project.programme_id)
    return PROJECT.move(
        actor=actor,
        obj=project,
        action="conclude",
        fields={"concluded_on": concluded_on},
        changes={"concluded_on": [None, concluded_on.isoformat()]},
        note=_("结题"),
    )


STEPS = {
    "approve": approve_project,
    "reject": reject_project,
    "midterm": record_midterm,
    "conclude": conclude_project,
}
