"""Structured logs: every line of a request carries its id (kept from a proxy's sane
X-Request-ID, returned on the response) and the user's id, and no handler lets an ID or mobile
number through."""

import io
import json
import logging
import re

import pytest
from django.conf import settings as project_settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from tests.factories import UserFactory
from touyan.core.logging import MaskedJsonFormatter, MaskPersonalData
from touyan.core.request_ids import request_id_from

pytestmark = pytest.mark.django_db

ID_NUMBER, MOBILE = "110101199003070012", "13912345678"


def logging_view(request):
    logging.getLogger("touyan.tests").warning("looked up %s, mobile %s", ID_NUMBER, MOBILE)
    return HttpResponse("ok")


urlpatterns = [path("logging/", logging_view)]


@pytest.fixture
def console():
    """The real console handler of the root logger, writing to a buffer for the test."""
    [handler] = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, MaskedJsonFormatter)
    ]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_a_proxys_plain_request_id_is_kept_and_anything_else_replaced():
    assert request_id_from("a1b2c3d4-e5f6.req_1") == "a1b2c3d4-e5f6.req_1"
    for unsafe in (
        None,
        "",
        "short",
        "x" * 65,
        "id with spaces",
        'id"}\n{"level":"x"',
        "中文编号12345",
    ):
        assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(unsafe))


def test_every_response_names_its_request(client):
    url = reverse("accounts:login")
    own = client.get(url)["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", own)
    assert client.get(url)["X-Request-ID"] != own
    kept = client.get(url, headers={"X-Request-ID": "proxy-0001-abcd"})
    assert kept["X-Request-ID"] == "proxy-0001-abcd"
    replaced = client.get(url, headers={"X-Request-ID": "bad id\r\nX-Evil: 1"})
    assert replaced["X-Request-ID"] != "bad id\r\nX-Evil: 1"


@pytest.mark.urls(__name__)
def test_a_log_line_is_json_with_the_request_and_user_ids_and_no_personal_number(console):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.get("/logging/", headers={"X-Request-ID": "proxy-0002-abcd"})
    assert response["X-Request-ID"] == "proxy-0002-abcd"
    [line] = [
        json.loads(line) for line in console.getvalue().splitlines() if '"touyan.tests"' in line
    ]
    assert line["request_id"] == "proxy-0002-abcd" and line["user_id"] == user.pk
    assert line["level"] == "WARNING" and line["time"].endswith("+00:00")
    assert ID_NUMBER not in line["message"] and MOBILE not in line["message"]
    assert "1101**********0012" in line["message"] and "139****5678" in line["message"]


def failing_view(request):
    raise ValueError("broken")


urlpatterns.append(path("failing/", failing_view))


@pytest.mark.urls(__name__)
def test_a_server_error_line_names_the_request_without_its_query_string(console):
    Client(raise_request_exception=False).get("/failing/", {"q": "张三丰"})
    [line] = [
        json.loads(line) for line in console.getvalue().splitlines() if '"django.request"' in line
    ]
    assert line["status_code"] == 500 and line["request"] == "GET /failing/"
    assert "张三丰" not in console.getvalue() and "ValueError: broken" in line["exc_info"]


def test_outside_a_request_the_ids_are_a_dash(console):
    logging.getLogger("touyan.tests").warning("nightly")
    [line] = [json.loads(line) for line in console.getvalue().splitlines() if "nightly" in line]
    assert (line["request_id"], line["user_id"]) == ("-", "-")


def test_a_traceback_in_a_log_line_is_masked_too(console):
    try:
        raise ValueError(f"bad number {ID_NUMBER}")
    except ValueError:
        logging.getLogger("touyan.tests").exception("failed")
    assert ID_NUMBER not in console.getvalue()
    assert "1101**********0012" in console.getvalue()


def test_every_handler_masks_personal_numbers():
    config = project_settings.LOGGING
    for name, handler in config["handlers"].items():
        assert "mask_personal_data" in handler["filters"], name
        assert "request_context" in handler["filters"], name
    import django_q.conf  # noqa: F401  (adds a handler of its own to "django-q" if none is found)

    names = [*config["loggers"], "django.request", "django-q", "touyan"]
    live = [
        handler
        for logger in [logging.getLogger()] + [logging.getLogger(name) for name in names]
        for handler in logger.handlers
        # pytest's own capture handlers aside
        if not type(handler).__module__.startswith("_pytest")
    ]
    assert live
    for handler in live:
        assert any(isinstance(f, MaskPersonalData) for f in handler.filters), handler


def test_text_format_for_development(monkeypatch):
    import importlib

    import touyan.settings as settings_module

    monkeypatch.delenv("LOG_FORMAT", raising=False)
    monkeypatch.setenv("DEBUG", "1")
    try:
        assert importlib.reload(settings_module).LOG_FORMAT == "text"
        monkeypatch.setenv("LOG_FORMAT", "json")
        assert importlib.reload(settings_module).LOG_FORMAT == "json"
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)
