"""Writing the shared record: activities, attendance, curriculum credits, deliverables and
research projects. Codes are checked against the programme's policy; every write is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import build_entry, field_changes, record, record_many, snapshot
from touyan.compliance.freshness import touch
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.text import too_long
from touyan.core.uploads import DOCUMENTS, atomic_with_files, prepare_upload, save_file
from touyan.people.models import Principal, School
from touyan.programmes.models import Cohort, Programme, Studio, StudioMember, Trainee
from touyan.programmes.policy import spec_of

from . import leave
from .documents import document_text
from .lengths import MAX_DECLARED_CHARS
from .models import (
    Activity,
    Attendance,
    Audience,
    CountSource,
    CurriculumCredit,
    Deliverable,
    Organiser,
    ResearchOutcome,
    ResearchProject,
)
from .periods import outside_span
from .selectors import participants_recorded_by
from .text import char_count

ACTIVITY_FIELDS = (
    "activity_type",
    "title",
    "date",
    "end_date",
    "start_time",
    "end_time",
    "place",
    "place_school",
    "level",
    "topic",
    "hours",
    "description",
)


def _may_record(actor: Actor, programme: Programme, studios, cohort: Cohort | None) -> None:
    require(actor, "records.add_activity", programme, _("您无权为这个项目记录活动"))
    for studio in studios:
        require(
            actor,
            "records.record_for",
            studio,
            _("您只能为自己主持的工作室记录活动；几个工作室的联合活动由培训中心登记"),
        )
    if cohort is not None:
        require(
            actor,
            "records.record_for",
            cohort,
            _("本项目中没有培训班 %(id)s，或您无权为其记录活动") % {"id": cohort.pk},
        )


def may_change(actor: Actor, activity: Activity) -> None:
    require(actor, "records.change_activity", activity, _("您无权修改这个活动的记录"))


def _check_activity(programme: Programme, fields: dict, cohort: Cohort | None) -> None:
    spec = spec_of(programme)
    errors = too_long(Activity, fields)
    if spec.activity_type(fields["activity_type"]) is None:
        errors["activity_type"] = _("项目政策中没有活动类型“%(code)s”") % {
            "code": fields["activity_type"]
        }
    topic = fields.get("topic") or ""
    if topic:
        topics = {t.code for t in spec.curriculum.topics} if spec.curriculum else set()
        if topic not in topics:
            errors["topic"] = _("项目政策的课程中没有专题“%(code)s”") % {"code": topic}
        if not fields.get("hours"):
            errors["hours"] = _("课程专题的活动须填写学时")
    end_date = fields.get("end_date")
    if end_date and end_date < fields["date"]:
        errors["end_date"] = _("结束日期不能早于开始日期")
    problem = outside_span(programme, cohort, fields["date"])
    if problem:
        errors["date"] = problem
    problem = outside_span(programme, cohort, end_date)
    if problem and "end_date" not in errors:
        errors["end_date"] = problem
    if errors:
        raise ValidationError(errors)


def _founders_cohort(studios: Sequence[Studio]) -> Cohort | None:
    """A trainee's own studio (HZ-3.3.3) works within its founder's cohort's course, not the
    programme's first cycle."""
    for studio in studios:
        if studio.founder_id is not None:
            return studio.founder.cohort
    return None


def _check_organisers(
    programme: Programme, studios: Sequence[Studio], cohort: Cohort | None
) -> None:
    if bool(studios) == bool(cohort):
        raise ValidationError({"organisers": _("活动须由一个或几个工作室、或由一个培训班组织")})
    if any(studio.programme_id != programme.pk for studio in studios) or (
        cohort is not None and cohort.programme_id != programme.pk
    ):
        raise ValidationError({"organisers": _("组织方不属于本项目")})


@transaction.atomic
def create_activity(
    *,
    actor: Actor,
    programme: Programme,
    studios: Sequence[Studio] = (),
    cohort: Cohort | None = None,
    activity_type: str,
    title: str,
    date: dt.date,
    end_date: dt.date | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str = "",
    place_school: School | None = None,
    level: str = "",
    topic: str = "",
    hours: Decimal | None = None,
    description: str = "",
    audience: Sequence[int] | None = None,
) -> Activity:
    """``audience``: the principals the activity is held for when it is not held for everyone
    its organisers bring (see ``Audience``)."""
    fields = dict(
        activity_type=activity_type,
        title=title,
        date=date,
        end_date=end_date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        place_school=place_school,
        level=level,
        topic=topic,
        hours=hours,
        description=description,
    )
    _may_record(actor, programme, studios, cohort)
    _check_organisers(programme, studios, cohort)
    _check_activity(programme, fields, cohort or _founders_cohort(studios))
    _refuse_duplicate_activity(programme, studios, cohort, fields)
    touch(programme.pk)
    activity = Activity.objects.create(programme=programme, created_by=actor.user, **fields)
    Organiser.objects.bulk_create(
        [Organiser(activity=activity, studio=studio) for studio in studios]
        + ([Organiser(activity=activity, cohort=cohort)] if cohort else [])
    )
    changes = field_changes({}, snapshot(activity, ACTIVITY_FIELDS))
    changes["organisers"] = [
        None,
        "、".join(str(o) for o in (*studios, *([cohort] if cohort else []))),
    ]
    if audience is not None:
        changes["audience"] = [None, _hold_for(activity, audience)]
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=activity,
        scope_code=_scope(programme, studios),
        changes=changes,
    )
    return activity


def _hold_for(activity: Activity, audience: Sequence[int]) -> str:
    """Limit who is expected at ``activity`` to ``audience``; returns their names."""
    everyone = expected_participants(activity)
    wanted = list(dict.fromkeys(audience))
    if not wanted:
        raise ValidationError({"audience": _("请选择参加活动的人员")})
    strangers = [pk for pk in wanted if pk not in everyone]
    if strangers:
        names = "、".join(Principal.objects.filter(pk__in=strangers).values_list("name", flat=True))
        raise ValidationError(
            {"audience": _("不是本次活动应到人员：%(names)s") % {"names": names or strangers}}
        )
    Audience.objects.bulk_create(Audience(activity=activity, principal_id=pk) for pk in wanted)
    return "、".join(everyone[pk].name for pk in wanted)


def _refuse_duplicate_activity(programme, studios, cohort, fields) -> None:
    """The same activity entered twice (a double click, a second person) would count twice."""
    same = Activity.objects.select_for_update().filter(
        programme=programme,
        activity_type=fields["activity_type"],
        title=fields["title"],
        date=fields["date"],
        start_time=fields.get("start_time"),
        place_school=fields.get("place_school"),
    )
    wanted = {("studio", s.pk) for s in studios} | ({("cohort", cohort.pk)} if cohort else set())
    for activity in same.prefetch_related("organisers"):
        organisers = {
            ("studio", o.studio_id) if o.studio_id else ("cohort", o.cohort_id)
            for o in activity.organisers.all()
        }
        if organisers == wanted:
            raise ValidationError(
                {
                    "title": _("%(date)s 的“%(title)s”已经登记过，不能重复登记")
                    % {"date": fields["date"].isoformat(), "title": fields["title"]}
                }
            )


@transaction.atomic
def update_activity(*, actor: Actor, activity: Activity, **fields) -> Activity:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"not activity fields: {sorted(unknown)}")
    may_change(actor, activity)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    before = snapshot(activity, ACTIVITY_FIELDS)
    for name, value in fields.items():
        setattr(activity, name, value)
    organisers = list(activity.organisers.select_related("cohort", "studio__founder__cohort"))
    cohort = next((o.cohort for o in organisers if o.cohort_id), None) or _founders_cohort(
        [o.studio for o in organisers if o.studio_id]
    )
    _check_activity(
        activity.programme, {name: getattr(activity, name) for name in ACTIVITY_FIELDS}, cohort
    )
    changes = field_changes(before, snapshot(activity, ACTIVITY_FIELDS))
    touch(activity.programme_id)
    if changes:
        activity.save()
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=activity,
            scope_code=activity_scope(activity),
            changes=changes,
        )
    return activity


@transaction.atomic
def delete_activity(*, actor: Actor, activity: Activity) -> None:
    may_change(actor, activity)
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=activity,
        scope_code=activity_scope(activity),
        changes=field_changes(snapshot(activity, ACTIVITY_FIELDS), {}),
    )
    touch(activity.programme_id)
    try:
        activity.delete()
    except ProtectedError as held:
        kinds = sorted({str(obj._meta.verbose_name) for obj in held.protected_objects})
        raise ValidationError(
            _("这次活动已有%(kinds)s记在它名下，不能删除；请先改动或删除这些记录")
            % {"kinds": _("、").join(kinds)}
        ) from None


def _scope(programme: Programme, studios: Sequence[Studio]) -> str:
    return studios[0].region_id if len(studios) == 1 else programme.jurisdiction_id


def activity_scope(activity: Activity) -> str:
    studios = [o.studio for o in activity.organisers.select_related("studio") if o.studio_id]
    return _scope(activity.programme, studios)


def expected_participants(activity: Activity) -> dict[int, Principal]:
    """Who is expected at an activity: the hosts and current members of its studios, or the
    active trainees of its cohort."""
    studio_ids = [o.studio_id for o in activity.organisers.all() if o.studio_id]
    cohort_ids = [o.cohort_id for o in activity.organisers.all() if o.cohort_id]
    people: dict[int, Principal] = {}
    if studio_ids:
        for studio in Studio.objects.filter(pk__in=studio_ids).select_related("host"):
            people[studio.host_id] = studio.host
        members = StudioMember.objects.filter(
            studio_id__in=studio_ids, joined_on__lte=activity.date
        ).exclude(left_on__lt=activity.date)
        for member in members.select_related("principal"):
            people[member.principal_id] = member.principal
    if cohort_ids:
        trainees = Trainee.objects.filter(
            cohort_id__in=cohort_ids, joined_on__lte=activity.date
        ).exclude(status=Trainee.Status.REMOVED)
        for trainee in trainees.select_related("principal"):
            people[trainee.principal_id] = trainee.principal
    audience = {row.principal_id for row in activity.audience.all()}
    if audience:
        people = {pk: person for pk, person in people.items() if pk in audience}
    return people


@dataclass(frozen=True)
class Mark:
    principal_id: int
    status: str
    presented: bool = False
    note: str = ""


@transaction.atomic
def record_attendance(
    *, actor: Actor, activity: Activity, marks: Iterable[Mark], today: dt.date | None = None
) -> int:
    """Set the attendance of the people named; returns how many rows changed. Marking the same
    thing twice changes nothing and writes no audit entry. An activity not yet held (after
    ``today``, by default the local date) has no attendance yet."""
    marks = list(marks)
    require(actor, "records.take_attendance", activity, _("您无权记录这个活动的考勤"))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.date > (today or timezone.localdate()):
        raise ValidationError(
            {
                "attendance": _("活动在 %(date)s 举行，尚未举行的活动不能登记考勤")
                % {"date": activity.date.isoformat()}
            }
        )
    expected = expected_participants(activity)
    strangers = [m.principal_id for m in marks if m.principal_id not in expected]
    if strangers:
        names = "、".join(
            Principal.objects.filter(pk__in=strangers).values_list("name", flat=True)
        ) or str(strangers)
        raise ValidationError(
            {"attendance": _("不是本次活动应到人员：%(names)s") % {"names": names}}
        )
    # At a joint activity each host marks the people of their own studio.
    allowed = participants_recorded_by(actor.user, activity) if actor.user else None
    for mark in marks:
        if allowed is not None and mark.principal_id not in allowed:
            raise ValidationError(
                {
                    "attendance": _("%(id)s 不属于您主持的工作室，其考勤由中心或其主持人登记")
                    % {"id": mark.principal_id}
                }
            )
    statuses = set(Attendance.Status.values)
    bad = [m for m in marks if m.status not in statuses]
    if bad:
        raise ValidationError({"attendance": _("出勤情况只能是出勤、请假或缺勤")})
    for mark in marks:
        if problem := too_long(Attendance, {"note": mark.note}):
            raise ValidationError({"attendance": problem["note"]})
    existing = {a.principal_id: a for a in Attendance.objects.filter(activity=activity)}
    _refuse_leave_not_granted(actor, activity, marks, existing, expected)
    created, updated, changes = [], [], {}
    for mark in marks:
        row = existing.get(mark.principal_id)
        name = expected[mark.principal_id].name
        if row is None:
            created.append(
                Attendance(
                    activity=activity,
                    principal_id=mark.principal_id,
                    status=mark.status,
                    presented=mark.presented,
                    note=mark.note,
                    recorded_by=actor.user,
                )
            )
            changes[name] = [None, mark.status]
        elif (row.status, row.presented, row.note) != (mark.status, mark.presented, mark.note):
            changes[name] = [row.status, mark.status]
            row.status, row.presented, row.note, row.recorded_by = (
                mark.status,
                mark.presented,
                mark.note,
                actor.user,
            )
            updated.append(row)
    touch(activity.programme_id)
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(updated, ["status", "presented", "note", "recorded_by"])
    if changes:
        record_many(
            [
                build_entry(
                    actor=actor,
                    verb=Verb.UPDATE,
                    target=activity,
                    scope_code=activity_scope(activity),
                    changes=changes,
                    note=_("考勤"),
                )
            ]
        )
    return len(created) + len(updated)


def _refuse_leave_not_granted(actor: Actor, activity, marks, existing, expected) -> None:
    """请假 only for those whose leave was granted where leave is decided (``leave.py``); a
    row already saved as 请假 may be saved again unchanged. The command line and the system
    (the demo, a historical record loaded by an operator) act with the rights they were started
    with, as ``require`` lets them."""
    if actor.user is None:
        return
    excused = leave.excused(activity)
    if excused is None:
        return
    hidden = [
        expected[m.principal_id].name
        for m in marks
        if m.status == Attendance.Status.LEAVE
        and m.principal_id not in excused
        and getattr(existing.get(m.principal_id), "status", None) != Attendance.Status.LEAVE
    ]
    if hidden:
        raise ValidationError(
            {
                "attendance": _(
                    "%(names)s 没有获准的请假，不能登记为请假；未到者请登记为缺勤（未经同意）"
                )
                % {"names": "、".join(hidden)}
            }
        )


@transaction.atomic
def credit_hours(
    *,
    actor: Actor,
    trainee: Trainee,
    topic: str,
    hours: Decimal,
    credited_on: dt.date,
    note: str,
    today: dt.date | None = None,
) -> CurriculumCredit:
    """Hours recognised for a trainee, on a day of the cohort's course not after ``today``."""
    require(actor, "records.record_for", trainee.cohort)
    spec = spec_of(trainee.cohort.programme)
    topics = {t.code for t in spec.curriculum.topics} if spec.curriculum else set()
    errors = too_long(CurriculumCredit, {"note": note})
    if topic not in topics:
        errors["topic"] = _("项目政策的课程中没有专题“%(code)s”") % {"code": topic}
    if hours <= 0:
        errors["hours"] = _("学时须大于零")
    if credited_on > (today or timezone.localdate()):
        errors["credited_on"] = _("认定日期不能晚于今天")
    else:
        problem = outside_span(trainee.cohort.programme, trainee.cohort, credited_on)
        if problem:
            errors["credited_on"] = problem
    if errors:
        raise ValidationError(errors)
    touch(trainee.cohort.programme_id)
    credit = CurriculumCredit.objects.create(
        trainee=trainee, topic=topic, hours=hours, credited_on=credited_on, note=note
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=trainee,
        scope_code=trainee.principal.school.region_id,
        changes={"topic": [None, topic], "hours": [None, str(hours)]},
        note=_("学时认定"),
    )
    return credit


@atomic_with_files()
def submit_deliverable(
    *,
    actor: Actor,
    programme: Programme,
    kind: str,
    title: str,
    studio: Studio | None = None,
    principal: Principal | None = None,
    body: str = "",
    file=None,
    declared_chars: int | None = None,
    submitted_on: dt.date | None = None,
    today: dt.date | None = None,
    document: str = "",
) -> Deliverable:
    """A deliverable of a studio (``studio``), of a member (``studio`` and ``principal``) or of
    a trainee (``principal``). It is handed in on the server's date (``today``, by default the
    local date); only the record import gives ``submitted_on``, the date of a paper record, which
    may not be later (a plan written before the cycle counts for it, so no earlier bound). Its length is counted from ``body``, else from the text of ``file`` (.docx,
    PDF with a text layer); a file without readable text carries the length its author declares,
    待核实 until the centre verifies it. ``document`` marks a version of a studio's host
    document (``touyan.studios.services.documents``)."""
    require(actor, "records.submit_deliverable", programme, _("您无权在这个项目中提交成果"))
    require(
        actor,
        "records.hand_in",
        Deliverable(programme=programme, studio=studio, principal=principal),
        _("您不能为所指的工作室或人员提交成果"),
    )
    today = today or timezone.localdate()
    submitted_on = submitted_on or today
    spec = spec_of(programme)
    errors = too_long(Deliverable, {"kind": kind, "title": title, "body": body})
    if spec.deliverable_kind(kind) is None:
        errors["kind"] = _("项目政策中没有成果类型“%(code)s”") % {"code": kind}
    if studio is None and principal is None:
        errors["principal"] = _("须指明成果属于哪个工作室或哪位人员")
    if studio is not None and studio.programme_id != programme.pk:
        errors["studio"] = _("工作室不属于本项目")
    if (
        principal is not None
        and studio is not None
        and principal.pk != studio.host_id
        and not StudioMember.objects.filter(studio=studio, principal=principal).exists()
    ):
        errors["principal"] = _("%(name)s 不是该工作室的成员") % {"name": principal.name}
    if (
        principal is not None
        and studio is None
        and not Trainee.objects.filter(cohort__programme=programme, principal=principal).exists()
    ):
        errors["principal"] = _("%(name)s 不是本项目的培养人选") % {"name": principal.name}
    if not body.strip() and not file:
        errors["body"] = _("请填写正文或上传附件")
    if submitted_on > today:
        errors["submitted_on"] = _("提交日期不能晚于今天")
    if (
        not errors
        and Deliverable.objects.filter(
            programme=programme,
            kind=kind,
            title=title,
            studio=studio,
            principal=principal,
            submitted_on=submitted_on,
            body=body,
        ).exists()
    ):
        errors["title"] = _("《%(title)s》已在 %(date)s 提交过，不能重复提交") % {
            "title": title,
            "date": submitted_on.isoformat(),
        }
    if errors:
        raise ValidationError(errors)
    length, source = _length_of(body, file, declared_chars)
    deliverable = Deliverable(
        programme=programme,
        kind=kind,
        title=title,
        studio=studio,
        principal=principal,
        document=document,
        body=body,
        submitted_on=submitted_on,
        char_count=length,
        count_source=source,
        created_by=actor.user,
    )
    if file:
        _type, content = prepare_upload(file, DOCUMENTS, kind="deliverable")
        save_file(deliverable.file, content)
    touch(deliverable.programme_id)
    deliverable.save()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=deliverable,
        scope_code=_deliverable_scope(deliverable),
        changes={
            "kind": [None, kind],
            "title": [None, title],
            "char_count": [None, length],
            "count_source": [None, source],
            "submitted_on": [None, submitted_on.isoformat()],
            **({"document": [None, document]} if document else {}),
        },
    )
    return deliverable


def _length_of(body: str, file, declared: int | None) -> tuple[int, str]:
    if body.strip():
        return char_count(body), CountSource.BODY
    text = document_text(file) if file else None
    if text is not None:
        return char_count(text), CountSource.DOCUMENT
    return declared or 0, CountSource.DECLARED


def _deliverable_scope(deliverable: Deliverable) -> str:
    if deliverable.studio is not None:
        return deliverable.studio.region_id
    return deliverable.principal.school.region_id


@transaction.atomic
def verify_char_count(*, actor: Actor, deliverable: Deliverable, char_count: int) -> Deliverable:
    """The centre has checked a declared length against the document: from now on it counts.
    ``char_count`` is the length the centre found (the declared one, or a corrected one)."""
    require(actor, "records.verify_deliverable", deliverable)
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if deliverable.count_source != CountSource.DECLARED:
        raise ValidationError(_("这份成果的字数由系统从正文或附件统计，无需核实"))
    if deliverable.count_verified_at is not None:
        raise ValidationError(_("这份成果的字数已经核实过"), code="already_done")
    if not 0 <= char_count <= MAX_DECLARED_CHARS:
        raise ValidationError(
            {"char_count": _("字数须在 0 至 %(max)s 之间") % {"max": f"{MAX_DECLARED_CHARS:,}"}}
        )
    before = deliverable.char_count
    deliverable.char_count = char_count
    deliverable.count_verified_at = timezone.now()
    deliverable.count_verified_by = actor.user
    touch(deliverable.programme_id)
    deliverable.save(update_fields=["char_count", "count_verified_at", "count_verified_by"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=deliverable,
        scope_code=_deliverable_scope(deliverable),
        changes={"char_count": [before, char_count], "count_verified": [False, True]},
        note=_("核实字数"),
    )
    return deliverable


@transaction.atomic
def create_project(
    *,
    actor: Actor,
    programme: Programme,
    leader: Principal,
    title: str,
    level: str,
    approved_on: dt.date,
    studio: Studio | None = None,
    concluded_on: dt.date | None = None,
    funder: str = "",
    approval_number: str = "",
) -> ResearchProject:
    """A project already approved (立项), concluded when ``concluded_on`` is given. A trainee's
    application that is still to be decided starts at ``records.research.register_project``."""
    require(
        actor,
        "records.decide_project",
        ResearchProject(programme=programme, studio=studio, leader=leader),
    )
    if studio is not None and studio.programme_id != programme.pk:
        raise ValidationError({"studio": _("工作室不属于本项目")})
    if problems := too_long(
        ResearchProject,
        {"title": title, "funder": funder, "approval_number": approval_number},
    ):
        raise ValidationError(problems)
    touch(programme.pk)
    stage = ResearchProject.Stage
    project = ResearchProject.objects.create(
        programme=programme,
        studio=studio,
        leader=leader,
        title=title,
        level=level,
        stage=stage.CONCLUDED if concluded_on else stage.APPROVED,
        funder=funder,
        approval_number=approval_number,
        approved_on=approved_on,
        concluded_on=concluded_on,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=project,
        scope_code=studio.region_id if studio else leader.school.region_id,
        changes={"title": [None, title], "level": [None, level], "leader": [None, leader.name]},
    )
    return project


@transaction.atomic
def add_outcome(
    *,
    actor: Actor,
    project: ResearchProject,
    kind: str,
    title: str,
    achieved_on: dt.date,
    level: str = "",
) -> ResearchOutcome:
    require(actor, "records.change_project", project)
    if kind not in ResearchOutcome.Kind.values:
        raise ValidationError({"kind": _("成果形式只能是论文、专著、研究报告、获奖或公开发表")})
    if problems := too_long(ResearchOutcome, {"title": title}):
        raise ValidationError(problems)
    touch(project.programme_id)
    outcome = ResearchOutcome.objects.create(
        project=project, kind=kind, title=title, level=level, achieved_on=achieved_on
    )
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=project,
        scope_code=project.studio.region_id
        if project.studio_id
        else project.leader.school.region_id,
        changes={"outcome": [None, title], "kind": [None, kind]},
        note=_("课题成果"),
    )
    return outcome
