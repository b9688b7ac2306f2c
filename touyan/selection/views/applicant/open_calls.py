"""The calls open to a principal now, each with their eligibility at a glance: what the registry
says of every condition, computed as the application's own preview would be."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from touyan.core.permissions import PermissionMixin
from touyan.people.models import Principal
from touyan.programmes.access import access_of

from ... import eligibility
from ...policy import call_spec
from ...selectors import calls_open_in, own_applications

VERDICTS = {
    "eligible": ("running", lambda: _("符合申报条件")),
    "experts": ("planned", lambda: _("部分条件待专家评议")),
    "ineligible": ("closed", lambda: _("不符合申报条件")),
}


def glance(call, principal) -> dict:
    """The overall verdict in words, the reasons for what is not met, statements to write."""
    found = eligibility.evaluate(
        call_spec(call),
        principal,
        jurisdiction=call.programme.jurisdiction_id,
        on=timezone.localtime(call.closes_at).date(),
        programme_id=call.programme_id,
    )
    verdict = eligibility.overall(found)
    tone, words = VERDICTS[verdict]
    return {
        "tone": tone,
        "words": words(),
        "reasons": [
            f.reason for f in found if f.outcome in (eligibility.UNMET, eligibility.EXPERTS)
        ],
        "statements": len(eligibility.missing_statements(found)),
    }


class OpenCallsView(PermissionMixin, TemplateView):
    """A principal's page: whoever has no record in the registry (a superuser included) has
    nothing to apply with, and finds nothing here."""

    template_name = "selection/applicant/open_calls.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        principal_id = access_of(self.request.user).principal_id
        if principal_id is None:
            raise Http404
        principal = Principal.objects.select_related("school").get(pk=principal_id)
        calls = list(calls_open_in(principal.school.region_id, now).order_by("closes_at", "pk"))
        mine = {a.call_id: a for a in own_applications(self.request.user).filter(call__in=calls)}
        rows = [
            {"call": call, "glance": glance(call, principal), "mine": mine.get(call.pk)}
            for call in calls
        ]
        return super().get_context_data(rows=rows, **kwargs)
