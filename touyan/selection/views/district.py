"""The district officer's pages (区县教育局): the district's applications, the first review with
its digital stamp, the ranking, the summary sheet and forms, and sending the batch to the city.

For calls without a district stage the centre does the first review on the same review page.
The sheet and the forms may also be downloaded by the call's managers (the city).
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin, PermissionMixin
from touyan.programmes.access import access_of
from touyan.programmes.forms import add_service_errors
from touyan.regions import codes
from touyan.regions.models import Region

from .. import eligibility, selectors, states
from ..documents import build
from ..documents.pdf import render_forms
from ..forms.district import RankingForm, ReviewForm, StatusFilterForm
from ..models import Application, Call, DistrictBatch
from ..offices import office_name
from ..policy import call_spec
from ..rules import follows_district
from ..services import district as district_services
from ..services.common import AlreadyDone, display_name

S = Application.Status
PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The statuses always counted on the list, whether or not any application has them.
COUNTED = (S.SUBMITTED, S.RETURNED, S.REJECTED, S.ENDORSED)


def attachment(response: HttpResponse, name: str, fallback: str) -> HttpResponse:
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


def outcome_word(application: Application) -> str:
    outcome = build.OUTCOMES.get(application.outcome)
    return eligibility.outcome_label(outcome) if outcome else ""


def open_findings(application: Application) -> list[dict]:
    """The findings a reviewer should look at: unmet, or left to the experts."""
    return [
        f
        for f in application.eligibility or []
        if f["outcome"] in (eligibility.UNMET, eligibility.EXPERTS)
    ]


def status_counts(applications) -> dict[str, int]:
    rows = applications.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def ranked(call: Call, district: Region):
    """The district's approved candidates awaiting the city, in its ranking."""
    return (
        Application.objects.filter(call=call, district=district, status=S.ENDORSED)
        .select_related("principal__school")
        .order_by(F("district_rank").asc(nulls_last=True), "submitted_at", "pk")
    )


class DistrictMixin(PermissionMixin):
    """A published call with a district stage and one county, seen by one who follows it
    (or, where ``managers_too``, by the call's managers). Anything else is 404."""

    managers_too = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        call = get_object_or_404(selectors.calls_visible_to(request.user), pk=kwargs["pk"])
        code = kwargs["code"]
        if not call.district_review or not codes.is_valid_code(code):
            raise Http404
        allowed = follows_district(request.user, code) or (
            self.managers_too and request.user.has_perm("selection.manage_call", call)
        )
        if not allowed:
            raise Http404
        self.call = call
        self.district = get_object_or_404(
            Region.objects.select_related("parent__parent"), code=code, level=codes.COUNTY
        )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def batch(self) -> DistrictBatch | None:
        return DistrictBatch.objects.filter(call=self.call, district=self.district).first()

    @property
    def batch_open(self) -> bool:
        sent = self.batch is not None and self.batch.status == DistrictBatch.Status.SUBMITTED
        return self.call.stage == Call.Stage.OPEN and not sent

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
        }


class DistrictEntryView(PermissionMixin, View):
    """From a notification or the menu to the right list: the officer's district, a chooser
    when they follow several with applications; for the centre on a call without a district
    stage, the next application awaiting its review."""

    def get(self, request, pk):
        user = request.user
        call = get_object_or_404(selectors.calls_visible_to(user), pk=pk)
        manages = user.has_perm("selection.manage_call", call)
        if not call.district_review:
            if not manages:
                raise Http404
            waiting = (
                Application.objects.filter(call=call, status=S.SUBMITTED)
                .order_by("submitted_at", "pk")
                .first()
            )
            if waiting is not None:
                return redirect("selection:district_review", pk=waiting.pk)
            messages.info(request, _("没有待审核的申报"))
            return redirect("selection:call", pk=call.pk)
        followed = access_of(user).district_codes
        if not followed:
            if manages:
                return redirect("selection:batches", pk=call.pk)
            raise Http404
        counties = self.counties_with_applications(call, followed)
        if len(counties) == 1:
            return redirect("selection:district_list", pk=call.pk, code=counties[0]["code"])
        if not counties:
            own = [code for code in followed if codes.level_of(code) == codes.COUNTY]
            if len(own) == 1:
                return redirect("selection:district_list", pk=call.pk, code=own[0])
        return render(
            request, "selection/district/choose.html", {"call": call, "counties": counties}
        )

    @staticmethod
    def counties_with_applications(call: Call, followed) -> list[dict]:
        inside = Q(pk__in=[])
        for code in followed:
            inside |= Q(district__code__startswith=codes.scope_prefix(code))
        rows = (
            Application.objects.filter(inside, call=call)
            .exclude(status=S.DRAFT)
            .values("district_id", "district__name")
            .annotate(total=Count("pk"), pending=Count("pk", filter=Q(status=S.SUBMITTED)))
            .order_by("district_id")
        )
        return [
            {
                "code": row["district_id"],
                "name": row["district__name"],
                "total": row["total"],
                "pending": row["pending"],
            }
            for row in rows
        ]


class DistrictListView(DistrictMixin, TemplateView):
    template_name = "selection/district/list.html"

    def get_context_data(self, **kwargs):
        call, district = self.call, self.district
        mine = selectors.district_applications(self.request.user, call, district.code)
        counts = status_counts(mine)
        form = StatusFilterForm(self.request.GET or None)
        shown = mine.filter(status=form.chosen) if form.chosen else mine
        page, query = paginate(self.request, shown, PAGE_SIZE)
        closing = build.closing_day(call)
        rows = [
            {
                "application": a,
                "tenure": build.tenure_text(a.principal, closing),
                "outcome": outcome_word(a),
                "findings": open_findings(a),
            }
            for a in page
        ]
        if self.batch_open:
            candidates = list(ranked(call, district))
            ranking = RankingForm(candidates=candidates)
        else:
            candidates, ranking = list(build.approved(call, district)), None
        return super().get_context_data(
            **self.base_context(),
            form=form,
            page=page,
            query=query,
            rows=rows,
            stats=self.stats(counts, form.chosen),
            total=sum(counts.values()),
            pending=counts.get(S.SUBMITTED, 0),
            candidates=candidates,
            ranking=ranking,
            unranked=sum(1 for a in candidates if a.district_rank is None),
            **kwargs,
        )

    def stats(self, counts: dict, chosen: str) -> list[dict]:
        statuses = [s for s in S if s in COUNTED or counts.get(s)]
        return [
            {
                "status": s.value,
                "label": s.label,
                "count": counts.get(s, 0),
                "active": chosen == s.value,
            }
            for s in statuses
        ]


class RankView(DistrictMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, code):
        form = RankingForm(request.POST, candidates=list(ranked(self.call, self.district)))
        if not form.is_valid():
            messages.error(request, _("排序须填写 1 以上的整数"))
            return redirect(self.list_url("#ranking"))
        try:
            district_services.rank_candidates(
                actor=Actor.from_request(request),
                call=self.call,
                district=self.district,
                order=form.order(),
            )
        except AlreadyDone as done:
            messages.info(request, " ".join(done.messages))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("推荐排序已保存"))
        return redirect(self.list_url("#ranking"))


class SubmitBatchView(DistrictMixin, TemplateView):
    """The confirmation page (the ranked names as they will go), then the submission."""

    template_name = "selection/district/submit.html"

    def get_context_data(self, **kwargs):
        counts = status_counts(
            Application.objects.filter(call=self.call, district=self.district).exclude(
                status=S.DRAFT
            )
        )
        candidates = list(ranked(self.call, self.district))
        return super().get_context_data(
            **self.base_context(),
            candidates=candidates,
            pending=counts.get(S.SUBMITTED, 0),
            unranked=sum(1 for a in candidates if a.district_rank is None),
            **kwargs,
        )

    def post(self, request, pk, code):
        try:
            batch = district_services.submit_batch(
                actor=Actor.from_request(request), call=self.call, district=self.district
            )
        except AlreadyDone as done:
            messages.info(request, " ".join(done.messages))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("selection:district_submit", pk=self.call.pk, code=self.district.code)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("已报送市教育局：%(count)d 人（%(office)s %(by)s %(at)s）")
                % {
                    "count": batch.candidates,
                    "office": batch.office,
                    "by": batch.submitter_name,
                    "at": build.stamp_time(batch.submitted_at),
                },
            )
        return redirect(self.list_url())


class SummarySheetView(DistrictMixin, View):
    managers_too = True

    def get(self, request, pk, code):
        response = HttpResponse(content_type=XLSX)
        name = _("汇总表-%(call)d-%(district)s.xlsx") % {
            "call": self.call.pk,
            "district": self.district.name,
        }
        attachment(response, name, f"summary-{self.call.pk}-{self.district.code}.xlsx")
        count = build.write_district_summary(
            response, call=self.call, district=self.district, viewer=request.user
        )
        record(
            actor=Actor.from_request(request),
            verb=Verb.EXPORT,
            target=self.call,
            scope_code=self.district.code,
            note=_("导出%(district)s推荐人选汇总表，%(count)d 人")
            % {"district": self.district.name, "count": count},
        )
        return response


class FormsPdfView(DistrictMixin, View):
    managers_too = True

    def get(self, request, pk, code):
        forms = build.district_forms(self.call, self.district, viewer=request.user)
        if not forms:
            messages.info(request, _("本区县还没有审核通过的人选，没有推荐表可下载"))
            if follows_district(request.user, self.district.code):
                return redirect(self.list_url())
            return redirect("selection:batches", pk=self.call.pk)
        response = HttpResponse(render_forms(forms), content_type="application/pdf")
        name = _("推荐表-%(call)d-%(district)s.pdf") % {
            "call": self.call.pk,
            "district": self.district.name,
        }
        attachment(response, name, f"forms-{self.call.pk}-{self.district.code}.pdf")
        record(
            actor=Actor.from_request(request),
            verb=Verb.EXPORT,
            target=self.call,
            scope_code=self.district.code,
            note=_("导出%(district)s推荐表，%(count)d 份")
            % {"district": self.district.name, "count": len(forms)},
        )
        return response


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


class ReviewApplicationView(ApplicationMixin, TemplateView):
    template_name = "selection/district/review.html"

    @cached_property
    def application(self) -> Application:
        return self.get_object()

    def get_context_data(self, form=None, **kwargs):
        application = self.application
        call = application.call
        spec = call_spec(call)
        attachment_names = {a.code: a.name for a in spec.attachments}
        principal = application.principal
        return super().get_context_data(
            application=application,
            call=call,
            form=form or ReviewForm(),
            can_decide=self.can_decide(),
            stamp_preview={
                "office": self.office(),
                "by": display_name(Actor(user=self.request.user)),
                "at": timezone.localtime(),
            },
            profile=present_profile(
                application, full=build.sees_personal_data(self.request.user, principal)
            ),
            mobile=build.mobile_for(self.request.user, principal),
            tenure=build.tenure_text(principal, build.closing_day(call)),
            corrections=present_corrections(application),
            statements=[
                (c.text, application.statements[c.code])
                for c in spec.conditions
                if application.statements.get(c.code)
            ],
            findings=[
                dict(f, label=eligibility.outcome_label(f["outcome"]))
                for f in application.eligibility or []
            ],
            outcome=outcome_word(application),
            evidence=[
                (e, attachment_names.get(e.requirement, _("其他材料")))
                for e in application.evidence.all()
            ],
            stamped=application.status in states.FORWARDED and application.reviewed_at,
            pending=self.pending().count(),
            list_url=self.back_url(),
            **kwargs,
        )

    def office(self) -> str:
        call = self.application.call
        if call.district_review:
            return office_name(self.application.district)
        return office_name(call.programme.jurisdiction)

    def can_decide(self) -> bool:
        application, call = self.application, self.application.call
        if application.status != S.SUBMITTED or call.stage != Call.Stage.OPEN:
            return False
        if not call.district_review:
            return True
        return not DistrictBatch.objects.filter(
            call=call, district_id=application.district_id, status=DistrictBatch.Status.SUBMITTED
        ).exists()

    def pending(self):
        application = self.application
        pending = Application.objects.filter(call_id=application.call_id, status=S.SUBMITTED)
        if application.call.district_review:
            pending = pending.filter(district_id=application.district_id)
        return pending.exclude(pk=application.pk).order_by("submitted_at", "pk")

    def back_url(self) -> str:
        call = self.application.call
        if call.district_review:
            return reverse("selection:district_list", args=[call.pk, self.application.district_id])
        return reverse("selection:call", args=[call.pk])

    def next_url(self) -> str:
        waiting = self.pending().first()
        if waiting is not None:
            return reverse("selection:district_review", args=[waiting.pk])
        return self.back_url()

    def post(self, request, pk):
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        decision = form.cleaned_data["decision"]
        try:
            application = district_services.review_application(
                actor=Actor.from_request(request),
                application=self.application,
                decision=decision,
                note=form.cleaned_data["note"],
            )
        except AlreadyDone as done:
            messages.info(request, " ".join(done.messages))
            return redirect(self.next_url())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        except PermissionDenied:
            raise Http404 from None
        done = {
            "endorse": _("%(name)s：审核通过，已盖章（%(office)s）"),
            "return": _("%(name)s：已退回修改"),
            "reject": _("%(name)s：审核未通过"),
        }[decision]
        messages.success(
            request,
            done % {"name": application.principal.name, "office": application.review_office},
        )
        return redirect(self.next_url())


class FormPdfView(ApplicationMixin, View):
    """One candidate's 推荐表: for the first reviewer, and for the call's managers."""

    permission_required = ""

    def get(self, request, pk):
        application = self.get_object()
        user = request.user
        if not (
            user.has_perm("selection.review_application", application)
            or user.has_perm("selection.manage_call", application.call)
        ):
            raise Http404
        form = build.application_form(application, viewer=user)
        response = HttpResponse(render_forms([form]), content_type="application/pdf")
        name = _("推荐表-%(number)s-%(name)s.pdf") % {
            "number": application.number,
            "name": application.principal.name,
        }
        attachment(response, name, f"form-{application.number}.pdf")
        record(
            actor=Actor.from_request(request),
            verb=Verb.EXPORT,
            target=application,
            scope_code=application.district_id,
            note=_("导出推荐表"),
        )
        return response


# What the review page shows ------------------------------------------------------------------

PROFILE_LABELS = (
    ("name", gettext_lazy("姓名")),
    ("gender", gettext_lazy("性别")),
    ("birth_date", gettext_lazy("出生日期")),
    ("school", gettext_lazy("学校")),
    ("school_kind", gettext_lazy("学段")),
    ("position", gettext_lazy("职务")),
    ("title", gettext_lazy("职称")),
    ("appointed_on", gettext_lazy("任现职时间")),
)


def present_profile(application: Application, *, full: bool) -> list[tuple[str, str]]:
    """The registry as it stood at submission; the birth date only as a year unless the
    viewer may see personal data."""
    profile = dict(application.profile or {})
    if not full:
        profile["birth_date"] = profile.get("birth_date", "")[:4]
    return [(label, profile.get(key, "")) for key, label in PROFILE_LABELS]


def present_corrections(application: Application) -> list[tuple[str, str, str]]:
    """(field, registry value at submission, value the applicant asks for)."""
    labels = dict(PROFILE_LABELS)
    profile = application.profile or {}
    return [
        (labels.get(key, key), profile.get(key, ""), value)
        for key, value in (application.corrections or {}).items()
        if value
    ]
