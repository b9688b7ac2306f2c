"""Each demo account's 待办 lists exactly its pending work: the demo built once, as of today,
and every item checked against the records it stands for."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from touyan.accounts.models import User
from touyan.core import inbox
from touyan.demo.build import build_demo
from touyan.selection.models import Application, Call, Objection, Review

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        build_demo(today=timezone.localdate())
        yield timezone.localdate()
        transaction.set_rollback(True)


@pytest.fixture
def account(demo, db):
    return lambda username: User.objects.get(username=username)


def keys(user) -> set[str]:
    return {item.key for item in inbox.items_for(user)}


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_the_district_officer_has_each_open_calls_applications_to_review(account, client):
    xihu = account("hz-xihu")
    waiting = (
        Application.objects.filter(
            status=Application.Status.SUBMITTED,
            call__stage=Call.Stage.OPEN,
            district_id="330106",
        )
        .values_list("call_id", flat=True)
        .order_by("call_id")
    )
    expected = {}
    for call_id in waiting:
        expected[call_id] = expected.get(call_id, 0) + 1
    assert expected, "the demo leaves 西湖区 applications to review"
    items = inbox.items_for(xihu)
    assert {item.key: item.count for item in items} == {
        f"selection.district:{call_id}:330106": n for call_id, n in expected.items()
    }
    client.force_login(xihu)
    page = client.get(reverse("core:inbox")).content.decode()
    for call_id in expected:
        assert reverse("selection:district_list", args=[call_id, "330106"]) in page
    # 滨江区's applications are not 西湖区's work.
    assert not any(":330108" in key for key in keys(xihu))


@pytest.mark.clause("HZ-4.1.3")
def test_the_expert_has_the_reviews_waiting_and_the_home_page_says_so(account, client):
    expert = account("expert")
    waiting = Review.objects.filter(
        expert=expert, submitted_at__isnull=True, application__call__stage=Call.Stage.REVIEW
    )
    assert waiting.exists(), "the demo leaves reviews to the expert"
    items = inbox.items_for(expert)
    assert sum(item.count for item in items) == waiting.count()
    assert {item.key for item in items} == {
        f"selection.reviews:{call_id}"
        for call_id in waiting.values_list("application__call_id", flat=True)
    }
    client.force_login(expert)
    (item,) = items
    details = client.get(reverse("core:inbox_item", args=[item.key])).content.decode()
    for review in waiting:
        assert reverse("selection:review", args=[review.pk]) in details
    page = client.get(reverse("core:home")).content.decode()
    assert "目前没有分配给您的评审任务" not in page
    assert f"{waiting.count()} 份申报待您评审" in page


@pytest.mark.clause("HZ-4.1.3")
@pytest.mark.parametrize("username", ["hz-centre", "hz-admin"])
def test_the_city_has_the_objections_to_handle(account, username):
    pending = Objection.objects.filter(
        status=Objection.Status.PENDING, notice__call__programme__jurisdiction_id="330100"
    )
    expected = {
        f"selection.objections:{pk}" for pk in pending.values_list("notice__call_id", flat=True)
    }
    assert expected, "the demo leaves an objection to handle"
    # And cohort 2's plan waiting for approval, and its leave requests to decide; and the
    # centre closes cohort 1's first programme year of funds, which has ended.
    course = {k for k in keys(account(username)) if k.startswith(("training.", "funding."))}
    assert {k.split(":")[0] for k in course} <= {
        "training.plans",
        "training.leave",
        "funding.year_end",
    }
    assert keys(account(username)) - course == expected


# A host's own studio work (attendance to record, HN-4.1.2, HN-4.2.2, HN-4.1.6, HN-4.0.1) besides
# deliverables due.
HOSTS_WORK = (
    "compliance.deliverable:",
    "records.attendance",
    "diagnosis.",
    "studios.task",
    "publishing.",
    "community.",
)
# A member's own: their task parts, their school's follow-ups, their study sessions.
MEMBERS_WORK = ("studios.task", "diagnosis.follow_up", "community.")


def test_the_host_has_their_studios_work_and_nothing_else(account):
    items = inbox.items_for(account("host"))
    assert items and all(item.key.startswith(HOSTS_WORK) for item in items)
    today = timezone.localdate()
    deliverables = [item for item in items if item.key.startswith("compliance.deliverable:")]
    assert all(item.due is not None and (item.due - today).days <= 60 for item in deliverables)


def test_a_member_is_given_their_own_work_not_the_studios_reports(account):
    assert all(key.startswith(MEMBERS_WORK) for key in keys(account("member")))


def test_the_trainee_has_nothing_due_yet(account):
    assert keys(account("trainee")) == set()
