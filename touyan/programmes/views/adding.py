"""Adding a principal to a studio or a cohort: the same page, search and form for both; each
view names its group, the service that adds, and its words."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView

from touyan.core.actors import Actor
from touyan.core.forms import add_service_errors
from touyan.people.selectors import principals_visible_to

from ..candidates import principals_matching
from ..forms import AddPrincipalForm, PrincipalSearchForm
from .base import ProgrammeMixin


class AddPrincipalView(ProgrammeMixin, FormView):
    permission_required = "programmes.manage_programme"
    template_name = "programmes/add_principal.html"
    joined_label: str | None = None

    def add(self, *, actor: Actor, principal, joined_on, over_limit_reason) -> None:
        raise NotImplementedError

    def added_message(self, principal) -> str:
        raise NotImplementedError

    def group_url(self) -> str:
        raise NotImplementedError

    def heading(self) -> str:
        raise NotImplementedError

    @cached_property
    def search(self):
        return PrincipalSearchForm(self.request.GET)

    def get_form(self, form_class=None):
        extra = {"joined_label": self.joined_label} if self.joined_label else {}
        return AddPrincipalForm(
            **self.get_form_kwargs(),
            candidates=principals_visible_to(self.request.user),
            found=principals_matching(self.request.user, self.search.data.get("q", "")),
            **extra,
        )

    def form_valid(self, form):
        principal = form.cleaned_data["principal"]
        try:
            self.add(
                actor=Actor.from_request(self.request),
                principal=principal,
                joined_on=form.cleaned_data["joined_on"],
                over_limit_reason=form.cleaned_data["over_limit_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.added_message(principal))
        return redirect(self.group_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            search=self.search, heading=self.heading(), back_url=self.group_url(), **kwargs
        )
