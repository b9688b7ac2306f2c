"""Activities of a programme: list, record, change and delete, through the records services."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from touyan.people.models import School
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import programmes_visible_to
from touyan.records import services
from touyan.records.models import Activity, Organiser
from touyan.records.selectors import activities_visible_to, place_schools_for

from .. import present
from ..context import NotFound, actor_of, programme_of
from ..pagination import Pages, Presented
from ..permissions import organisers_named, refusals
from ..schemas.activities import ActivityFilters, ActivityIn, ActivityOut, ActivityPatch
from ..schemas.common import MAX_ID, PROGRAMME_SLUG, READ_ERRORS, WRITE_ERRORS

router = Router(tags=["活动"])

ORGANISERS = Prefetch(
    "organisers", queryset=Organiser.objects.select_related("studio", "cohort").order_by("pk")
)


def activity_out(activity: Activity) -> dict:
    spec = spec_of(activity.programme)
    kind = spec.activity_type(activity.activity_type)
    organisers = list(activity.organisers.all())
    cohort = next((o.cohort for o in organisers if o.cohort_id), None)
    return {
        "id": activity.pk,
        "programme": activity.programme.slug,
        "activity_type": activity.activity_type,
        "activity_type_name": kind.name if kind else "",
        "title": activity.title,
        "date": activity.date,
        "end_date": activity.end_date,
        "start_time": activity.start_time,
        "end_time": activity.end_time,
        "place": activity.place,
        "place_school": present.school(activity.place_school) if activity.place_school else None,
        "level": activity.level,
        "topic": activity.topic,
        "hours": float(activity.hours) if activity.hours is not None else None,
        "description": activity.description,
        "studios": [{"id": o.studio.pk, "name": o.studio.name} for o in organisers if o.studio_id],
        "cohort": {"id": cohort.pk, "name": cohort.name} if cohort else None,
        "created_at": activity.created_at,
    }


def _place(request, programme, school_id: int | None) -> School | None:
    """The school an activity took place at, among those the activity form offers."""
    if school_id is None:
        return None
    school = place_schools_for(request.auth, programme).filter(pk=school_id).first()
    if school is None:
        raise NotFound(_("没有找到学校 %(id)s，或不能选作本项目活动的地点") % {"id": school_id})
    return school


WHEN = ("date", "end_date", "start_time", "end_time")


def _check_times(fields: dict) -> None:
    """As the activity form: on a one-day activity the end time is not before the start."""
    start, end = fields.get("start_time"), fields.get("end_time")
    single_day = fields.get("end_date") in (None, fields.get("date"))
    if start and end and end < start and single_day:
        raise ValidationError({"end_time": _("结束时间不能早于开始时间")})


def activity_of(request, activity_id: int) -> Activity:
    """The activity, if the user sees its programme and one of its organisers."""
    activity = (
        Activity.objects.select_related("programme__policy_version__policy", "place_school__region")
        .filter(pk=activity_id, programme__in=programmes_visible_to(request.auth))
        .first()
    )
    if activity is None or not (
        activities_visible_to(request.auth, activity.programme).filter(pk=activity.pk).exists()
    ):
        raise NotFound(_("没有找到活动 %(id)s，或您无权查看") % {"id": activity_id})
    return activity


def _reloaded(activity_id: int) -> Activity:
    return (
        Activity.objects.select_related("programme__policy_version__policy", "place_school__region")
        .prefetch_related(ORGANISERS)
        .get(pk=activity_id)
    )


@router.get(
    "/programmes/{slug}/activities",
    response={200: list[ActivityOut], **READ_ERRORS},
    summary="项目中我可见的活动（可按工作室、培训班、类型、日期筛选；分页）",
)
@paginate(Pages)
def list_activities(request, filters: Query[ActivityFilters], slug: str = PROGRAMME_SLUG):
    programme = programme_of(request, slug)
    activities = activities_visible_to(request.auth, programme)
    if filters.studio is not None:
        activities = activities.filter(organisers__studio_id=filters.studio)
    if filters.cohort is not None:
        activities = activities.filter(organisers__cohort_id=filters.cohort)
    if filters.type:
        activities = activities.filter(activity_type=filters.type)
    if filters.date_from:
        activities = activities.filter(date__gte=filters.date_from)
    if filters.date_to:
        activities = activities.filter(date__lte=filters.date_to)
    activities = activities.select_related(
        "programme__policy_version__policy", "place_school__region"
    ).prefetch_related(ORGANISERS)
    return Presented(activities, activity_out)


@router.post(
    "/programmes/{slug}/activities",
    response={201: ActivityOut, **WRITE_ERRORS},
    summary="记录一次活动（组织方：一个或几个工作室，或一个培训班）",
)
def create_activity(request, payload: ActivityIn, slug: str = PROGRAMME_SLUG):
    programme = programme_of(request, slug)
    studios, cohort = organisers_named(programme, payload.studio_ids, payload.cohort_id)
    fields = payload.model_dump(exclude={"studio_ids", "cohort_id", "place_school_id"})
    _check_times(fields)
    fields["place_school"] = _place(request, programme, payload.place_school_id)
    with refusals():
        activity = services.create_activity(
            actor=actor_of(request), programme=programme, studios=studios, cohort=cohort, **fields
        )
    return Status(201, activity_out(_reloaded(activity.pk)))


ActivityId = Path(..., ge=1, le=MAX_ID, description="活动编号")


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOut, **READ_ERRORS},
    summary="一次活动",
)
def get_activity(request, activity_id: int = ActivityId):
    return activity_out(_reloaded(activity_of(request, activity_id).pk))


@router.patch(
    "/activities/{activity_id}",
    response={200: ActivityOut, **WRITE_ERRORS},
    summary="修改活动（只改所发送的字段；组织方不可改）",
)
def update_activity(request, payload: ActivityPatch, activity_id: int = ActivityId):
    activity = activity_of(request, activity_id)
    fields = payload.model_dump(exclude_unset=True)
    _check_times({name: fields.get(name, getattr(activity, name)) for name in WHEN})
    if "place_school_id" in fields:
        fields["place_school"] = _place(request, activity.programme, fields.pop("place_school_id"))
    with refusals():
        services.update_activity(actor=actor_of(request), activity=activity, **fields)
    return activity_out(_reloaded(activity.pk))


@router.delete(
    "/activities/{activity_id}",
    response={204: None, **WRITE_ERRORS},
    summary="删除活动（连同其考勤）",
)
def delete_activity(request, activity_id: int = ActivityId):
    activity = activity_of(request, activity_id)
    with refusals():
        services.delete_activity(actor=actor_of(request), activity=activity)
    return Status(204, None)
