"""The compliance rule site_freshness (HN-4.1.6): at least two posts published in every month —
met, at risk while the month runs, missed once it has passed — with the posts as evidence; the
facts cost the same queries for more studios."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.programmes import hainan
from tests.records.programme_people import with_hainan
from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import State
from touyan.publishing.models import Post

from .helpers import published

D = dt.date
pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.6")]
RULE = "hn-site-freshness"


def on(post, day: dt.date):
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Post.objects.filter(pk=post.pk).update(published_at=at)


def month(evaluation, studio, start: dt.date):
    (verdict,) = [
        v for v in evaluation.cells[(studio.pk, RULE)].verdicts if v.period.start == start
    ]
    return verdict


def test_two_posts_a_month_are_met_one_is_at_risk_then_missed(cast):
    hn = with_hainan(cast, members=1)
    keeping, lagging = hn.studios
    for day in (D(2025, 10, 3), D(2025, 10, 20)):
        on(published(cast.host, keeping, title=f"动态{day}"), day)
    only = published(cast.other_host, lagging, title="唯一一篇")
    on(only, D(2025, 10, 8))
    evaluation = evaluate(hn.programme, as_of=D(2025, 10, 25))
    october = D(2025, 10, 1)
    met = month(evaluation, keeping, october)
    assert met.state is State.MET and (met.count, met.required) == (2, 2)
    assert [e.kind for e in met.evidence] == ["post", "post"]
    risk = month(evaluation, lagging, october)
    assert risk.state is State.AT_RISK and [e.id for e in risk.evidence] == [only.pk]
    assert "还差 1" in risk.missing
    later = evaluate(hn.programme, as_of=D(2025, 11, 10))
    assert month(later, lagging, october).state is State.MISSED


def test_a_post_taken_down_no_longer_counts(cast):
    hn = with_hainan(cast, members=1)
    studio = hn.studios[0]
    posts = [published(cast.host, studio, title=f"第{n}篇") for n in (1, 2)]
    for post in posts:
        on(post, D(2025, 10, 5))
    Post.objects.filter(pk=posts[0].pk).update(status=Post.Status.TAKEN_DOWN)
    evaluation = evaluate(hn.programme, as_of=D(2025, 11, 2))
    assert month(evaluation, studio, D(2025, 10, 1)).state is State.MISSED


def test_the_facts_cost_the_same_queries_for_more_studios():
    counts = []
    for studios in (3, 30):
        hn = hainan(studios=studios, members=0, start=D(2020 + studios // 10, 9, 1))
        for studio in hn.studios:
            Post.objects.create(
                studio=studio,
                column="exchange",
                kind="news",
                title="动态",
                author_name="主持人",
                status=Post.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        counts.append(evaluate(hn.programme, as_of=D(2026, 12, 1)).queries)
    assert counts[0] == counts[1]
