from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.views.generic import TemplateView

from touyan.accounts.scopes import scope_of

from .home import cards_for


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = sorted(scope_of(user).roles)
        grants = user.grants.select_related("region").order_by("role")
        return super().get_context_data(cards=cards_for(user), grants=grants, roles=roles, **kwargs)


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
