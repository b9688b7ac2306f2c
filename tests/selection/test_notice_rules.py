"""The public notice (公示): it starts no earlier than its publication, lasts the policy's
working days on the Chinese calendar, and is not finalised before it ends."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.programmes import SYSTEM
from touyan.holidays.workdays import YearUnknown
from touyan.selection.models import Call, Notice
from touyan.selection.services import decisions

from .test_office_views import at_decision

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-4.1.3")]
TODAY = dt.date(2026, 12, 6)  # a Sunday; the State Council has not yet published 2027


def decided():
    chain, apps = at_decision(places=1, candidates=2)
    decisions.decide(actor=SYSTEM, application=apps[0], selected=True, reason="第一")
    decisions.decide(actor=SYSTEM, application=apps[1], selected=False, reason="第二")
    return chain


def test_a_notice_cannot_start_before_it_is_published():
    chain = decided()
    with pytest.raises(ValidationError, match="公示不能早于发布之日（2026-12-06）开始"):
        decisions.publish_notice(
            actor=SYSTEM, call=chain.call, starts_on=dt.date(2026, 12, 4), today=TODAY
        )
    assert not Notice.objects.exists()


def test_the_period_counts_working_days_on_the_chinese_calendar():
    chain = decided()
    # From 30 September 2026: 国庆 1–7 October off, Saturday 10 October worked.
    notice = decisions.publish_notice(
        actor=SYSTEM, call=chain.call, starts_on=dt.date(2026, 9, 30), today=dt.date(2026, 9, 29)
    )
    assert notice.ends_on == dt.date(2026, 10, 12)
    with pytest.raises(ValidationError, match="期满后才能确定名单"):
        decisions.finalise(actor=SYSTEM, call=chain.call, today=dt.date(2026, 10, 12))
    decisions.finalise(actor=SYSTEM, call=chain.call, today=dt.date(2026, 10, 13))


def test_a_period_running_into_an_unknown_year_is_refused():
    chain = decided()
    with pytest.raises(YearUnknown, match="2027 年节假日安排尚未录入"):
        decisions.publish_notice(
            actor=SYSTEM, call=chain.call, starts_on=dt.date(2026, 12, 28), today=TODAY
        )
    assert Call.objects.get(pk=chain.call.pk).stage == Call.Stage.DECISION


def test_the_page_refuses_with_a_link_to_enter_the_year_and_keeps_the_input(
    client, cast, pin_today
):
    pin_today(TODAY)
    chain = decided()
    url = reverse("selection:notice", args=[chain.call.pk])
    client.force_login(cast.hz_admin)
    data = {
        "action": "publish",
        "contact": "0571-88888888 人事处",
        "starts_on": "2026-12-28",
        "text": "请实名反映",
    }
    page = client.post(url, data).content.decode()
    assert "2027 年节假日安排尚未录入" in page
    assert reverse("holidays:year", args=[2027]) in page
    assert "0571-88888888 人事处" in page and "请实名反映" in page
    assert not Notice.objects.exists()
    page = client.post(url, {**data, "starts_on": "2026-12-01"}).content.decode()
    assert "公示不能早于发布之日（2026-12-06）开始" in page
    client.post(url, {**data, "starts_on": "2026-12-07"})
    assert Notice.objects.get().ends_on == dt.date(2026, 12, 11)
