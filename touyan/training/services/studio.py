"""The trainee's own 名校长工作室 (HZ-3.3.3, HZ-3.3.3.1): the same studio model as Hainan's
(``programmes.Studio``), founded by the trainee, its members added through
``programmes.services.add_member`` and its activities recorded through the records.

Its work counts toward the curriculum topic 名校长工作室组建与运行: an activity of type
``studio_activity`` organised by the studio carries that topic and its hours, and the founder,
who hosts it, is marked present as its organiser once it is held. The compliance engine counts
a trainee's topic hours from the sessions they attended (``compliance.facts._load_hours``), so
the hours join the trainee's ``studio`` topic with nothing counted twice or by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.core.actors import Actor
from touyan.people.models import Principal
from touyan.programmes.models import Studio, StudioMember, Trainee
from touyan.programmes.policy import spec_of
from touyan.programmes.services import add_member, create_studio
from touyan.records.models import Activity, Attendance
from touyan.records.services import Mark, create_activity, record_attendance

# The policy's codes this part reads: the activity type and the curriculum topic.
STUDIO_ACTIVITY = "studio_activity"
STUDIO_TOPIC = "studio"


def studio_name(trainee: Trainee) -> str:
    return _("%(name)s名校长工作室") % {"name": trainee.principal.name}


@transaction.atomic
def found_studio(*, actor: Actor, trainee: Trainee, name: str = "") -> Studio:
    """The trainee's studio: hosted by the trainee, based at their school, in its district."""
    principal = trainee.principal
    return create_studio(
        actor=actor,
        programme=trainee.cohort.programme,
        host=principal,
        name=(name or "").strip() or studio_name(trainee),
        founder=trainee,
    )


@transaction.atomic
def add_studio_member(
    *, actor: Actor, studio: Studio, principal: Principal, joined_on: dt.date
) -> StudioMember:
    """A principal the trainee's studio brings on (带出一定数量的优秀校长)."""
    _trainee_studio(studio)
    return add_member(actor=actor, studio=studio, principal=principal, joined_on=joined_on)


def studio_topic(programme) -> str:
    """The topic studio activities count toward, when the programme's curriculum has it."""
    spec = spec_of(programme)
    topics = {t.code for t in spec.curriculum.topics} if spec.curriculum else set()
    return STUDIO_TOPIC if STUDIO_TOPIC in topics else ""


@transaction.atomic
def hold_studio_activity(
    *,
    actor: Actor,
    studio: Studio,
    title: str,
    date: dt.date,
    hours: Decimal,
    place: str = "",
    description: str = "",
    today: dt.date | None = None,
) -> Activity:
    """An activity of the trainee's studio, counted toward the studio topic; when it has been
    held (on or before ``today``) its founder is marked present as the organiser."""
    _trainee_studio(studio)
    activity = create_activity(
        actor=actor,
        programme=studio.programme,
        studios=[studio],
        activity_type=STUDIO_ACTIVITY,
        title=title,
        date=date,
        place=place,
        topic=studio_topic(studio.programme),
        hours=hours,
        description=description,
    )
    if date <= (today or timezone.localdate()):
        credit_organiser(actor=actor, activity=activity, today=today)
    return activity


@transaction.atomic
def credit_organiser(*, actor: Actor, activity: Activity, today: dt.date | None = None) -> Activity:
    """Mark the founder present at their studio's activity once it has been held (an activity
    recorded in advance is credited here after the day)."""
    organiser = activity.organisers.select_related("studio").filter(studio__isnull=False).first()
    studio = organiser.studio if organiser else None
    if studio is None or studio.founder_id is None:
        raise ValidationError(_("这不是培养人选的名校长工作室的活动"))
    present = Attendance.objects.filter(
        activity=activity, principal_id=studio.host_id, status=Attendance.Status.PRESENT
    ).exists()
    if not present:
        record_attendance(
            actor=actor,
            activity=activity,
            marks=[
                Mark(
                    principal_id=studio.host_id,
                    status=Attendance.Status.PRESENT,
                    note=_("组织者"),
                )
            ],
            today=today,
        )
    return activity


def _trainee_studio(studio: Studio) -> None:
    if studio.founder_id is None:
        raise ValidationError(_("这不是培养人选的名校长工作室"))
