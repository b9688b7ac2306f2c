"""Opening a call and moving it from stage to stage."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import field_changes, record, snapshot
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.programmes.models import Cohort, Programme
from touyan.programmes.policy import spec_of

from ..models import Application, Call, Review
from ..states import CALL

CALL_FIELDS = (
    "title",
    "places",
    "opens_at",
    "closes_at",
    "district_deadline",
    "cohort",
    "anonymised",
    "stage",
)


@transaction.atomic
def create_call(
    *,
    actor: Actor,
    programme: Programme,
    spec_code: str,
    title: str,
    places: int,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    description: str = "",
    district_deadline: dt.datetime | None = None,
    cohort: Cohort | None = None,
    anonymised: bool | None = None,
) -> Call:
    require(actor, "programmes.manage_programme", programme)
    spec = spec_of(programme).selection_call(spec_code)
    if spec is None:
        raise ValidationError({"spec_code": _("本项目的政策中没有这一遴选类别")})
    _check_times(opens_at, closes_at, district_deadline)
    if places < 1:
        raise ValidationError({"places": _("名额至少为 1")})
    if spec.purpose == "trainees":
        if cohort is None or cohort.programme_id != programme.pk:
            raise ValidationError({"cohort": _("培养人选遴选须指定入选后编入的本项目培训班")})
    elif cohort is not None:
        raise ValidationError({"cohort": _("只有培养人选遴选才编入培训班")})
    call = Call.objects.create(
        programme=programme,
        spec_code=spec_code,
        spec=spec.model_dump(mode="json"),
        title=title,
        description=description,
        places=places,
        opens_at=opens_at,
        closes_at=closes_at,
        district_deadline=district_deadline if spec.district_review else None,
        cohort=cohort,
        anonymised=spec.anonymised if anonymised is None else anonymised,
        created_by=actor.user,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=call,
        scope_code=programme.jurisdiction_id,
        changes=field_changes({}, snapshot(call, CALL_FIELDS)),
    )
    return call


def _check_times(opens_at, closes_at, district_deadline) -> None:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("截止时间须晚于开始时间")})
    if district_deadline is not None and district_deadline < closes_at:
        raise ValidationError({"district_deadline": _("区县报送截止不能早于申报截止")})


@transaction.atomic
def update_call(*, actor: Actor, call: Call, **values) -> Call:
    """Change a call's title, text, places or dates. Once published, a deadline may be
    extended but the opening time and the rules stay as announced."""
    call = CALL.lock(call)
    require(actor, "selection.manage_call", call)
    CALL.check(call, "edit")
    allowed = {"title", "description", "places", "opens_at", "closes_at", "district_deadline"}
    if not CALL.allows(call, "publish"):
        allowed -= {"opens_at"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(_("发布后不能再修改开始申报时间"))
    before = snapshot(call, CALL_FIELDS)
    for name, value in values.items():
        setattr(call, name, value)
    _check_times(call.opens_at, call.closes_at, call.district_deadline)
    if call.places < 1:
        raise ValidationError({"places": _("名额至少为 1")})
    call.save()
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=call,
        scope_code=call.programme.jurisdiction_id,
        changes=field_changes(before, snapshot(call, CALL_FIELDS)),
    )
    return call


@transaction.atomic
def publish_call(*, actor: Actor, call: Call) -> Call:
    """Publish the call: its public page goes up and applications open at ``opens_at``."""
    call = CALL.lock(call)
    require(actor, "selection.manage_call", call)
    return CALL.move(
        actor=actor, obj=call, action="publish", fields={"published_at": timezone.now()}
    )


@transaction.atomic
def start_review(*, actor: Actor, call: Call, now: dt.datetime | None = None) -> Call:
    """Close applications and the districts' batches; the forwarded cases go to the experts
    (or straight to the decision when the call has no expert review)."""
    from ..selectors import forwarded

    call = CALL.lock(call)
    require(actor, "selection.manage_call", call)
    CALL.check(call, "start_review")
    now = now or timezone.now()
    if now < call.closes_at:
        raise ValidationError(_("申报尚未截止，不能开始评审"))
    if call.district_deadline and now < call.district_deadline:
        unsent = call.batches.exclude(status="submitted").count()
        pending = call.applications.filter(status=Application.Status.SUBMITTED).count()
        if unsent or pending:
            raise ValidationError(
                _("区县报送尚未截止，且仍有区县未报送或申报未审核；请在截止后再开始评审")
            )
    if not forwarded(call).exists():
        raise ValidationError(_("没有审核通过并报送的人选，无法开始评审"))
    experts = call.spec.get("experts_per_application", 0)
    return CALL.move(actor=actor, obj=call, action="start_review" if experts else "skip_review")


@transaction.atomic
def close_review(*, actor: Actor, call: Call) -> Call:
    """End the expert review. Every assigned review must have been handed in first."""
    call = CALL.lock(call)
    require(actor, "selection.manage_call", call)
    CALL.check(call, "close_review")
    open_reviews = Review.objects.filter(application__call=call, submitted_at__isnull=True).count()
    if open_reviews:
        raise ValidationError(
            _("还有 %(count)d 份评审未提交；请催办或改派后再结束评审") % {"count": open_reviews}
        )
    if not Review.objects.filter(application__call=call).exists():
        raise ValidationError(_("尚未分配任何评审"))
    return CALL.move(actor=actor, obj=call, action="close_review")
