"""The home page of a trainee or a host reads their own verdicts from the programme's cached
evaluation: one evaluation for the home card and the inbox together, and queries that do not
grow with the programme."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from touyan.compliance.home import cards_for
from touyan.compliance.inbox import deliverables_due
from touyan.records.models import CurriculumCredit

from ..factories import PrincipalFactory, UserFactory
from ..programmes import SYSTEM, hangzhou

pytestmark = pytest.mark.django_db


def trainee_account(hz, index=0):
    principal = hz.trainees[index].principal
    principal.user = UserFactory(username=f"trainee{index}")
    principal.save()
    return principal.user


def home_queries(client):
    client.get("/")  # warm: the menu, the cached evaluation
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_trainees_home_evaluates_once_and_its_queries_do_not_grow(client):
    from touyan.programmes import services

    hz = hangzhou(trainees=2)
    user = trainee_account(hz)
    client.force_login(user)
    few = home_queries(client)
    # The evaluation is read from the shared cache, not run: the engine's reading of
    # curriculum credits (which nothing else on the page reads) is not there.
    assert not [sql for sql in few if CurriculumCredit._meta.db_table in sql]

    for index in range(8):
        services.add_trainee(
            actor=SYSTEM,
            cohort=hz.cohort,
            principal=PrincipalFactory(name=f"新学员{index}"),
            joined_on=hz.cohort.starts_on,
        )
    many = home_queries(client)
    assert len(many) == len(few)


def test_the_card_and_the_inbox_give_what_the_engine_gives_alone(client):
    from touyan.compliance.engine import evaluate
    from touyan.compliance.verdicts import State

    hz = hangzhou(trainees=3)
    user = trainee_account(hz, 1)
    trainee = hz.trainees[1]
    (card,) = cards_for(user)
    alone = evaluate(hz.programme, as_of=timezone.localdate(), subject_ids=[trainee.pk])
    counts = alone.counts()
    assert (card.at_risk, card.missed) == (counts[State.AT_RISK], counts[State.MISSED])
    due = deliverables_due(user)
    assert all(item.subject == trainee.principal.name for item in due)
