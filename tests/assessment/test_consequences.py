"""A published grade's consequence, applied once when due (HN-5.4, HN-5.4.1): 不合格 revokes the
studio and releases its members after the review window; 优秀 records a commendation."""

import datetime as dt

import pytest

from touyan.assessment.consequences import RELEASE_REASON, apply_due
from touyan.assessment.jobs_consequences import apply_consequences
from touyan.assessment.models import Consequence
from touyan.core.actors import Actor
from touyan.jobs.schedule import PERIODIC
from touyan.programmes.models import Studio, StudioMember

from ..programmes import hainan
from .decided import published

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.4", "HN-5.4.1")]

DAY = dt.date(2026, 10, 10)


def test_a_revocation_waits_for_the_review_window_then_releases_every_member(pin_today):
    pin_today(DAY)
    hn = hainan(studios=2, members=3)
    round_ = published(hn, ["pass", "fail"], today=DAY)
    failed = hn.studios[1]
    closes = round_.review_closes_on
    assert apply_due(actor=Actor.system(), today=closes) == 0
    failed.refresh_from_db()
    assert failed.revoked_on is None
    assert not StudioMember.objects.filter(studio=failed, left_on__isnull=False).exists()

    day_after = closes + dt.timedelta(days=1)
    assert apply_due(actor=Actor.system(), today=day_after) == 1
    failed.refresh_from_db()
    assert failed.revoked_on == day_after
    assert round_.name in failed.revoked_reason and "不合格" in failed.revoked_reason
    members = StudioMember.objects.filter(studio=failed)
    assert members.count() == 3
    # Their last day as members is the day before the revocation.
    assert set(members.values_list("left_on", "left_reason")) == {(closes, RELEASE_REASON)}
    # The other studio and its members are untouched; history (memberships) is kept.
    other = Studio.objects.get(pk=hn.studios[0].pk)
    assert other.revoked_on is None
    assert not StudioMember.objects.filter(studio=other, left_on__isnull=False).exists()
    case = round_.cases.get(studio=failed)
    assert case.applied_at is not None
    # Idempotent: a second run applies nothing.
    applied_at = case.applied_at
    assert apply_due(actor=Actor.system(), today=day_after + dt.timedelta(days=3)) == 0
    case.refresh_from_db()
    assert case.applied_at == applied_at


def test_the_daily_job_applies_what_is_due(pin_today):
    pin_today(DAY)
    hn = hainan(studios=1, members=2)
    round_ = published(hn, ["fail"], today=DAY)
    pin_today(round_.review_closes_on + dt.timedelta(days=1))

    class FakeJob:
        requested_by = None

    assert apply_consequences(FakeJob()) == {"applied": 1}
    assert apply_consequences(FakeJob()) == {"applied": 0}
    assert "assessment-consequences" in PERIODIC


def test_a_commendation_is_recorded_at_publication(pin_today):
    pin_today(DAY)
    hn = hainan(studios=1, members=2)
    round_ = published(hn, ["excellent"], today=DAY)
    case = round_.cases.get()
    assert case.consequence == Consequence.COMMEND and case.applied_at is not None
    assert Studio.objects.get(pk=hn.studios[0].pk).revoked_on is None


def test_a_revoked_studio_has_no_deliverables_due_for_its_host(pin_today):
    from touyan.compliance.inbox import _own_work

    from ..formation import with_user

    pin_today(DAY)
    hn = hainan(studios=1, members=2)
    round_ = published(hn, ["fail"], today=DAY)
    host = with_user(hn.studios[0].host).user
    assert _own_work(host, hn.programme) == [hn.studios[0].pk]
    apply_due(actor=Actor.system(), today=round_.review_closes_on + dt.timedelta(days=1))
    assert _own_work(host, hn.programme) == []
