"""What assessment rounds put in the 待办 inbox, for each role, against the rows; and the
queries stay the same whatever the number of rounds and cases."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from touyan.accounts.roles import Role
from touyan.assessment import inbox
from touyan.assessment.models import Case, ReviewRequest, Round, Score, SurveyInvitation
from touyan.assessment.services.reviews import request_review
from touyan.core.actors import Actor

from ..factories import UserFactory, grant
from ..formation import with_user
from ..programmes import hainan
from .decided import authority, deciding, published
from .rounds import annual

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.4", "HN-5.3")]


def keys(user) -> set[str]:
    return {item.key for item in inbox.items(user)}


def test_hosts_have_their_dossier_and_members_their_survey(pin_today):
    hn = hainan(studios=2, members=2)
    round_ = annual(hn)
    pin_today(round_.opens_on)
    host = with_user(hn.studios[0].host).user
    member = with_user(hn.members[hn.studios[0].pk][0]).user
    case = round_.cases.get(studio=hn.studios[0])
    items = {item.key: item for item in inbox.items(host)}
    assert set(items) == {f"assessment.dossier:{case.pk}"}
    assert items[f"assessment.dossier:{case.pk}"].due == round_.closes_on
    assert keys(member) == {f"assessment.survey:{case.pk}"}
    SurveyInvitation.objects.filter(case=case).update(answered=True)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.SUBMITTED)
    assert keys(host) == set() and keys(member) == set()
    pin_today(round_.closes_on + dt.timedelta(days=1))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.PREPARING)
    assert keys(host) == set()  # the window has closed


def test_experts_and_the_centre_during_scoring():
    hn = hainan(studios=2, members=1)
    round_ = annual(hn)
    Round.objects.filter(pk=round_.pk).update(stage=Round.Stage.SCORING)
    expert = UserFactory()
    grant(expert, Role.EXPERT, "460000")
    first, second = round_.cases.order_by("pk")
    Case.objects.filter(round=round_).update(status=Case.Status.SUBMITTED)
    for case in (first, second):
        Score.objects.create(case=case, expert=expert)
    items = inbox.items(expert)
    assert [(i.key, i.count) for i in items] == [(f"assessment.score:{round_.pk}", 2)]
    centre = UserFactory()
    grant(centre, Role.CENTRE_STAFF, "460000")
    assert keys(centre) == set()
    Case.objects.filter(pk=first.pk).update(status=Case.Status.SCORED, needs_moderation=True)
    Case.objects.filter(pk=second.pk).update(status=Case.Status.SCORED)
    assert keys(centre) == {f"assessment.moderate:{round_.pk}"}
    Case.objects.filter(pk=first.pk).update(needs_moderation=False)
    assert keys(centre) == {f"assessment.close_scoring:{round_.pk}"}
    Score.objects.update(submitted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert keys(expert) == set()


def test_the_authority_decides_and_publishes():
    hn = hainan(studios=2, members=1)
    round_ = deciding(hn, ["pass", "good"])
    decider = authority()
    centre = UserFactory()
    grant(centre, Role.CENTRE_STAFF, "460000")
    items = inbox.items(decider)
    assert [(i.key, i.count) for i in items] == [(f"assessment.decide:{round_.pk}", 2)]
    assert keys(centre) == set()
    assert keys(authority("330100")) == set()
    Case.objects.filter(round=round_).update(status=Case.Status.DECIDED, grade="pass")
    (item,) = inbox.items(decider)
    assert item.title == "考核结果待公布" and item.url.endswith("/publish/")


@pytest.mark.clause("HN-5.4.1")
def test_the_review_window_and_the_review_steps(pin_today):
    day = dt.date(2026, 10, 10)
    pin_today(day)
    hn = hainan(studios=2, members=1)
    decider = authority()
    round_ = published(hn, ["fail", "pass"], by=decider, today=day)
    case = round_.cases.get(studio=hn.studios[0])
    host = with_user(hn.studios[0].host).user
    other = with_user(hn.studios[1].host).user
    assert keys(host) == {f"assessment.review_window:{case.pk}"}
    assert keys(other) == set()
    pin_today(round_.review_closes_on + dt.timedelta(days=1))
    assert keys(host) == set()
    pin_today(day)
    review = request_review(actor=Actor(user=host), case=case, reason="理由")
    assert keys(host) == set()
    centre = UserFactory()
    grant(centre, Role.CENTRE_STAFF, "460000")
    assert keys(centre) == {f"assessment.review_panel:{review.pk}"}
    expert = UserFactory()
    grant(expert, Role.EXPERT, "460000")
    score = Score.objects.create(case=case, expert=expert, for_review=True)
    assert keys(centre) == set()
    assert keys(expert) == {f"assessment.review_score:{round_.pk}"}
    assert keys(decider) == set()
    Score.objects.filter(pk=score.pk).update(submitted_at=dt.datetime(2026, 10, 11, tzinfo=dt.UTC))
    assert keys(decider) == {f"assessment.review_decide:{review.pk}"}
    ReviewRequest.objects.update(status=ReviewRequest.Status.REFUSED)
    assert keys(decider) == set()


def count_queries(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        inbox.items(user)
    return len(captured.captured_queries)


def test_the_queries_do_not_grow_with_the_rounds():
    decider = authority()
    deciding(hainan(studios=1, members=1), ["pass"])
    decider = type(decider).objects.get(pk=decider.pk)
    few = count_queries(decider)
    deciding(hainan(studios=4, members=1, start=dt.date(2024, 9, 1)), ["pass"] * 4)
    decider = type(decider).objects.get(pk=decider.pk)
    assert count_queries(decider) == few
