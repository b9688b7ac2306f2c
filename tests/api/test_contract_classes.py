"""Each kind of mismatch between the OpenAPI document and the answers that the schemathesis run
(tests/api/contract) found, held here by an ordinary test: field names as sent, one schema per
name, times with their zone."""

import datetime as dt
import json
import re
import typing

import pytest
from pydantic import BaseModel

from touyan.api.main import api
from touyan.records.models import Activity

from ..programmes import hangzhou
from .helpers import send, token_for, url

pytestmark = pytest.mark.django_db

OFFSET = r"(Z|[+-]\d\d:\d\d)$"


def bearer(cast) -> dict:
    return {"Authorization": f"Bearer {token_for(cast.hz_centre)}"}


@pytest.fixture
def schema(client):
    return client.get(url("/openapi.json")).json()


def test_an_error_item_is_documented_with_the_names_it_is_sent_with(client, cast, schema):
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["properties"]) == set(problem["required"]) == {"field", "in", "message"}
    assert set(problem["properties"]["in"]["enum"]) == {"body", "query", "path", "header", "cookie"}
    hz = hangzhou(trainees=1)
    path = f"/programmes/{hz.programme.slug}/activities?page=0"
    sent = send(client, "GET", path, key=token_for(cast.hz_centre))
    assert sent.status_code == 422
    assert [set(item) for item in sent.json()["detail"]] == [{"field", "in", "message"}]
    assert sent.json()["detail"][0]["in"] == "query"


def _models(annotation, found: dict) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found.setdefault(annotation.__name__, set()):
            return
        found[annotation.__name__].add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models(argument, found)


def _operations():
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            yield from view.operations


def test_no_two_models_that_differ_share_a_schema_name():
    """The document has one schema per name: two response models of one name would leave one
    of them described by the other's fields."""
    found: dict[str, set] = {}
    for operation in _operations():
        # ninja's own wrappers (the response, the body, query and path parameters) are not
        # part of the document; what they hold is.
        wrappers = [*operation.response_models.values(), *operation.models]
        for wrapper in filter(None, wrappers):
            for field in wrapper.model_fields.values():
                _models(field.annotation, found)
    clashes = {
        name: models
        for name, models in found.items()
        if len({repr(m.model_json_schema(mode="serialization")) for m in models}) > 1
    }
    assert not clashes


def test_every_schema_in_the_document_is_the_one_of_its_model(schema):
    components = schema["components"]["schemas"]
    for name in ("EvidenceOut", "EvidenceFileOut", "CohortRef", "CallCohortRef", "ProgrammeRef"):
        assert name in components, name
    assert "kind" in components["EvidenceOut"]["properties"]
    assert "requirement" in components["EvidenceFileOut"]["properties"]
    assert "number" in components["CohortRef"]["properties"]


def _activity(hz, **fields):
    return {
        "activity_type": "course",
        "title": "人文素养专题",
        "date": "2026-03-12",
        "cohort_id": hz.cohort.pk,
        **fields,
    }


def test_times_of_day_are_sent_with_the_platform_offset_and_moments_with_theirs(
    client, cast, schema
):
    hz = hangzhou(trainees=1)
    key = token_for(cast.hz_centre)
    path = f"/programmes/{hz.programme.slug}/activities"
    body = _activity(hz, start_time="09:00", end_time="17:30")
    created = send(client, "POST", path, body, key=key)
    assert created.status_code == 201, created.content
    activity = created.json()
    assert (activity["start_time"], activity["end_time"]) == ("09:00:00+08:00", "17:30:00+08:00")
    assert re.search(OFFSET, activity["created_at"])
    listed = send(client, "GET", path, key=key).json()["items"][0]
    assert listed["start_time"] == "09:00:00+08:00"
    out = schema["components"]["schemas"]["ActivityOut"]["properties"]
    assert {"type": "string", "format": "time"}.items() <= out["start_time"]["anyOf"][0].items()
    assert out["created_at"]["format"] == "date-time"


@pytest.mark.parametrize(
    "sent, stored",
    [
        ("09:00", dt.time(9, 0)),
        ("09:00:00+08:00", dt.time(9, 0)),
        ("01:00:00Z", dt.time(9, 0)),
        ("03:30+02:00", dt.time(9, 30)),
    ],
)
def test_a_time_of_day_without_an_offset_is_local_and_one_with_an_offset_is_converted(
    client, cast, sent, stored
):
    hz = hangzhou(trainees=1)
    path = f"/programmes/{hz.programme.slug}/activities"
    created = send(
        client, "POST", path, _activity(hz, start_time=sent), key=token_for(cast.hz_centre)
    )
    assert created.status_code == 201, created.content
    assert Activity.objects.get(pk=created.json()["id"]).start_time == stored


@pytest.mark.parametrize("sent", ["20:00:00Z", "00:30+09:00", "23:00-05:00"])
def test_a_time_that_would_fall_on_another_day_is_refused_clearly(client, cast, sent):
    hz = hangzhou(trainees=1)
    path = f"/programmes/{hz.programme.slug}/activities"
    refused = send(
        client, "POST", path, _activity(hz, start_time=sent), key=token_for(cast.hz_centre)
    )
    assert refused.status_code == 422
    (problem,) = refused.json()["detail"]
    assert (problem["field"], problem["in"]) == ("start_time", "body")
    assert "UTC+08:00" in problem["message"] and "09:00" in problem["message"]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "content_type, raw",
    [
        ("text/plain", '{"title": "x"}'),
        ("application/x-www-form-urlencoded", "title=x"),
        ("application/xml", "<title>x</title>"),
    ],
)
def test_a_body_that_is_not_json_is_refused_as_the_schema_says(
    client, cast, schema, content_type, raw
):
    hz = hangzhou(trainees=1)
    path = url(f"/programmes/{hz.programme.slug}/activities")
    sent = client.post(path, data=raw, content_type=content_type, headers=bearer(cast))
    assert sent.status_code == 415 and sent["Content-Type"].startswith("application/json")
    assert "Content-Type: application/json" in sent.json()["detail"]
    assert not Activity.objects.exists()
    operation = schema["paths"]["/api/v1/programmes/{slug}/activities"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json"}
    assert "415" in operation["responses"]
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert ("415" in operation["responses"]) == ("requestBody" in operation)


def test_a_json_body_with_a_charset_or_a_json_suffix_is_read(client, cast):
    hz = hangzhou(trainees=1)
    path = url(f"/programmes/{hz.programme.slug}/activities")
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        body = json.dumps(_activity(hz, title=content_type), ensure_ascii=False)
        sent = client.post(path, data=body, content_type=content_type, headers=bearer(cast))
        assert sent.status_code == 201, sent.content


@pytest.mark.parametrize("method", ["put", "options", "trace"])
def test_a_method_a_path_does_not_have_is_refused_in_json(client, cast, method):
    hz = hangzhou(trainees=1)
    path = url(f"/programmes/{hz.programme.slug}/activities")
    refused = getattr(client, method)(path, headers=bearer(cast))
    assert refused.status_code == 405 and refused["Content-Type"] == "application/json"
    assert set(refused["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert refused.json()["detail"].startswith(f"此接口不支持 {method.upper()} 方法")
