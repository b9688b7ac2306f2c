"""Which calls, applications, batches and reviews a user may see, and who is told of what."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet

from touyan.accounts.models import RoleGrant, User
from touyan.accounts.roles import Role
from touyan.programmes.access import access_of
from touyan.programmes.models import Programme
from touyan.programmes.selectors import programme_managers, programmes_visible_to
from touyan.regions import codes

from . import states
from .models import Application, Call, DistrictBatch, Review
from .rules import follows_district


def _ancestors(code: str) -> set[str]:
    return {code, *codes.parent_candidates(code)}


def _district_filter(user, field: str) -> Q:
    condition = Q(pk__in=[])
    for code in access_of(user).district_codes:
        condition |= Q(**{f"{field}__startswith": codes.scope_prefix(code)})
    return condition


# Calls ---------------------------------------------------------------------------------------


def public_calls() -> QuerySet[Call]:
    return Call.objects.exclude(stage=Call.Stage.DRAFT).select_related("programme")


def managed_calls(user) -> QuerySet[Call]:
    access = access_of(user)
    managed = [p.pk for p in programmes_visible_to(user) if access.manages(p)]
    return Call.objects.filter(programme__in=managed).select_related("programme")


def calls_visible_to(user) -> QuerySet[Call]:
    """Managers see their programmes' calls in every stage; district officers and experts the
    published calls they take part in."""
    access = access_of(user)
    visible = Q(pk__in=managed_calls(user).values("pk"))
    if access.district_codes:
        visible |= Q(
            programme__in=programmes_visible_to(user).values("pk"),
            spec__district_review=True,
        ) & ~Q(stage=Call.Stage.DRAFT)
    visible |= Q(panel__expert=user) if user.is_authenticated else Q(pk__in=[])
    return Call.objects.filter(visible).distinct().select_related("programme")


# Applications --------------------------------------------------------------------------------


def own_applications(user) -> QuerySet[Application]:
    principal = access_of(user).principal_id
    return Application.objects.filter(principal_id=principal).select_related("call")


# A draft is the applicant's own until it is submitted.
SUBMITTED = ~Q(status=Application.Status.DRAFT)


def _managed(user) -> Q:
    return Q(call__in=managed_calls(user).values("pk")) & SUBMITTED


def managed_applications(user) -> QuerySet[Application]:
    """The submitted applications of the calls the user manages: the office's cases."""
    return Application.objects.filter(_managed(user))


def applications_visible_to(user) -> QuerySet[Application]:
    access = access_of(user)
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    visible = _managed(user)
    if access.principal_id:
        visible |= Q(principal_id=access.principal_id)
    if access.district_codes:
        visible |= (
            _district_filter(user, "district__code")
            & Q(call__spec__district_review=True)
            & SUBMITTED
        )
    visible |= Q(reviews__expert=user)
    return (
        Application.objects.filter(visible)
        .distinct()
        .select_related("call__programme", "principal__school", "district")
    )


def district_applications(user, call: Call, district_code: str) -> QuerySet[Application]:
    """A district officer's list: their own district's applications, drafts excluded."""
    if not follows_district(user, district_code):
        return Application.objects.none()
    return (
        Application.objects.filter(call=call, district_id=district_code)
        .exclude(status=Application.Status.DRAFT)
        .select_related("principal__school")
        .order_by("district_rank", "submitted_at", "pk")
    )


def forwarded(call: Call) -> QuerySet[Application]:
    """What reached the city: approved at the first review and, with a district stage, in a
    batch the district has submitted."""
    queryset = Application.objects.filter(call=call, status__in=states.FORWARDED)
    if call.district_review:
        sent = DistrictBatch.objects.filter(call=call, status=DistrictBatch.Status.SUBMITTED)
        queryset = queryset.filter(district_id__in=sent.values("district_id"))
    return queryset


def ranking(call: Call) -> QuerySet[Application]:
    """Forwarded candidates, best aggregated score first (unscored last)."""
    return (
        forwarded(call)
        .select_related("principal__school", "district")
        .order_by(F("score").desc(nulls_last=True), "district_id", "district_rank", "pk")
    )


# Batches -------------------------------------------------------------------------------------


class BatchDistricts(NamedTuple):
    """The districts of a call's batch overview: those with applications or a batch, in code
    order, and which of them have sent their batch."""

    codes: list[str]
    sent: frozenset[str]

    def showing(self, show: str) -> list[str]:
        if show == "sent":
            return [code for code in self.codes if code in self.sent]
        if show == "unsent":
            return [code for code in self.codes if code not in self.sent]
        return self.codes


def batch_districts(call: Call) -> BatchDistricts:
    """Two narrow queries (the application index holds call, district and status), so a page
    of the overview costs the same for ten districts or three thousand."""
    with_applications = (
        Application.objects.filter(call=call)
        .exclude(status=Application.Status.DRAFT)
        .values_list("district_id", flat=True)
        .order_by()
        .distinct()
    )
    batches = DistrictBatch.objects.filter(call=call).values_list("district_id", "status")
    sent = set()
    codes_ = set(with_applications)
    for district_id, status in batches:
        codes_.add(district_id)
        if status == DistrictBatch.Status.SUBMITTED:
            sent.add(district_id)
    return BatchDistricts(sorted(codes_), frozenset(sent))


def batch_totals(call: Call) -> dict[str, int]:
    """The call's applications counted as the overview's columns, in one row."""
    S = Application.Status
    return (
        Application.objects.filter(call=call)
        .exclude(status=S.DRAFT)
        .aggregate(
            pending=Count("pk", filter=Q(status=S.SUBMITTED)),
            returned=Count("pk", filter=Q(status=S.RETURNED)),
            rejected=Count("pk", filter=Q(status=S.REJECTED)),
            endorsed=Count("pk", filter=Q(status__in=states.FORWARDED)),
            total=Count("pk"),
        )
    )


def batch_rows(call: Call, district_codes: list[str], *, narrow: bool = True) -> list[dict]:
    """One row per given district: its counts by status and its batch's state. Three
    queries, whatever the number of districts; ``narrow=False`` when the codes are all the
    call's, so the queries need not list them."""
    only = Q(district_id__in=district_codes) if narrow else Q()
    counts: dict[str, dict[str, int]] = {}
    for district_id, status, n in (
        Application.objects.filter(only, call=call)
        .exclude(status=Application.Status.DRAFT)
        .values_list("district_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(district_id, {})[status] = n
    batches = {b.district_id: b for b in DistrictBatch.objects.filter(only, call=call)}
    from touyan.regions.models import Region

    names = dict(Region.objects.filter(code__in=district_codes).values_list("code", "name"))
    rows = []
    for code in district_codes:
        by_status = counts.get(code, {})
        batch = batches.get(code)
        rows.append(
            {
                "code": code,
                "name": names.get(code, code),
                "pending": by_status.get(Application.Status.SUBMITTED, 0),
                "returned": by_status.get(Application.Status.RETURNED, 0),
                "rejected": by_status.get(Application.Status.REJECTED, 0),
                "endorsed": sum(by_status.get(s, 0) for s in states.FORWARDED),
                "total": sum(by_status.values()),
                "batch": batch,
                "submitted": batch is not None and batch.status == DistrictBatch.Status.SUBMITTED,
            }
        )
    return rows


def batch_overview(call: Call) -> list[dict]:
    """Every district's row (the API's whole list)."""
    return batch_rows(call, batch_districts(call).codes, narrow=False)


# Reviews -------------------------------------------------------------------------------------


def reviews_of(user) -> QuerySet[Review]:
    return (
        Review.objects.filter(expert=user)
        .select_related("application__call", "application__principal__school")
        .order_by("submitted_at", "application__call", "pk")
    )


def experts_for(call: Call) -> QuerySet[User]:
    """Users in the expert pool of the call's jurisdiction (or of a region around or inside
    it), or granted the expert role on the programme itself."""
    jurisdiction = call.programme.jurisdiction_id
    prefix = codes.scope_prefix(jurisdiction)
    programme_type = ContentType.objects.get_for_model(Programme)
    grants = RoleGrant.objects.filter(role=Role.EXPERT).filter(
        Q(region_id__in=_ancestors(jurisdiction))
        | Q(region__code__startswith=prefix)
        | Q(scope_type=programme_type, scope_id=call.programme_id)
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id"))


# Who is told ---------------------------------------------------------------------------------


def call_managers(call: Call) -> QuerySet[User]:
    return programme_managers(call.programme)


def first_reviewers(application: Application) -> QuerySet[User]:
    call = application.call
    if not call.district_review:
        return call_managers(call)
    grants = RoleGrant.objects.filter(
        role=Role.DISTRICT_OFFICER, region_id__in=_ancestors(application.district_id)
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id"))


# Each role's own places ----------------------------------------------------------------------


def district_desk(user) -> list[dict]:
    """区县审核: the calls still at their district stage in the programmes a district officer
    follows, each with its applications waiting for the first review and those decided, in the
    officer's districts. Two queries, however many calls."""
    if not access_of(user).district_codes:
        return []
    calls = list(
        Call.objects.filter(
            programme__in=programmes_visible_to(user).values("pk"),
            spec__district_review=True,
            stage=Call.Stage.OPEN,
        )
        .select_related("programme")
        .order_by("closes_at", "pk")
    )
    S = Application.Status
    counts = {
        row["call_id"]: row
        for row in Application.objects.filter(
            _district_filter(user, "district__code"), call__in=calls
        )
        .exclude(status=S.DRAFT)
        .order_by()
        .values("call_id")
        .annotate(
            waiting=Count("pk", filter=Q(status=S.SUBMITTED)),
            decided=Count("pk", filter=~Q(status=S.SUBMITTED)),
        )
    }
    return [
        {
            "call": call,
            "waiting": counts.get(call.pk, {}).get("waiting", 0),
            "decided": counts.get(call.pk, {}).get("decided", 0),
        }
        for call in calls
    ]


def calls_open_in(region_code: str, now) -> QuerySet[Call]:
    """The calls taking applications now in programmes whose jurisdiction holds a school's
    region: those open to its principal (whether they meet the conditions is eligibility's)."""
    return public_calls().filter(
        stage=Call.Stage.OPEN,
        opens_at__lte=now,
        closes_at__gt=now,
        programme__jurisdiction_id__in=_ancestors(region_code),
    )


def next_open_review(user, *, after: Review | None = None) -> Review | None:
    """The expert's next review still to score in a call under expert review, oldest first."""
    waiting = reviews_of(user).filter(
        submitted_at__isnull=True, application__call__stage=Call.Stage.REVIEW
    )
    if after is not None:
        waiting = waiting.exclude(pk=after.pk)
    return waiting.order_by("assigned_at", "pk").first()
