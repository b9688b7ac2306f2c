"""The expert's pages: their assigned reviews, and one review with the rubric (HZ-4.1.3, HN-3.4).

When the call is anonymised the expert sees no name, school or district, and no file names;
these are also blanked out of the texts shown, where an applicant may have written them."""

from __future__ import annotations

from functools import cached_property

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.core.pagination import paginate
from touyan.core.permissions import ObjectPermissionMixin

from ...forms.expert import DeclareConflictForm, ReviewForm
from ...models import Application, Review
from ...policy import call_spec
from ...presenters import evidence_rows, findings, profile_rows, score_rows, statement_rows
from ...selectors import next_open_review, reviews_of
from ...services import reviews
from .base import ExpertMixin

HIDDEN = "■■"
REVIEWS_SHOWN = 50


def applicant_label(application: Application) -> str:
    if application.call.anonymised:
        return _("申报人 A-%(number)06d") % {"number": application.pk}
    return f"{application.principal.name} · {application.principal.school.name}"


def redactor(application: Application):
    """Blank out the applicant's name, school and district wherever they appear in a text."""
    principal = application.principal
    words = {
        principal.name,
        principal.school.name,
        application.district.name,
        (application.profile or {}).get("name", ""),
        (application.profile or {}).get("school", ""),
    }
    words = sorted((w for w in words if w and len(w) >= 2), key=len, reverse=True)

    def redact(text: str) -> str:
        for word in words:
            text = text.replace(word, HIDDEN)
        return text

    return redact


class MyReviewsView(ExpertMixin, TemplateView):
    template_name = "selection/expert/my_reviews.html"

    def get_context_data(self, **kwargs):
        mine = (
            reviews_of(self.request.user)
            .select_related("application__principal__school")
            .order_by(F("submitted_at").desc(nulls_first=True), "application__call_id", "pk")
        )
        totals = {"all": mine.count(), "submitted": mine.filter(submitted_at__isnull=False).count()}
        page, query = paginate(self.request, mine, REVIEWS_SHOWN)
        rows = [
            {
                "review": review,
                "label": applicant_label(review.application),
                "open": rules.has_perm("selection.score_now", self.request.user, review),
            }
            for review in page
        ]
        return super().get_context_data(page=page, query=query, rows=rows, totals=totals, **kwargs)


class ReviewView(ObjectPermissionMixin, TemplateView):
    permission_required = "selection.score"
    template_name = "selection/expert/review.html"

    def get_queryset(self):
        return reviews_of(self.request.user).select_related(
            "application__call__programme", "application__district"
        )

    @property
    def review(self) -> Review:
        return self.get_object()

    @cached_property
    def open(self) -> bool:
        return rules.has_perm("selection.score_now", self.request.user, self.review)

    def get_context_data(self, **kwargs):
        review = self.review
        application = review.application
        call = application.call
        spec = call_spec(call)
        anonymous = call.anonymised
        redact = redactor(application) if anonymous else (lambda text: text)
        statements = [
            {**row, "statement": redact(row["statement"])}
            for row in statement_rows(application, spec)
        ]
        found = [{**f, "reason": redact(f["reason"])} for f in findings(application, spec)]
        if self.open:
            kwargs.setdefault("form", ReviewForm(rubric=spec.rubric))
            kwargs.setdefault("conflict_form", DeclareConflictForm())
        return super().get_context_data(
            review=review,
            application=application,
            call=call,
            spec=spec,
            anonymous=anonymous,
            label=applicant_label(application),
            profile=profile_rows(application, anonymous=anonymous),
            statements=statements,
            findings=found,
            evidence=evidence_rows(application, spec),
            scores=score_rows(review, spec),
            open=self.open,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.open:
            messages.info(request, _("这份评审已不能修改"))
            return redirect(request.path)
        if request.POST.get("action") == "conflict":
            return self.declare_conflict()
        review = self.review
        form = ReviewForm(request.POST, rubric=call_spec(review.application.call).rubric)
        if form.is_valid():
            try:
                reviews.submit_review(
                    actor=Actor.from_request(request),
                    review=review,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    recommend=form.cleaned_data["recommend"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.on_to_next(review)
        return self.render_to_response(self.get_context_data(form=form))

    def on_to_next(self, review: Review):
        """After a review is handed in, the next one waiting opens; the list when none is left."""
        following = next_open_review(self.request.user, after=review)
        if following is None:
            messages.success(self.request, _("评审已提交，您的评审任务已全部完成"))
            return redirect("selection:my_reviews")
        messages.success(self.request, _("评审已提交，以下是下一份待评审的申报"))
        return redirect("selection:review", pk=following.pk)

    def declare_conflict(self):
        form = DeclareConflictForm(self.request.POST)
        application = self.review.application
        if form.is_valid():
            try:
                reviews.declare_conflict(
                    actor=Actor.from_request(self.request),
                    call=application.call,
                    expert=self.request.user,
                    principal=application.principal,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    self.request, _("已声明回避，这份评审已撤回，培训中心将另行安排专家")
                )
                return redirect("selection:my_reviews")
        return self.render_to_response(self.get_context_data(conflict_form=form))
