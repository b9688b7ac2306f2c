"""经费: where each person's funding work is — the programmes whose funds they oversee, the
studios and cohorts whose ledgers they keep or read."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from touyan.core.permissions import PermissionMixin

from ..home import menu_entries
from ..presenters import Names
from ..selectors import funded_programmes, holders_of
from .base import ledger_url


class FundsIndexView(PermissionMixin, TemplateView):
    template_name = "funding/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        programmes = [
            p
            for p in funded_programmes(user).select_related("policy_version")
            if Names.of(p).funding is not None
        ]
        held = holders_of(user)
        holders = [
            (holder, holder.programme, ledger_url(holder.programme, holder))
            for holder in (*held["studios"], *held["cohorts"])
        ]
        if not programmes and not holders and not menu_entries(user):
            raise Http404  # no funding role at all: the page does not exist for them
        kwargs.update(programmes=programmes, holders=holders)
        return super().get_context_data(**kwargs)
