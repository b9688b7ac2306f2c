"""Request bodies are JSON, as the schema says: a body of another media type is refused with
415 and a reason, not read as JSON anyway (nor as a form)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.parser import Parser


def is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class JSONOnly(Parser):
    def parse_body(self, request):
        if request.body and not is_json(request.content_type or ""):
            raise HttpError(
                415,
                _("请求体须为 JSON：请在请求头中写明 Content-Type: application/json"),
            )
        return super().parse_body(request)
