"""The first review of one application: what the stamp will record, and the decision."""

from __future__ import annotations

from functools import cached_property

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.core.feedback import report
from touyan.core.forms import add_service_errors
from touyan.core.steps import display_name
from touyan.core.transitions import AlreadyDone
from touyan.policies.names import shown

from ... import states
from ...documents import build
from ...forms.district import ReviewForm
from ...models import Application
from ...offices import office_name
from ...policy import call_spec
from ...presenters import findings
from ...services import district as district_services
from .base import ApplicationMixin, S, outcome_word, present_corrections, present_profile


class ReviewApplicationView(ApplicationMixin, TemplateView):
    template_name = "selection/district/review.html"

    @cached_property
    def application(self) -> Application:
        return self.get_object()

    def get_context_data(self, form=None, **kwargs):
        application = self.application
        call = application.call
        spec = call_spec(call)
        attachment_names = {a.code: shown(a) for a in spec.attachments}
        principal = application.principal
        return super().get_context_data(
            application=application,
            call=call,
            form=form or ReviewForm(),
            # The rule itself, state included: a superuser's blanket permission does not say
            # whether the application can be decided now.
            can_decide=rules.has_perm(
                "selection.decide_in_district", self.request.user, application
            ),
            stamp_preview={
                "office": self.office(),
                "by": display_name(Actor(user=self.request.user)),
                "at": timezone.localtime(),
            },
            profile=present_profile(
                application,
                full=personal_data.holds_right(self.request.user, principal),
            ),
            mobile=personal_data.masked(self.request.user).mobile(principal),
            tenure=build.tenure_text(principal, build.closing_day(call)),
            corrections=present_corrections(application),
            statements=[
                (shown(c, "text"), application.statements[c.code])
                for c in spec.conditions
                if application.statements.get(c.code)
            ],
            findings=findings(application, spec),
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
            report(request, done)
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
