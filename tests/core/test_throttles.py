"""The shared leaky bucket: a burst, then one request per interval, exactly."""

import datetime as dt

import pytest
from django.utils import timezone

from touyan.core import throttles
from touyan.core.models import ThrottleBucket

pytestmark = pytest.mark.django_db
RATE = throttles.Rate(burst=3, interval=60)


def at(moment, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_a_burst_passes_then_the_bucket_asks_for_the_wait_until_one_drop_leaked(monkeypatch):
    start = timezone.now()
    at(start, monkeypatch)
    assert [throttles.take("k", RATE) for _ in range(3)] == [0, 0, 0]
    assert throttles.take("k", RATE) == 60
    at(start + dt.timedelta(seconds=45), monkeypatch)
    assert throttles.take("k", RATE) == 15
    at(start + dt.timedelta(seconds=60), monkeypatch)
    assert throttles.take("k", RATE) == 0
    assert throttles.take("k", RATE) == 60
    assert throttles.take("other", RATE) == 0


def test_refusals_do_not_fill_the_bucket_further(monkeypatch):
    start = timezone.now()
    at(start, monkeypatch)
    for _ in range(3):
        throttles.take("k", RATE)
    for _ in range(10):
        assert throttles.take("k", RATE) == 60


def test_giving_back_makes_room_again():
    for _ in range(3):
        throttles.take("k", RATE)
    throttles.give_back("k", RATE)
    assert throttles.take("k", RATE) == 0


def test_empty_buckets_are_deleted(monkeypatch):
    start = timezone.now()
    at(start, monkeypatch)
    throttles.take("old", RATE)
    at(start + dt.timedelta(hours=1), monkeypatch)
    throttles.take("new", RATE)
    assert list(ThrottleBucket.objects.values_list("key", flat=True)) == ["new"]
