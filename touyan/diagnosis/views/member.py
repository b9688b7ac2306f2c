"""The member's page: the follow-up of one item of the report on their school."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors

from ..forms import FollowUpForm
from ..services.visits import record_follow_up
from .base import ItemMixin


class FollowUpView(ItemMixin, TemplateView):
    template_name = "diagnosis/follow_up.html"

    def visit_url(self) -> str:
        return reverse("diagnosis:visit", args=[self.programme.slug, self.item.visit_id])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", FollowUpForm(initial={"follow_up": self.item.follow_up}))
        return super().get_context_data(
            item=self.item, visit=self.item.visit, back_url=self.visit_url(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = FollowUpForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            record_follow_up(
                actor=Actor.from_request(request),
                item=self.item,
                text=form.cleaned_data["follow_up"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("整改落实情况已保存"))
        return redirect(self.visit_url())
