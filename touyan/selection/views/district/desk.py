"""区县审核: the district officer's place in the menu — every call still at its district stage in
the programmes they follow, with what waits for their review and what they have decided."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from touyan.core.permissions import PermissionMixin
from touyan.programmes.access import access_of

from ... import selectors
from ...presenters import stage_words


class DistrictDeskView(PermissionMixin, TemplateView):
    template_name = "selection/district/desk.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access_of(request.user).district_codes:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        now = timezone.now()
        rows = [
            {**row, "stage": stage_words(row["call"], now)}
            for row in selectors.district_desk(self.request.user)
        ]
        return super().get_context_data(rows=rows, **kwargs)
