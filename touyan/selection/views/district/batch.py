"""The district officer's pages (区县教育局): the district's applications, the first review with
its digital stamp, the ranking, the summary sheet and forms, and sending the batch to the city.

For calls without a district stage the centre does the first review on the same review page.
The sheet and the forms may also be downloaded by the call's managers (the city).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.feedback import report
from touyan.core.pagination import paginate
from touyan.core.permissions import PermissionMixin
from touyan.core.transitions import AlreadyDone
from touyan.programmes.access import access_of
from touyan.regions import codes

from ... import selectors, states
from ...documents import build
from ...forms.district import RankingForm, StatusFilterForm
from ...models import Application, Call
from ...policy import call_spec
from ...services import district as district_services
from .base import (
    COUNTED,
    PAGE_SIZE,
    DistrictMixin,
    S,
    open_findings,
    outcome_word,
    ranked,
    status_counts,
)


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


# Beyond this many candidates the list links to the ranking page instead of carrying the form.
INLINE_RANKING = 100


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
        spec = call_spec(call)
        rows = [
            {
                "application": a,
                "tenure": build.tenure_text(a.principal, closing),
                "outcome": outcome_word(a),
                "findings": open_findings(a, spec),
            }
            for a in page
        ]
        shown_statuses = (S.ENDORSED,) if self.batch_open else states.FORWARDED
        approved = sum(counts.get(status, 0) for status in shown_statuses)
        if approved > INLINE_RANKING:
            ranking_context = {
                "ranking_elsewhere": approved,
                "unranked": self.unranked_count() if self.batch_open else 0,
            }
        else:
            ranking_context = ranking_context_for(self)
        return super().get_context_data(
            **self.base_context(),
            **ranking_context,
            form=form,
            page=page,
            query=query,
            rows=rows,
            stats=self.stats(counts, form.chosen),
            total=sum(counts.values()),
            pending=counts.get(S.SUBMITTED, 0),
            **kwargs,
        )

    def unranked_count(self) -> int:
        return ranked(self.call, self.district).filter(district_rank__isnull=True).count()

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


def ranking_context_for(view: DistrictMixin) -> dict:
    """The candidates in their ranking, with the form while the batch may still change."""
    if view.may_send:
        candidates = list(ranked(view.call, view.district))
        ranking = RankingForm(candidates=candidates)
    else:
        candidates, ranking = list(build.approved(view.call, view.district)), None
    return {
        "candidates": candidates,
        "ranking": ranking,
        "unranked": sum(1 for a in candidates if a.district_rank is None),
    }


class RankView(DistrictMixin, TemplateView):
    """The ranking on a page of its own, for districts with more candidates than the list
    shows inline; saving from either place comes back to where the officer was."""

    template_name = "selection/district/rank.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.base_context(), **ranking_context_for(self), **kwargs
        )

    def back_url(self) -> str:
        candidates = ranked(self.call, self.district).count()
        if candidates > INLINE_RANKING:
            return reverse("selection:district_rank", args=[self.call.pk, self.district.code])
        return self.list_url("#ranking")

    def post(self, request, pk, code):
        form = RankingForm(request.POST, candidates=list(ranked(self.call, self.district)))
        if not form.is_valid():
            messages.error(request, _("排序须填写 1 以上的整数"))
            return redirect(self.back_url())
        try:
            district_services.rank_candidates(
                actor=Actor.from_request(request),
                call=self.call,
                district=self.district,
                order=form.order(),
            )
        except ValidationError as error:
            report(request, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("推荐排序已保存"))
        return redirect(self.back_url())


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
            report(request, done)
        except ValidationError as error:
            report(request, error)
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
