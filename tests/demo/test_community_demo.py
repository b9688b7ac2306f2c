"""The demo's learning community (HN-4.0.1): the Hainan demo studio's threads and replies, a
closed online study session whose participation was counted as attendance (someone missed
it), one open now, and a reported post on the board hidden with its reason; the host reads
them on their pages."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from touyan.accounts.models import User
from touyan.community.models import Post, Report, StudySession, Thread
from touyan.demo.build import build_demo
from touyan.demo.hainan import HOST_SCHOOL
from touyan.records.models import Attendance

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
pytestmark = pytest.mark.clause("HN-4.0.1")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    today = timezone.localdate()
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        summary = build_demo(today=today)
        yield today, summary
        transaction.set_rollback(True)


@pytest.fixture
def built(demo, db):
    return demo


def test_the_demo_studio_discusses_and_the_board_hid_an_advertisement(built):
    _today, summary = built
    assert summary.hainan_community.created
    studio_threads = Thread.objects.filter(
        studio__base_school__name=HOST_SCHOOL[1], session__isnull=True
    )
    assert studio_threads.count() >= 2
    assert Post.objects.filter(thread__in=studio_threads, opening=False).count() >= 5
    assert Post.objects.filter(parent__isnull=False).exists()  # a reply to a reply
    hidden = Post.objects.get(state=Post.State.HIDDEN)
    assert hidden.thread.studio is None and hidden.hidden_reason
    assert Report.objects.get(post=hidden).outcome == Report.Outcome.HIDDEN


def test_one_session_closed_and_counted_one_open(built):
    closed = StudySession.objects.get(closed_at__isnull=False)
    statuses = set(
        Attendance.objects.filter(activity=closed.activity).values_list("status", flat=True)
    )
    assert statuses == {"present", "absent", "leave"}  # someone missed it, two had leave
    present = Attendance.objects.filter(activity=closed.activity, status="present").first()
    assert "打开资料" in present.note and "发言" in present.note
    assert closed.activity.activity_type == "online"
    assert StudySession.objects.get(closed_at__isnull=True).is_open()


def test_the_host_reads_the_community(built, client):
    host = User.objects.get(username="host")
    client.force_login(host)
    session = StudySession.objects.get(closed_at__isnull=False)
    slug = session.studio.programme.slug
    page = client.get(reverse("community:studio", args=[slug, session.studio_id])).content
    assert "本学期校本研修怎么做" in page.decode()
    page = client.get(reverse("community:session", args=[slug, session.pk])).content.decode()
    assert "参与情况" in page and "已于" in page
    member = User.objects.get(username="member")
    client.force_login(member)
    board = client.get(reverse("community:board", args=[slug])).content.decode()
    assert "各工作室入校诊断的做法交流" in board
