"""The API answers as its OpenAPI document says: schemathesis generates requests for every
operation from the schema (valid and invalid ones), sends them with the tokens of several roles
on the demo data, and checks each answer: no 5xx, a declared status code, a declared content
type, a body that matches the declared schema.

Slow (a few minutes), so it runs once in CI (``pytest -m api_contract``), not in every pass of
the suite."""

from __future__ import annotations

from io import StringIO

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from touyan.accounts.models import User
from touyan.programmes.models import Programme
from touyan.records.models import Activity
from touyan.selection.models import Application, Call, Review

from ..helpers import token_for

pytestmark = pytest.mark.api_contract

EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 25, schemathesis.GenerationMode.NEGATIVE: 15}
ROLES = ("hn-centre", "hz-centre", "hz-xihu", "hn-qionghai", "host", "member", "trainee")
ROLES += ("applicant", "expert", "hz-admin")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """``touyan demo`` once for the module, rolled back after it."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        call_command("demo", stdout=StringIO(), verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def app(demo, db):
    """Django's own WSGI application, in the test's transaction: the handler must not close
    the connection at the end of each request as it does in production."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Known:
    """Values that reach real objects of the demo, so that generated requests go past 404."""

    def __init__(self):
        self.tokens = {name: token_for(User.objects.get(username=name)) for name in ROLES}
        self.values = {
            "slug": list(Programme.objects.values_list("slug", flat=True))
            + ["hainan-studios", "hangzhou-training"],
            "activity_id": list(Activity.objects.order_by("pk").values_list("pk", flat=True)[:40]),
            "call_id": list(Call.objects.values_list("pk", flat=True)),
            "application_id": list(Application.objects.values_list("pk", flat=True)[:40]),
            "review_id": list(Review.objects.values_list("pk", flat=True)[:40]),
            "code": ["330106", "330108", "469002", "460100"],
            "number": [1, 2],
        }


def _kind(failure) -> str:
    """What a failure is about, without the values of the one example that showed it."""
    lines = [line for line in str(failure).splitlines() if line.strip()]
    where = next((line.strip() for line in lines if line.strip().startswith("Schema at")), "")
    return f"{type(failure).__name__}: {lines[0] if lines else ''} {where}"


def _report(failures: dict) -> str:
    parts = [f"{len(failures)} kinds of failure"]
    for (label, kind), (role, failure, response) in sorted(failures.items()):
        body = response.text[:300] if response is not None else ""
        parts.append(f"{label} as {role or 'anonymous'} -> {kind}\n{failure}\n{body}")
    return "\n\n".join(parts)


def _steer(case, known: Known, choices: dict) -> None:
    """Replace some generated path parameters by values that exist."""
    for name in list(case.path_parameters or {}):
        pick = choices.get(name)
        if pick is not None and known.values.get(name):
            values = known.values[name]
            case.path_parameters[name] = values[pick % len(values)]


def _exercise(operation, mode, known: Known, failures: dict) -> None:
    names = sorted(known.values)

    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        role=st.sampled_from((*ROLES, None)),
        steer=st.fixed_dictionaries({n: st.none() | st.integers(0, 1000) for n in names}),
    )
    def run(case, role, steer):
        if mode is schemathesis.GenerationMode.POSITIVE:
            _steer(case, known, steer)
        headers = {"Authorization": f"Bearer {known.tokens[role]}"} if role else {}
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseExceptionGroup as group:  # every operation in one report, once per kind
            for failure in group.exceptions:
                failures.setdefault((operation.label, _kind(failure)), (role, failure, response))

    run()


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
def test_every_answer_matches_the_schema(app, mode):
    known = Known()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: dict = {}
    for result in schema.get_all_operations():
        _exercise(result.ok(), mode, known, failures)
    assert not failures, _report(failures)
