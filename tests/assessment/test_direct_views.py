"""The grading page (/assessment/rounds/<pk>/grade/): a host grades their members (HN-4.2.4), the
centre a cohort's trainees (HZ-3.4.3), one row each with the period's evidence, all saved at once;
the centre publishes from there."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.assessment.models import Case, Round
from touyan.records.models import Activity, Attendance, CurriculumCredit, Deliverable, Organiser

from .rounds import member_regular, trainee_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(cast):
    hn = with_hainan(cast, members=4)
    return hn, member_regular(hn)


def activity(programme, date, **organiser):
    made = Activity.objects.create(
        programme=programme, activity_type="seminar", title="研修", date=date, hours=3
    )
    Organiser.objects.create(activity=made, **organiser)
    return made


def rows_of(round_, **filters):
    return {case.pk: case for case in Case.objects.filter(round=round_, **filters).order_by("pk")}


@pytest.mark.clause("HN-4.2.4")
def test_hosts_and_the_centre_open_a_member_round(client, cast, members):
    _hn, round_ = members
    allowed = ("host", "other_host", "hn_centre", "hn_admin", "superuser")
    check_access(
        client,
        cast,
        reverse("assessment:grade", args=[round_.pk]),
        matrix(cast, NOT_FOUND, **dict.fromkeys(allowed, ALLOWED)),
    )


@pytest.mark.clause("HZ-3.4.3")
def test_the_centre_opens_a_trainee_round(client, cast):
    hz = with_hangzhou(cast, trainees=2)
    round_ = trainee_round(hz)
    allowed = ("hz_centre", "hz_admin", "superuser")
    check_access(
        client,
        cast,
        reverse("assessment:grade", args=[round_.pk]),
        matrix(cast, NOT_FOUND, **dict.fromkeys(allowed, ALLOWED)),
    )


@pytest.mark.clause("HN-4.2.4")
def test_the_host_sees_their_members_with_the_period_evidence(
    client, cast, members, django_assert_max_num_queries
):
    hn, round_ = members
    first, second = hn.studios
    member = hn.members[first.pk][0]
    inside = round_.period_starts + dt.timedelta(days=10)
    for status in ("present", "present", "leave"):
        Attendance.objects.create(
            activity=activity(hn.programme, inside, studio=first), principal=member, status=status
        )
    Attendance.objects.create(
        activity=activity(hn.programme, round_.period_ends + dt.timedelta(days=5), studio=first),
        principal=member,
        status="absent",
    )
    Deliverable.objects.create(
        programme=hn.programme,
        kind="study_notes",
        title="读书笔记",
        principal=member,
        studio=first,
        submitted_on=inside,
    )
    url = reverse("assessment:grade", args=[round_.pk])
    client.force_login(cast.host)
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert member.name in page
    assert "出勤 2 次 · 请假 1 次 · 缺勤 0 次 · 提交成果 1 项" in page
    assert hn.members[second.pk][0].name not in page
    assert page.count('<li class="card') == 4


@pytest.mark.clause("HN-4.2.4")
def test_grades_are_saved_all_at_once_with_errors_by_row(client, cast, members):
    hn, round_ = members
    mine = list(rows_of(round_, studio=hn.studios[0]))
    url = reverse("assessment:grade", args=[round_.pk])
    client.force_login(cast.host)
    data = {
        f"case-{mine[0]}-grade": "good",
        f"case-{mine[0]}-comment": "认真",
        f"case-{mine[1]}-grade": "fail",
        f"case-{mine[1]}-comment": "",
        f"case-{mine[2]}-grade": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "评定为“不合格”须写明评语" in text
    assert "认真" in text  # what was typed is kept
    assert not Case.objects.filter(status=Case.Status.DECIDED).exists()
    data[f"case-{mine[1]}-comment"] = "未参加活动"
    response = client.post(url, data)
    assert response.status_code == 302
    graded = rows_of(round_, status=Case.Status.DECIDED)
    assert {c.grade for c in graded.values()} == {"good", "fail"}
    assert all(c.decided_by == cast.host for c in graded.values())
    # Another host's post for these rows changes nothing.
    client.force_login(cast.other_host)
    client.post(url, {f"case-{mine[2]}-grade": "pass"})
    assert Case.objects.filter(status=Case.Status.DECIDED).count() == 2


@pytest.mark.clause("HN-4.2.4")
def test_the_centre_publishes_once_every_member_is_graded(client, cast, members):
    _hn, round_ = members
    url = reverse("assessment:publish_grades", args=[round_.pk])
    client.force_login(cast.host)
    assert client.post(url).status_code == 404
    client.force_login(cast.hn_centre)
    page = client.get(reverse("assessment:grade", args=[round_.pk])).content.decode()
    assert "公布考核结果" in page and 'name="case-' not in page  # the centre only follows
    response = client.post(url, follow=True)
    assert "还有 8 人未评定等次" in response.content.decode()
    Case.objects.filter(round=round_).update(status=Case.Status.DECIDED, grade="pass")
    client.post(url)
    round_.refresh_from_db()
    assert round_.stage == Round.Stage.PUBLISHED
    client.force_login(cast.host)
    page = client.get(reverse("assessment:grade", args=[round_.pk])).content.decode()
    assert 'name="case-' not in page and "合格" in page


@pytest.mark.clause("HZ-3.4.3")
def test_the_centre_grades_trainees_with_hours_against_the_curriculum(client, cast):
    hz = with_hangzhou(cast, trainees=2)
    round_ = trainee_round(hz)
    first, second = hz.trainees
    CurriculumCredit.objects.create(
        trainee=first,
        topic="humanities",
        hours=Decimal("12.5"),
        credited_on=round_.period_starts,
        note="认定",
    )
    CurriculumCredit.objects.create(
        trainee=first,
        topic="theory",
        hours=Decimal("30"),
        credited_on=round_.period_starts,
        note="认定",
    )
    url = reverse("assessment:grade", args=[round_.pk])
    client.force_login(cast.hz_centre)
    page = client.get(url).content.decode()
    assert "学时 32.5 / 270" in page  # theory counts up to its 20 hours
    cases = rows_of(round_)
    by_trainee = {c.trainee_id: pk for pk, c in cases.items()}
    client.post(
        url,
        {
            f"case-{by_trainee[first.pk]}-grade": "pass",
            f"case-{by_trainee[second.pk]}-grade": "fail",
            f"case-{by_trainee[second.pk]}-comment": "缺勤过多",
        },
    )
    page = client.get(url).content.decode()
    assert page.count("不合格，待退出审查") == 1


@pytest.mark.clause("HN-4.2.4")
def test_grading_waits_in_the_inbox_until_the_round_is_published(client, cast, members):
    from touyan.core import registry

    _hn, round_ = members

    def keys(user):
        return {item.key: item for item in registry.INBOX.items(user)}

    grade_key, publish_key = (
        f"assessment.grade:{round_.pk}",
        f"assessment.publish_grades:{round_.pk}",
    )
    assert keys(cast.host)[grade_key].count == 4
    assert grade_key not in keys(cast.hn_centre)  # the hosts grade members, not the centre
    assert grade_key not in keys(cast.member)
    Case.objects.filter(round=round_).update(status=Case.Status.DECIDED, grade="pass")
    assert grade_key not in keys(cast.host)
    assert publish_key in keys(cast.hn_centre) and publish_key not in keys(cast.host)


@pytest.mark.clause("HZ-3.4.3")
def test_the_grading_page_reads_a_fixed_number_of_queries(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hz = with_hangzhou(cast, trainees=8)
    round_ = trainee_round(hz)
    for trainee in hz.trainees:
        CurriculumCredit.objects.create(
            trainee=trainee,
            topic="humanities",
            hours=4,
            credited_on=round_.period_starts,
            note="认定",
        )
    url = reverse("assessment:grade", args=[round_.pk])
    client.force_login(cast.hz_centre)
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    many = queries()
    Case.objects.filter(round=round_).exclude(trainee=hz.trainees[0]).delete()
    assert queries() == many
