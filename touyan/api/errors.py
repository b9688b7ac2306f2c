"""Every refusal the API gives, in one shape and in Chinese.

``{"detail": "…"}`` for 401, 403 and 404; ``{"detail": [{"field", "in", "message"}, …]}`` for
input that does not parse (422) and for input the services reject (400).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError

from .context import NotFound

PLACES = frozenset({"body", "query", "path", "header", "cookie"})


def _messages() -> dict[str, str]:
    return {
        "missing": _("必须填写"),
        "int_type": _("应为整数"),
        "int_parsing": _("应为整数"),
        "int_from_float": _("应为整数"),
        "int_parsing_size": _("数值过大"),
        "float_type": _("应为数字"),
        "float_parsing": _("应为数字"),
        "decimal_type": _("应为数字"),
        "decimal_parsing": _("应为数字"),
        "finite_number": _("应为有限的数字"),
        "decimal_max_digits": _("最多 %(max_digits)s 位数字"),
        "decimal_max_places": _("最多 %(decimal_places)s 位小数"),
        "decimal_whole_digits": _("整数部分最多 %(whole_digits)s 位"),
        "greater_than": _("应大于 %(gt)s"),
        "greater_than_equal": _("应不小于 %(ge)s"),
        "less_than": _("应小于 %(lt)s"),
        "less_than_equal": _("应不大于 %(le)s"),
        "string_type": _("应为字符串"),
        "string_too_short": _("至少 %(min_length)s 个字符"),
        "string_too_long": _("不能超过 %(max_length)s 个字符"),
        "string_pattern_mismatch": _("格式不正确"),
        "date_type": _("应为日期，格式 YYYY-MM-DD"),
        "date_parsing": _("应为日期，格式 YYYY-MM-DD"),
        "date_from_datetime_parsing": _("应为日期，格式 YYYY-MM-DD"),
        "date_from_datetime_inexact": _("应为日期，格式 YYYY-MM-DD，不带时刻"),
        "time_type": _("应为时刻，格式 HH:MM 或 HH:MM:SS"),
        "time_parsing": _("应为时刻，格式 HH:MM 或 HH:MM:SS"),
        "bool_type": _("应为 true 或 false"),
        "bool_parsing": _("应为 true 或 false"),
        "literal_error": _("应为以下取值之一：%(expected)s"),
        "enum": _("应为以下取值之一：%(expected)s"),
        "list_type": _("应为数组"),
        "too_short": _("至少 %(min_length)s 项"),
        "too_long": _("最多 %(max_length)s 项"),
        "dict_type": _("应为 JSON 对象"),
        "model_type": _("应为 JSON 对象"),
        "model_attributes_type": _("应为 JSON 对象"),
        "extra_forbidden": _("不认识的字段"),
        "json_invalid": _("不是有效的 JSON"),
    }


def _field_path(loc: list[Any]) -> tuple[str, str]:
    """(place, path): ``["body", "payload", "title"]`` → ("body", "title");
    ``["body", "marks", 2, "status"]`` → ("body", "[2].status").

    The name of the handler's body parameter is not part of the JSON the caller sent, so it is
    left out; query and path parameters keep their names."""
    place, rest = (loc[0], list(loc[1:])) if loc and loc[0] in PLACES else ("body", list(loc))
    if place == "body" and rest and isinstance(rest[0], str):
        rest = rest[1:]
    path = ""
    for part in rest:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return place, path


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = dict(error.get("ctx") or {})
    if kind == "value_error" and "error" in context:
        return str(context["error"])
    if kind == "string_too_short" and context.get("min_length") == 1:
        return _("不能为空")
    if "expected" in context:
        context["expected"] = str(context["expected"]).replace(" or ", ", ")
    template = _messages().get(kind)
    if template is None:
        return _("取值无效：%(reason)s") % {"reason": error.get("msg", kind)}
    try:
        return template % context
    except (KeyError, TypeError, ValueError):
        return template.split("%")[0].rstrip()


def readable(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    items = []
    for error in errors:
        place, path = _field_path(list(error.get("loc", [])))
        items.append({"field": path, "in": place, "message": _message(error)})
    return items


def rejected(error: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": "" if field == "__all__" else field, "in": "body", "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "in": "body", "message": message} for message in error.messages]


_HTTP_MESSAGES = {
    "Cannot parse request body": lambda: _("请求体不是有效的 JSON"),
    "Too many requests.": lambda: _("请求过于频繁，请稍后再试"),
    "Unauthorized": lambda: _("请先登录，或在请求头中提供接口令牌：Authorization: Bearer <令牌>"),
    "Forbidden": lambda: _("没有权限"),
}


def install(api: NinjaAPI) -> None:
    def on_invalid_input(request, exc: InputError):
        return api.create_response(request, {"detail": readable(exc.errors)}, status=422)

    def on_rejected(request, exc: DjangoValidationError):
        return api.create_response(request, {"detail": rejected(exc)}, status=400)

    def on_not_found(request, exc: Http404):
        message = str(exc) if isinstance(exc, NotFound) else _("没有找到，或您无权查看")
        return api.create_response(request, {"detail": message}, status=404)

    def on_unauthenticated(request, exc: AuthenticationError):
        message = _HTTP_MESSAGES.get(exc.message, lambda: exc.message)()
        return api.create_response(request, {"detail": message}, status=401)

    def on_http_error(request, exc: HttpError):
        # ninja turns whatever the body parser raises into 400; a refusal of the parser's own
        # (415, a body that is not JSON) keeps its status.
        if isinstance(exc.__cause__, HttpError):
            exc = exc.__cause__
        known = _HTTP_MESSAGES.get(exc.message.split(" (")[0])
        message = known() if known else exc.message
        if exc.status_code == 400:
            detail = [{"field": "", "in": "body", "message": message}]
            return api.create_response(request, {"detail": detail}, status=400)
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    api.add_exception_handler(InputError, on_invalid_input)
    api.add_exception_handler(DjangoValidationError, on_rejected)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(HttpError, on_http_error)
