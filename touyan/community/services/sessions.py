"""Online study sessions (线上研修, HN-4.0.1): the host sets a reading or a recording with a
discussion window; it is recorded as an activity of the policy's online type, held for the
studio's members. A member's opening of the material is kept as evidence. When the window
closes (the ``community.close_sessions`` job, or the host's 结束并统计), participation becomes
attendance through the record's own service, once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.core.text import too_long
from touyan.core.transitions import AlreadyDone
from touyan.core.uploads import DOCUMENTS, RECORDINGS, atomic_with_files, prepare_upload, save_file
from touyan.notifications.services import notify
from touyan.programmes.access import access_of
from touyan.programmes.models import Studio, StudioMember
from touyan.programmes.policy import spec_of
from touyan.records.models import Attendance
from touyan.records.services import Mark, create_activity, record_attendance, update_activity

from ..models import TITLE_MAX, Opening, StudySession, Thread
from ..participation import evidence, rules_of
from .threads import new_post

SESSION_FIELDS = ("title", "kind", "link", "opens_at", "closes_at")


def _check(fields: dict, file) -> dict:
    errors = too_long(StudySession, {k: fields[k] for k in ("title", "text", "link")})
    if not fields["title"].strip():
        errors["title"] = _("请填写研修主题")
    if fields["kind"] not in StudySession.Kind.values:
        errors["kind"] = _("研修材料只能是阅读材料或录像")
    if not (fields["text"].strip() or fields["link"] or file):
        errors["text"] = _("请填写材料正文、材料链接或上传材料文件（至少一项）")
    link = fields["link"]
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = _("链接须以 http:// 或 https:// 开头")
    if fields["closes_at"] <= fields["opens_at"]:
        errors["closes_at"] = _("讨论截止时间须晚于开始时间")
    return errors


@atomic_with_files()
def create_session(
    *,
    actor: Actor,
    studio: Studio,
    title: str,
    kind: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    text: str = "",
    link: str = "",
    file=None,
) -> StudySession:
    require(actor, "community.add_session", studio, _("只有工作室主持人和培训中心能发布线上研修"))
    programme = studio.programme
    community = spec_of(programme).community
    if community is None:
        raise ValidationError(_("项目政策没有 [community] 一节，不能发布线上研修"))
    fields = dict(
        title=(title or "").strip(),
        kind=kind,
        text=(text or "").replace("\r\n", "\n").strip(),
        link=(link or "").strip(),
        opens_at=opens_at,
        closes_at=closes_at,
    )
    errors = _check(fields, file)
    if errors:
        raise ValidationError(errors)
    day = timezone.localtime(opens_at).date()
    last_day = timezone.localtime(closes_at).date()
    members = list(
        StudioMember.objects.filter(studio=studio, joined_on__lte=day)
        .exclude(left_on__lt=day)
        .values_list("principal_id", flat=True)
    )
    activity = create_activity(
        actor=actor,
        programme=programme,
        studios=[studio],
        activity_type=community.activity_type,
        title=(_("线上研修：%(title)s") % {"title": fields["title"]})[:TITLE_MAX],
        date=day,
        end_date=last_day if last_day != day else None,
        description=fields["text"][:2000],
        audience=members or None,
    )
    thread = Thread.objects.create(
        programme=programme,
        studio=studio,
        title=fields["title"],
        author=actor.user,
        author_name=display_name(actor),
    )
    new_post(
        actor,
        thread,
        fields["text"][:5000] or _("请阅读研修资料，在讨论区发表您的体会。"),
        words=[],
        opening=True,
    )
    session = StudySession(
        studio=studio, thread=thread, activity=activity, created_by=actor.user, **fields
    )
    if file:
        _type, content = prepare_upload(file, (*DOCUMENTS, *RECORDINGS), kind="study")
        save_file(session.file, content)
        session.file_name = file.name[-255:]
    session.save()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=session,
        scope_code=studio.region_id,
        changes={
            "title": [None, fields["title"]],
            "opens_at": [None, opens_at.isoformat()],
            "closes_at": [None, closes_at.isoformat()],
            "activity": [None, activity.pk],
        },
    )
    tell_members(actor, session, members)
    return session


def tell_members(actor: Actor, session: StudySession, members: list[int]) -> None:
    from touyan.accounts.models import User

    users = User.objects.filter(principal__pk__in=[session.studio.host_id, *members])
    if actor.user is not None:
        users = users.exclude(pk=actor.user.pk)
    notify(
        users=list(users),
        title=_("新的线上研修：%(title)s") % {"title": session.title},
        body=_("讨论时段 %(start)s 至 %(end)s")
        % {
            "start": timezone.localtime(session.opens_at).strftime("%Y-%m-%d %H:%M"),
            "end": timezone.localtime(session.closes_at).strftime("%Y-%m-%d %H:%M"),
        },
        url=reverse("community:session", args=[session.studio.programme.slug, session.pk]),
    )


@transaction.atomic
def open_material(*, actor: Actor, session: StudySession, now: dt.datetime | None = None) -> bool:
    """The user opens the material. For an expected participant, within the window, the
    first opening is kept as evidence; returns whether one was kept now."""
    require(actor, "community.view_session", session, _("您不能查看这次线上研修"))
    now = now or timezone.now()
    principal = access_of(actor.user).principal_id if actor.user is not None else None
    if principal is None or not session.is_open(now):
        return False
    from ..participation import expected

    if principal not in expected(session):
        return False
    try:
        with transaction.atomic():
            Opening.objects.create(session=session, principal_id=principal, opened_at=now)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def close_session(
    *, actor: Actor, session: StudySession, now: dt.datetime | None = None
) -> StudySession:
    """End the discussion window (now, if it has not ended) and count participation: with
    ``counts_as_attendance``, 出勤 with the evidence for those who took part, 缺勤 for the
    expected participants with no attendance recorded yet (请假 and earlier marks stay)."""
    require(actor, "community.close_session", session, _("您不能结束这次线上研修"))
    now = now or timezone.now()
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is not None:
        raise AlreadyDone(
            _("这次线上研修已于 %(when)s 结束并统计（%(who)s），本次操作未重复执行")
            % {
                "when": timezone.localtime(session.closed_at).strftime("%Y-%m-%d %H:%M"),
                "who": session.closed_by_name,
            }
        )
    if now < session.opens_at:
        raise ValidationError(_("线上研修尚未开始，不能结束"))
    changes = {}
    if now < session.closes_at:
        changes["closes_at"] = [session.closes_at.isoformat(), now.isoformat()]
        session.closes_at = now
        last_day = timezone.localtime(now).date()
        activity = session.activity
        if activity is not None and activity.end_date and activity.end_date > last_day:
            update_activity(
                actor=actor,
                activity=activity,
                end_date=last_day if last_day != activity.date else None,
            )
    session.closed_at = now
    session.closed_by_name = display_name(actor)
    session.save(update_fields=["closes_at", "closed_at", "closed_by_name"])
    rows = evidence(session)
    community = rules_of(session)
    present = sum(row.took_part for row in rows)
    changes |= {"closed_at": [None, now.isoformat()], "took_part": [None, present]}
    if community is not None and community.counts_as_attendance and session.activity:
        marked = _attendance(actor, session, rows, now)
        changes["attendance"] = [None, marked]
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=session,
        scope_code=session.studio.region_id,
        changes=changes,
        note=_("结束线上研修并统计参与"),
    )
    return session


def _attendance(actor: Actor, session: StudySession, rows, now: dt.datetime) -> int:
    existing = dict(
        Attendance.objects.filter(activity=session.activity).values_list("principal_id", "status")
    )
    marks = []
    for row in rows:
        pk = row.principal.pk
        if row.took_part:
            marks.append(Mark(pk, Attendance.Status.PRESENT, note=row.note[:200]))
        elif pk not in existing:
            marks.append(Mark(pk, Attendance.Status.ABSENT, note=row.note[:200]))
    if not marks:
        return 0
    return record_attendance(
        actor=actor,
        activity=session.activity,
        marks=marks,
        today=max(timezone.localtime(now).date(), session.activity.date),
    )


def close_due(*, now: dt.datetime | None = None) -> int:
    """Count every session whose window has ended and is not yet counted, each in its own
    transaction, as the system: a second run finds nothing to do."""
    from ..selectors import sessions_due

    now = now or timezone.now()
    closed = 0
    for session in sessions_due(now).select_related("studio__programme", "activity"):
        try:
            close_session(actor=Actor.system(), session=session, now=now)
        except AlreadyDone:
            continue
        closed += 1
    return closed
