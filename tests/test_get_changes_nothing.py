"""A GET never changes anything: every permission-matrix check (tests/access.py) records the
statements each request runs and fails on any write. This proves the recorder catches one."""

import pytest
from django.db import connection

from tests.access import WriteRecorder
from touyan.notifications.models import Notification
from touyan.notifications.services import mark_read, notify

pytestmark = pytest.mark.django_db


def test_the_recorder_sees_a_write_and_lets_reads_pass(cast):
    notify(users=[cast.own], title="通知", email=False)
    recorder = WriteRecorder()
    with connection.execute_wrapper(recorder):
        assert Notification.objects.filter(user=cast.own).count() == 1
        assert recorder.writes == []
        mark_read(user=cast.own)
    assert len(recorder.writes) == 1 and recorder.writes[0].startswith("UPDATE")
