"""A server error is mailed to ADMINS and may go to an error-tracking service, but neither
carries the request body, an ID number or a mobile number."""

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from touyan.core import error_tracking
from touyan.core.error_tracking import scrub

pytestmark = pytest.mark.django_db

ID_NUMBER, MOBILE, OTHER_MOBILE = "110101199003070012", "13912345678", "15800001111"
NAME = "张三丰"


@csrf_exempt
def failing_view(request):
    principal = {"id_number": request.POST["id_number"], "mobile": request.POST["mobile"]}
    raise ValueError(f"could not save {principal['id_number']}")


urlpatterns = [path("save/", failing_view)]


@pytest.mark.urls(__name__)
def test_a_500_on_a_post_mails_the_admins_without_the_body_or_any_personal_number(settings):
    settings.ADMINS = [("运维", "ops@example.org")]
    client = Client(raise_request_exception=False)
    response = client.post(
        f"/save/?mobile={OTHER_MOBILE}",
        {"id_number": ID_NUMBER, "mobile": MOBILE, "name": NAME},
        headers={"X-Caller": OTHER_MOBILE},
    )
    assert response.status_code == 500
    [message] = mail.outbox
    assert message.to == ["ops@example.org"]
    report = message.subject + message.body
    assert "ValueError" in report and "failing_view" in report
    for secret in (ID_NUMBER, MOBILE, OTHER_MOBILE, NAME):
        assert secret not in report, secret
    # The form's field names are kept (they tell what was sent), never their values.
    assert "id_number" in report and "1101**********0012" in report


def test_the_admins_are_read_from_the_environment():
    from touyan.settings import parse_admins

    assert parse_admins("") == []
    assert parse_admins("运维组 <ops@example.org>, dba@example.org") == [
        ("运维组", "ops@example.org"),
        ("dba@example.org", "dba@example.org"),
    ]


def sentry_event():
    return {
        "message": f"failed for {ID_NUMBER}",
        "user": {"id": "7", "ip_address": "10.1.2.3", "username": "zhang"},
        "request": {
            "url": "https://touyan.example/save/",
            "query_string": f"mobile={OTHER_MOBILE}",
            "data": {"id_number": ID_NUMBER, "name": NAME},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "X-Caller": MOBILE, "User-Agent": "x"},
        },
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"could not save {ID_NUMBER}",
                    "stacktrace": {"frames": [{"vars": {"principal": f"{{'m': '{MOBILE}'}}"}}]},
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": f"SELECT … '{MOBILE}'"}]},
    }


def test_an_error_tracking_event_is_scrubbed_before_it_is_sent():
    scrubbed = scrub(sentry_event(), {})
    sent = json.dumps(scrubbed, ensure_ascii=False)
    for secret in (ID_NUMBER, MOBILE, OTHER_MOBILE, NAME, "sessionid=abc", "10.1.2.3"):
        assert secret not in sent, secret
    assert scrubbed["request"]["data"] == "[Filtered]"
    assert scrubbed["request"]["headers"]["User-Agent"] == "x"
    assert scrubbed["exception"]["values"][0]["value"] == "could not save 1101**********0012"
    assert "user" not in scrubbed


def test_error_tracking_starts_only_with_a_dsn_and_sends_no_personal_data(monkeypatch):
    import sentry_sdk

    started = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: started.update(options))
    error_tracking.start_error_tracking("https://key@errors.example/1", environment="staging")
    assert started["send_default_pii"] is False
    assert started["before_send"] is scrub
    assert started["max_request_body_size"] == "never"
    assert started["include_local_variables"] is False
    assert started["environment"] == "staging"
