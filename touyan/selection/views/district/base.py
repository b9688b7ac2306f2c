"""What the district pages share: the district and application mixins, and how an application
is presented to its first reviewer."""

from __future__ import annotations

from functools import cached_property

import rules
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.regions import codes
from touyan.regions.models import Region

from ... import eligibility, selectors
from ...documents import build
from ...models import Application, Call, DistrictBatch
from ...offices import office_name
from ...presenters import PROFILE, worded
from ...rules import batch_open, is_candidate_in

S = Application.Status
PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The statuses always counted on the list, whether or not any application has them.
COUNTED = (S.SUBMITTED, S.RETURNED, S.REJECTED, S.ENDORSED)


def outcome_word(application: Application) -> str:
    outcome = build.OUTCOMES.get(application.outcome)
    return eligibility.outcome_label(outcome) if outcome else ""


def open_findings(application: Application, spec) -> list[dict]:
    """The findings a reviewer should look at: unmet, or left to the experts."""
    return worded(
        [
            f
            for f in application.eligibility or []
            if f["outcome"] in (eligibility.UNMET, eligibility.EXPERTS)
        ],
        spec,
    )


def status_counts(applications) -> dict[str, int]:
    rows = applications.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def ranked(call: Call, district: Region):
    """The district's approved candidates awaiting the city, in its ranking."""
    return (
        Application.objects.filter(call=call, district=district, status=S.ENDORSED)
        .select_related("principal__school")
        # A district may rank hundreds: the ranking needs names, not the application's texts.
        .defer("profile", "corrections", "statements", "eligibility", "review_note")
        .order_by(F("district_rank").asc(nulls_last=True), "submitted_at", "pk")
    )


class DistrictMixin(PermissionMixin):
    """A published call with a district stage and one county, seen by one who follows it
    (or, for the downloads, by the call's managers). Anything else is 404."""

    # Asked of the district's batch (unsaved when it has none yet), as the rule stands: these are
    # the pages of those who follow the district, not of every superuser.
    batch_permission = "selection.view_batch"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        call = get_object_or_404(selectors.calls_visible_to(request.user), pk=kwargs["pk"])
        code = kwargs["code"]
        if not call.district_review or not codes.is_valid_code(code):
            raise Http404
        unsent = DistrictBatch(call=call, district_id=code)
        if not rules.has_perm(self.batch_permission, request.user, unsent):
            raise Http404
        self.call = call
        self.district = get_object_or_404(
            Region.objects.select_related("parent__parent"), code=code, level=codes.COUNTY
        )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def batch(self) -> DistrictBatch | None:
        return DistrictBatch.objects.filter(call=self.call, district=self.district).first()

    @cached_property
    def this_batch(self) -> DistrictBatch:
        """The batch, or an unsaved one while the district has none: what is asked of it."""
        return self.batch or DistrictBatch(call=self.call, district=self.district)

    @property
    def batch_open(self) -> bool:
        return batch_open(self.request.user, self.this_batch)

    @cached_property
    def own_case(self) -> bool:
        """The officer is a candidate in this batch: another officer ranks and sends it."""
        return is_candidate_in(self.request.user, self.call, self.district.code)

    @cached_property
    def may_send(self) -> bool:
        return rules.has_perm("selection.send_batch", self.request.user, self.this_batch)

    def list_url(self, anchor: str = "") -> str:
        url = reverse("selection:district_list", args=[self.call.pk, self.district.code])
        return url + anchor

    def base_context(self) -> dict:
        return {
            "call": self.call,
            "district": self.district,
            "office": office_name(self.district),
            "batch": self.batch,
            "batch_open": self.batch_open,
            "may_send": self.may_send,
            "own_case": self.own_case,
        }


class ApplicationMixin(ObjectPermissionMixin):
    """One submitted application that the user reviews first (their district's, or the
    centre's on a call without a district stage)."""

    permission_required = "selection.review_application"

    def get_queryset(self):
        return (
            selectors.applications_visible_to(self.request.user)
            .exclude(status=S.DRAFT)
            .select_related(
                "call__programme__jurisdiction__parent__parent", "district__parent__parent"
            )
        )


def present_profile(application: Application, *, full: bool) -> list[tuple[str, str]]:
    """The registry as it stood at submission; the birth date only as a year unless the
    viewer may see personal data."""
    profile = dict(application.profile or {})
    if not full:
        profile["birth_date"] = profile.get("birth_date", "")[:4]
    return [(label, profile.get(key, "")) for key, label in PROFILE]


def present_corrections(application: Application) -> list[tuple[str, str, str]]:
    """(field, registry value at submission, value the applicant asks for)."""
    labels = dict(PROFILE)
    profile = application.profile or {}
    return [
        (labels.get(key, key), profile.get(key, ""), value)
        for key, value in (application.corrections or {}).items()
        if value
    ]
