"""Naming a download: the name people read (any script) with a plain-ASCII fallback."""

from urllib.parse import quote

from django.http import HttpResponse


def name_download(response: HttpResponse, name: str, fallback: str) -> HttpResponse:
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    )
    return response
