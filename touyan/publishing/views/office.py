"""The centre's page (HN-4.1.6): the programme's posts waiting for its review (where the policy
has it review before publishing), and what its studios have published, to take down."""

from __future__ import annotations

from django.views.generic import TemplateView

from touyan.core.pagination import paginate
from touyan.programmes.policy import spec_of
from touyan.programmes.views.base import ProgrammeMixin

from .. import selectors


class ReviewQueueView(ProgrammeMixin, TemplateView):
    permission_required = "programmes.manage_programme"
    template_name = "publishing/office/queue.html"

    def get_context_data(self, **kwargs):
        programme = self.programme
        page, query = paginate(self.request, selectors.published_in(programme))
        site = spec_of(programme).site
        return super().get_context_data(
            waiting=list(selectors.awaiting_centre(programme)),
            page=page,
            query=query,
            site=site,
            **kwargs,
        )
