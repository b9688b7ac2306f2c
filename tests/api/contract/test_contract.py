"""The API answers as its OpenAPI document says: schemathesis generates requests for every
operation from the schema (valid and invalid ones), sends them with the tokens of several roles
on the demo data, and checks each answer: no 5xx, a declared status code, a declared content
type, a body that matches the declared schema.

Slow (a few minutes), so it runs once in CI (``pytest -m api_contract tests/api/contract``),
not in every pass of the suite. Deterministic: the same requests on every run."""

from __future__ import annotations

import logging
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
from touyan.policies.models import Policy
from touyan.programmes.selectors import programmes_visible_to
from touyan.records.selectors import activities_visible_to
from touyan.selection import selectors

from ..helpers import token_for

pytestmark = pytest.mark.api_contract

# Examples per operation: the run stays within a few minutes on two cores.
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 30, schemathesis.GenerationMode.NEGATIVE: 15}
ROLES = ("hn-centre", "hz-centre", "hz-xihu", "hn-qionghai", "host", "member", "trainee")
ROLES += ("applicant", "expert", "hz-admin")
DISTRICTS = ["330106", "330108", "469002", "460100"]
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
    the connection at the end of each request as it does in production. 4xx answers are the
    point of the exercise, not news for the log."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    quiet = logging.getLogger("django.request")
    level, quiet.level = quiet.level, logging.ERROR
    yield WSGIHandler()
    quiet.level = level
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _reach(user) -> dict[str, list]:
    """Path parameter values that name objects this user sees, so that generated requests get
    past 404 to the code that reads and writes."""
    programmes = list(programmes_visible_to(user))
    activities = [
        pk
        for programme in programmes
        for pk in activities_visible_to(user, programme).values_list("pk", flat=True)[:8]
    ]
    return {
        "slug": [p.slug for p in programmes] + list(Policy.objects.values_list("slug", flat=True)),
        "activity_id": activities,
        "call_id": list(selectors.calls_visible_to(user).values_list("pk", flat=True))
        + list(selectors.public_calls().values_list("pk", flat=True)),
        "application_id": list(
            selectors.applications_visible_to(user).values_list("pk", flat=True)[:20]
        ),
        "review_id": list(selectors.reviews_of(user).values_list("pk", flat=True)[:20]),
        "code": DISTRICTS,
        "number": [1, 2],
    }


class Known:
    def __init__(self):
        users = {name: User.objects.get(username=name) for name in ROLES}
        self.tokens = {name: token_for(user) for name, user in users.items()}
        self.reach = {name: _reach(user) for name, user in users.items()}


def _steer(case, values: dict[str, list], pick: int) -> None:
    """Most of the time, put values that exist into the generated path parameters."""
    if pick % 5 == 0:
        return
    for name in list(case.path_parameters or {}):
        if values.get(name):
            case.path_parameters[name] = values[name][pick % len(values[name])]


def _kind(failure) -> str:
    """What a failure is about, without the values of the one example that showed it."""
    lines = [line.strip() for line in str(failure).splitlines() if line.strip()]
    where = next((line for line in lines if line.startswith("Schema at")), "")
    return f"{type(failure).__name__}: {lines[0] if lines else ''} {where}"


def _report(failures: dict) -> str:
    parts = [f"{len(failures)} kinds of failure"]
    for (label, kind), (role, failure, body) in sorted(failures.items()):
        parts.append(f"{label} as {role or 'anonymous'} -> {kind}\n{failure}\n{body}")
    return "\n\n".join(parts)


def _exercise(operation, mode, known: Known, failures: dict) -> None:
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
        pick=st.integers(0, 9999),
    )
    def run(case, role, pick):
        if role and mode is schemathesis.GenerationMode.POSITIVE:
            _steer(case, known.reach[role], pick)
        headers = {"Authorization": f"Bearer {known.tokens[role]}"} if role else {}
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseExceptionGroup as group:  # every operation in one report, once per kind
            for failure in group.exceptions:
                found = (role, failure, response.text[:300])
                failures.setdefault((operation.label, _kind(failure)), found)

    run()


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
def test_every_answer_matches_the_schema(app, mode):
    known = Known()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: dict = {}
    for result in schema.get_all_operations():
        _exercise(result.ok(), mode, known, failures)
    assert not failures, _report(failures)
