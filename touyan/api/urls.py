from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from .main import api


def unknown_endpoint(request, rest: str):
    """Clients get JSON for a mistyped path too, not the site's HTML error page."""
    message = _("没有这个接口：%(path)s（接口路径末尾不带斜杠，见 /api/v1/docs）") % {
        "path": request.path
    }
    return JsonResponse({"detail": message}, status=404, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown_endpoint),
]
