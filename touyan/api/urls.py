from functools import wraps

from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from .main import api


def _json(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def unknown_endpoint(request, rest: str):
    """Clients get JSON for a mistyped path too, not the site's HTML error page."""
    message = _("没有这个接口：%(path)s（接口路径末尾不带斜杠，见 /api/v1/docs）") % {
        "path": request.path
    }
    return _json(message, 404)


def _methods_in_json(view):
    """A method a path does not have is refused as JSON in the API's shape, with Allow."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        message = _("此接口不支持 %(method)s 方法，支持：%(allowed)s") % {
            "method": request.method,
            "allowed": allowed,
        }
        refused = _json(message, 405)
        refused["Allow"] = allowed
        return refused

    return wrapped


# Not unpacked into module names: include() would read a module-level app_name as this
# module's namespace.
api_urls = api.urls
for pattern in api_urls[0]:
    pattern.callback = _methods_in_json(pattern.callback)


urlpatterns = [
    path("v1/", api_urls),
    re_path(r"^(?P<rest>.*)$", unknown_endpoint),
]
