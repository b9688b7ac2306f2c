"""Edges of the record and the engine: who is expected at a session, from when a trainee's
sessions count, the same record entered twice, plans written before the cycle, people who left,
ids beyond the database's range."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from touyan.compliance.engine import evaluate
from touyan.compliance.selectors import evaluation_for, own_subject_ids
from touyan.compliance.verdicts import State
from touyan.programmes.models import StudioMember, Trainee
from touyan.programmes.services import add_trainee
from touyan.records import services as records

from ..factories import PrincipalFactory, UserFactory
from ..programmes import SYSTEM, hainan, hangzhou

D = dt.date


def session(hz, day):
    return records.create_activity(
        actor=SYSTEM,
        programme=hz.programme,
        cohort=hz.cohort,
        activity_type="course",
        title=f"课程 {day}",
        date=day,
        topic="humanities",
        hours=Decimal(2),
    )


@pytest.mark.django_db
@pytest.mark.clause("HZ-3.4.1")
def test_a_late_trainee_is_expected_and_counted_from_the_day_they_joined():
    hz = hangzhou(trainees=1)
    early = [session(hz, D(2026, 3, 2) + dt.timedelta(days=7 * n)) for n in range(10)]
    later = [session(hz, D(2026, 6, 1) + dt.timedelta(days=7 * n)) for n in range(10)]
    newcomer = add_trainee(
        actor=SYSTEM,
        cohort=hz.cohort,
        principal=PrincipalFactory(name="插班学员"),
        joined_on=D(2026, 5, 20),
    )
    assert newcomer.principal_id not in records.expected_participants(early[0])
    assert newcomer.principal_id in records.expected_participants(later[0])
    with pytest.raises(ValidationError, match="不是本次活动应到人员"):
        records.record_attendance(
            actor=SYSTEM, activity=early[0], marks=[records.Mark(newcomer.principal_id, "present")]
        )
    for item in later[:3]:
        records.record_attendance(
            actor=SYSTEM, activity=item, marks=[records.Mark(newcomer.principal_id, "leave")]
        )
    cell = evaluate(hz.programme, as_of=D(2026, 7, 1)).cells[(newcomer.pk, "hz-absence-ratio")]
    # 1/5 of the 10 sessions of 2 学时 since joining (4 学时), not of all 20 sessions
    assert cell.current.required == 4 and cell.current.count == 6
    assert cell.state is State.MISSED


@pytest.mark.django_db
def test_removed_trainees_are_not_expected():
    hz = hangzhou(trainees=2)
    item = session(hz, D(2026, 3, 9))
    Trainee.objects.filter(pk=hz.trainees[1].pk).update(status=Trainee.Status.REMOVED)
    assert set(records.expected_participants(item)) == {hz.trainees[0].principal_id}


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.1")
def test_the_same_activity_entered_twice_is_refused():
    hn = hainan(studios=2)
    fields = dict(
        actor=SYSTEM,
        programme=hn.programme,
        activity_type="seminar",
        title="三月研讨",
        date=D(2026, 3, 5),
    )
    records.create_activity(studios=[hn.studios[0]], **fields)
    with pytest.raises(ValidationError, match="已经登记过"):
        records.create_activity(studios=[hn.studios[0]], **fields)
    records.create_activity(studios=[hn.studios[1]], **fields)  # another studio's own seminar
    records.create_activity(studios=hn.studios, **fields)  # and the two together
    month = evaluate(hn.programme, as_of=D(2026, 3, 31)).cells[
        (hn.studios[0].pk, "hn-monthly-seminar")
    ]
    assert month.current.count == 2


@pytest.mark.django_db
@pytest.mark.clause("HZ-3.4.2")
def test_the_same_deliverable_submitted_twice_is_refused():
    hz = hangzhou(trainees=1)
    fields = dict(
        actor=SYSTEM,
        programme=hz.programme,
        kind="exchange_report",
        title="交流报告（一）",
        principal=hz.trainees[0].principal,
        body="报告正文。",
        submitted_on=D(2026, 4, 1),
    )
    records.submit_deliverable(**fields)
    with pytest.raises(ValidationError, match="已在 2026-04-01 提交过"):
        records.submit_deliverable(**fields)
    cell = evaluate(hz.programme, as_of=D(2026, 5, 1)).cells[
        (hz.trainees[0].pk, "hz-exchange-reports")
    ]
    assert cell.current.count == 1
    assert cell.next_step.startswith("本周期内提交“交流报告” 1 份，还差 2 份")


@pytest.mark.django_db
@pytest.mark.clause("HN-4.0")
def test_a_plan_written_before_the_cycle_counts_for_it():
    hn = hainan(studios=1)
    records.submit_deliverable(
        actor=SYSTEM,
        programme=hn.programme,
        kind="three_year_plan",
        title="三年活动计划",
        studio=hn.studios[0],
        body="第一年……",
        submitted_on=D(2025, 8, 20),
    )
    cell = evaluate(hn.programme, as_of=D(2025, 9, 10)).cells[
        (hn.studios[0].pk, "hn-three-year-plan")
    ]
    assert cell.state is State.MET


@pytest.mark.django_db
def test_a_member_who_left_no_longer_has_the_studio_as_their_own():
    hn = hainan(studios=1)
    studio, principal = hn.studios[0], hn.members[hn.studios[0].pk][0]
    principal.user = UserFactory()
    principal.save()
    assert own_subject_ids(principal.user, hn.programme) == [studio.pk]
    StudioMember.objects.filter(studio=studio, principal=principal).update(left_on=D(2026, 1, 31))
    assert own_subject_ids(principal.user, hn.programme) == []


@pytest.mark.django_db
def test_ids_beyond_the_database_range_are_no_subjects(cast):
    hn = hainan(studios=1)
    result = evaluation_for(cast.superuser, hn.programme, as_of=D(2026, 1, 1), subject_ids=[10**20])
    assert result.subjects == []
    with pytest.raises(CommandError, match="--subject"):
        call_command(
            "compliance",
            "--programme",
            hn.programme.slug,
            "--subject",
            str(10**20),
            stdout=StringIO(),
        )
    with pytest.raises(CommandError, match="无法写入"):
        call_command(
            "compliance",
            "--programme",
            hn.programme.slug,
            "--output",
            "/nonexistent/x.json",
            stdout=StringIO(),
            stderr=StringIO(),
        )
