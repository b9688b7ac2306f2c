"""Forgotten passwords: Django's reset views and tokens, with the request and the new
password going through the services (audited). The answer to a request is the same whether
or not an account has the address."""

import math

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from touyan.core.actors import Actor

from .. import services
from ..forms import ResetRequestForm
from ..passwords import LinkBase
from ..throttling import RESET_THROTTLED, reset_request_wait


class ResetRequestView(FormView):
    template_name = "accounts/password_reset_form.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if wait := reset_request_wait(self.request, form.cleaned_data["email"]):
            form.add_error(None, RESET_THROTTLED % {"minutes": max(1, math.ceil(wait / 60))})
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        services.request_password_reset(
            actor=Actor.from_request(self.request),
            email=form.cleaned_data["email"],
            link=LinkBase.from_request(self.request),
        )
        return HttpResponseRedirect(self.get_success_url())


class ResetRequestDoneView(TemplateView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        services.complete_password_reset(
            actor=Actor.from_request(self.request, user=form.user), form=form
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class ResetCompleteView(TemplateView):
    template_name = "accounts/password_reset_complete.html"
