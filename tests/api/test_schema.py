"""The OpenAPI document and the interactive docs, served without any outside host."""

import re

import pytest

from .helpers import url

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/programmes": {"get"},
    "/api/v1/programmes/{slug}": {"get"},
    "/api/v1/policies": {"get"},
    "/api/v1/policies/{slug}": {"get"},
    "/api/v1/policies/{slug}/versions/{number}": {"get"},
    "/api/v1/programmes/{slug}/studios": {"get"},
    "/api/v1/programmes/{slug}/trainees": {"get"},
    "/api/v1/programmes/{slug}/activities": {"get", "post"},
    "/api/v1/activities/{activity_id}": {"get", "patch", "delete"},
    "/api/v1/activities/{activity_id}/attendance": {"get", "put"},
    "/api/v1/programmes/{slug}/deliverables": {"get", "post"},
    "/api/v1/programmes/{slug}/compliance": {"get"},
    "/api/v1/calls": {"get"},
    "/api/v1/calls/{call_id}": {"get"},
    "/api/v1/calls/{call_id}/applications": {"post"},
    "/api/v1/applications": {"get"},
    "/api/v1/applications/{application_id}": {"get", "put"},
    "/api/v1/applications/{application_id}/submit": {"post"},
    "/api/v1/calls/{call_id}/districts/{code}/applications": {"get"},
    "/api/v1/applications/{application_id}/review": {"post"},
    "/api/v1/calls/{call_id}/districts/{code}/ranking": {"put"},
    "/api/v1/calls/{call_id}/districts/{code}/submit": {"post"},
    "/api/v1/calls/{call_id}/batches": {"get"},
    "/api/v1/reviews": {"get"},
    "/api/v1/reviews/{review_id}": {"get", "post"},
    "/api/v1/calls/{call_id}/ranking": {"get"},
    "/api/v1/applications/{application_id}/decision": {"post"},
}


@pytest.fixture
def schema(client):
    response = client.get(url("/openapi.json"))
    assert response.status_code == 200
    return response.json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_the_schema_is_openapi_3_with_every_path(schema):
    assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
    assert schema["info"]["title"] == "Touyan API" and schema["info"]["version"] == "1"
    assert {path: set(methods) for path, methods in schema["paths"].items()} == PATHS


def test_every_operation_is_described_and_secured(schema):
    operation_ids = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operation_ids.append(operation["operationId"])
            assert operation["summary"], (path, method)
            assert {"401", "404"} <= set(operation["responses"]), (path, method)
            assert {"TokenAuth": []} in operation["security"]
            assert {"SessionAuth": []} in operation["security"]
            for parameter in operation.get("parameters", []):
                assert parameter["in"] in {"path", "query"}
                assert parameter["in"] != "path" or parameter["required"] is True
    assert len(operation_ids) == len(set(operation_ids))
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_every_reference_resolves(schema):
    components = schema["components"]["schemas"]
    for ref in set(_refs(schema)):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in components, ref


def test_personal_numbers_are_only_in_the_people_of_programmes(schema):
    """ID and mobile numbers come only with the people of a programme, masked unless the token
    carries the personal-data scope; birth dates and digests never."""
    carrying = set()
    for name, component in schema["components"]["schemas"].items():
        properties = set(component.get("properties", {}))
        assert not properties & {"birth_date", "id_digest", "masked_id_number"}, name
        if properties & {"id_number", "mobile"}:
            carrying.add(name)
    assert carrying == {"PersonOut", "MemberOut", "TraineeOut"}


def test_the_docs_page_loads_its_assets_from_our_own_static(client):
    page = client.get(url("/docs")).content.decode()
    assert "http://" not in page and "https://" not in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert "/static/ninja/swagger-ui.css" in assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    assert '"url": "/api/v1/openapi.json"' in page


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/programmes/", "/api/v2/programmes"])
def test_a_mistyped_path_answers_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("没有这个接口")
