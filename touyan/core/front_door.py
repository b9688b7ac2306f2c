"""The public front door: what `/` shows a visitor who has not signed in. Every section comes
from a domain through the `PUBLIC_HOME` slot; this page only lays them out, with the way in."""

from django.views.generic import TemplateView

from .public_pages import ForVisitors
from .registry import PUBLIC_HOME

# Set by the public server block of deploy/nginx/touyan.conf.
PUBLIC_NAME_HEADER = "X-Touyan-Public-Name"


class FrontDoorView(ForVisitors, TemplateView):
    template_name = "core/front_door.html"

    def get_context_data(self, **kwargs):
        sections = [s for s in PUBLIC_HOME.items(self.request) if s.entries or s.empty or s.lookup]
        # The public name lets no sign-in page out (deploy/nginx): no button leading to a 404.
        sign_in = self.request.headers.get(PUBLIC_NAME_HEADER) != "1"
        return super().get_context_data(sections=sections, sign_in=sign_in, **kwargs)
