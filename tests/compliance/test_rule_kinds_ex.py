"""The newer rule kinds on small real programmes: cumulative days (EX-6), members' attendance
and the attendance rate (EX-10), link schools (EX-7) and a deliverable due within the first
days of each period (EX-4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import Pace, State
from touyan.programmes.link_schools import designate_link_school, end_link_school
from touyan.programmes.models import LinkSchool
from touyan.records import services as records

from ..factories import SchoolFactory
from ..programmes import SYSTEM, hainan, hangzhou
from .rule_kinds import hainan_text, hangzhou_text
from .test_engine import activity, by_period, cell
from .test_member_attendance import roll

D = dt.date


@pytest.mark.django_db
@pytest.mark.clause("EX-6")
def test_cumulative_days_count_each_day_once_and_go_met_on_track_behind_missed():
    hn = hainan(studios=2, members=3, text=hainan_text())
    busy, idle = hn.studios
    first = activity(
        hn.programme, studios=[busy], kind="shadowing", day=D(2025, 9, 10), end_date=D(2025, 9, 14)
    )
    overlap = activity(
        hn.programme, studios=[busy], kind="shadowing", day=D(2025, 9, 13), end_date=D(2025, 9, 16)
    )
    activity(hn.programme, studios=[busy], kind="seminar", day=D(2025, 9, 20))  # another type

    early = evaluate(hn.programme, as_of=D(2025, 10, 1))
    days = by_period(cell(early, busy.pk, "ex-shadowing-days"))["semester-1"]
    assert days.state is State.AT_RISK and days.pace is Pace.ON_TRACK
    assert (days.count, days.required) == (7, 10)  # 5 days, then 2 more: the 13th–14th once
    assert [(e.id, e.label) for e in days.evidence] == [
        (first.pk, f"{first.title}（5 天）"),
        (overlap.pk, f"{overlap.title}（2 天）"),
    ]
    assert "参加跟岗实践 7 天，还差 3 天" in days.missing

    late = evaluate(hn.programme, as_of=D(2025, 12, 20))
    idle_days = by_period(cell(late, idle.pk, "ex-shadowing-days"))["semester-1"]
    assert idle_days.state is State.AT_RISK and idle_days.pace is Pace.BEHIND

    # A stay running past the day of evaluation counts only its days so far.
    activity(
        hn.programme, studios=[busy], kind="shadowing", day=D(2025, 11, 3), end_date=D(2025, 11, 5)
    )
    assert (
        by_period(cell(evaluate(hn.programme, as_of=D(2025, 11, 4)), busy.pk, "ex-shadowing-days"))[
            "semester-1"
        ].count
        == 9
    )
    met = evaluate(hn.programme, as_of=D(2025, 11, 6))
    assert by_period(cell(met, busy.pk, "ex-shadowing-days"))["semester-1"].state is State.MET
    months = cell(met, busy.pk, "ex-shadowing-months").current
    assert months.state is State.AT_RISK and months.count == 0.3 and months.required == 1

    after = evaluate(hn.programme, as_of=D(2026, 8, 1))
    spring = by_period(cell(after, busy.pk, "ex-shadowing-days"))["semester-2"]
    assert spring.state is State.MISSED and "未参加跟岗实践" in spring.missing


@pytest.mark.django_db
@pytest.mark.clause("EX-10")
def test_each_member_attends_twice_a_semester():
    hn = hainan(studios=1, members=3, text=hainan_text())
    studio = hn.studios[0]
    keen, once, never = hn.members[studio.pk]
    sessions = [
        activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 9, 20 + n))
        for n in range(2)
    ]
    roll(sessions[0], [keen, once, never], absent=[never])
    roll(sessions[1], [keen, once, never], absent=[once], leave=[never])

    during = evaluate(hn.programme, as_of=D(2025, 11, 1))
    found = by_period(cell(during, studio.pk, "ex-member-attendance"))["semester-1"]
    assert found.state is State.AT_RISK and found.pace is Pace.ON_TRACK
    assert (found.count, found.required) == (1, 3)
    assert f"{once.name}（1 次）" in found.missing and f"{never.name}（0 次）" in found.missing
    assert keen.name not in found.missing
    late = evaluate(hn.programme, as_of=D(2026, 1, 25))
    assert by_period(cell(late, studio.pk, "ex-member-attendance"))["semester-1"].pace is (
        Pace.BEHIND
    )

    more = [
        activity(hn.programme, studios=[studio], kind="reading", day=D(2025, 12, 1 + n))
        for n in range(2)
    ]
    for session in more:
        roll(session, [keen, once, never])
    done = evaluate(hn.programme, as_of=D(2025, 12, 10))
    met = by_period(cell(done, studio.pk, "ex-member-attendance"))["semester-1"]
    assert met.state is State.MET and met.count == 3
    assert f"{never.name}：{more[0].title}" in {e.label for e in met.evidence}
    spring = by_period(
        cell(evaluate(hn.programme, as_of=D(2026, 8, 1)), studio.pk, "ex-member-attendance")
    )
    assert spring["semester-2"].state is State.MISSED


@pytest.mark.django_db
@pytest.mark.clause("EX-10")
def test_attendance_rate_for_trainees_reads_the_absence_ceiling_the_other_way():
    hz = hangzhou(trainees=3, text=hangzhou_text())
    steady, one_off, truant = hz.trainees
    sessions = [
        activity(
            hz.programme, cohort=hz.cohort, kind="course", day=D(2026, 3, 2) + dt.timedelta(weeks=n)
        )
        for n in range(10)
    ]
    for index, session in enumerate(sessions[:5]):
        marks = [records.Mark(steady.principal_id, "present")]
        marks.append(records.Mark(one_off.principal_id, "absent" if index == 0 else "present"))
        marks.append(records.Mark(truant.principal_id, "absent" if index < 3 else "present"))
        records.record_attendance(actor=SYSTEM, activity=session, marks=marks, today=D(2030, 1, 1))

    result = evaluate(hz.programme, as_of=D(2026, 4, 5))
    rule = "ex-attendance-rate"
    assert cell(result, steady.pk, rule).state is State.MET
    assert cell(result, steady.pk, rule).pace is Pace.ON_TRACK
    near = cell(result, one_off.pk, rule)  # 1 absence of the 2 that 80% of 10 allows
    assert near.state is State.AT_RISK and near.pace is Pace.BEHIND
    over = cell(result, truant.pk, rule)
    assert over.state is State.MISSED and (over.current.count, over.current.required) == (3, 2)
    assert "全部 10 场最多可缺 2 次" in over.current.missing
    info = next(r for r in result.rules if r.id == rule)
    assert "不低于 80%" in info.requirement


@pytest.mark.django_db
@pytest.mark.clause("EX-10")
def test_attendance_rate_counts_only_the_sessions_of_its_types():
    """“学员参加集中研修的出勤率”: missing seminars neither counts nor raises the limit."""
    text = hangzhou_text().replace(
        'kind = "attendance_rate"', 'kind = "attendance_rate"\nactivity_types = ["course"]'
    )
    hz = hangzhou(trainees=1, text=text)
    (trainee,) = hz.trainees
    for n in range(10):
        kind = "course" if n < 5 else "forum_talk"
        session = activity(
            hz.programme, cohort=hz.cohort, kind=kind, day=D(2026, 3, 2) + dt.timedelta(weeks=n)
        )
        status = "absent" if kind == "forum_talk" or n == 0 else "present"
        records.record_attendance(
            actor=SYSTEM,
            activity=session,
            marks=[records.Mark(trainee.principal_id, status)],
            today=D(2030, 1, 1),
        )
    result = evaluate(hz.programme, as_of=D(2026, 6, 1))
    found = cell(result, trainee.pk, "ex-attendance-rate")
    assert (found.current.count, found.current.required) == (1, 1)  # of 5 courses, 1 may go
    assert found.state is State.AT_RISK
    info = next(r for r in result.rules if r.id == "ex-attendance-rate")
    assert "只计" in info.requirement


@pytest.mark.django_db
@pytest.mark.clause("EX-10")
def test_attendance_rate_for_a_studio_holds_each_member():
    hn = hainan(studios=1, members=3, text=hainan_text())
    studio = hn.studios[0]
    people = hn.members[studio.pk]
    for n in range(5):
        session = activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 9, 10 + n))
        roll(session, people, absent=[people[2]] if n < 2 else [])  # 3 of 5: 60%
    found = cell(evaluate(hn.programme, as_of=D(2025, 10, 1)), studio.pk, "ex-attendance-rate")
    assert found.state is State.AT_RISK and (found.current.count, found.current.required) == (2, 3)
    assert people[2].name in found.next_step


def _rural(name):
    return SchoolFactory(name=name, region_id="460106", is_rural=True)


@pytest.mark.django_db
@pytest.mark.clause("EX-7")
def test_link_schools_need_a_designation_and_an_activity_at_each_school():
    hn = hainan(studios=3, members=2, text=hainan_text())
    served, unvisited, without = hn.studios
    village, hamlet = _rural("乡村学校甲"), _rural("乡村学校乙")
    designate_link_school(
        actor=SYSTEM,
        programme=hn.programme,
        principal=served.host,
        school=village,
        designated_on=D(2025, 9, 5),
    )
    designate_link_school(
        actor=SYSTEM,
        programme=hn.programme,
        principal=unvisited.host,
        school=hamlet,
        designated_on=D(2025, 9, 5),
    )
    guidance = activity(
        hn.programme,
        studios=[served],
        kind="onsite_guidance",
        day=D(2025, 9, 20),
        place_school=village,
    )
    activity(hn.programme, studios=[unvisited], kind="onsite_guidance", day=D(2025, 9, 21))

    result = evaluate(hn.programme, as_of=D(2025, 10, 1))
    met = by_period(cell(result, served.pk, "ex-link-schools"))["semester-1"]
    assert met.state is State.MET and met.pace is Pace.ON_TRACK
    assert [e.id for e in met.evidence] == [guidance.pk]
    pending = by_period(cell(result, unvisited.pk, "ex-link-schools"))["semester-1"]
    assert pending.state is State.AT_RISK and "乡村学校乙（0/1 次）" in pending.missing
    none = by_period(cell(result, without.pk, "ex-link-schools"))["semester-1"]
    assert none.state is State.AT_RISK and "已确定联系学校 0 所，应至少 1 所" in none.missing
    late = evaluate(hn.programme, as_of=D(2026, 1, 28))
    assert by_period(cell(late, unvisited.pk, "ex-link-schools"))["semester-1"].pace is Pace.BEHIND

    # Ended in the autumn, the school is asked of no later semester.
    link = LinkSchool.objects.get(principal=unvisited.host)
    end_link_school(actor=SYSTEM, link=link, ended_on=D(2025, 12, 31))
    after = evaluate(hn.programme, as_of=D(2026, 8, 1))
    autumn = by_period(cell(after, unvisited.pk, "ex-link-schools"))
    assert autumn["semester-1"].state is State.MISSED
    assert "已确定联系学校 0 所" in autumn["semester-2"].missing
    assert autumn["semester-2"].state is State.MISSED


@pytest.mark.django_db
@pytest.mark.clause("EX-7")
def test_designation_refusals():
    hn = hainan(studios=1, members=2, text=hainan_text())
    studio = hn.studios[0]
    member = hn.members[studio.pk][0]
    town = SchoolFactory(name="城区学校", region_id="460106", is_rural=False)
    with pytest.raises(ValidationError, match="不是农村学校"):
        designate_link_school(actor=SYSTEM, programme=hn.programme, principal=member, school=town)
    first, second, third = _rural("村校一"), _rural("村校二"), _rural("村校三")
    designate_link_school(
        actor=SYSTEM,
        programme=hn.programme,
        principal=member,
        school=first,
        designated_on=D(2025, 9, 10),
    )
    with pytest.raises(ValidationError, match="已是"):
        designate_link_school(actor=SYSTEM, programme=hn.programme, principal=member, school=first)
    designate_link_school(actor=SYSTEM, programme=hn.programme, principal=member, school=second)
    with pytest.raises(ValidationError, match="最多 2 所"):
        designate_link_school(actor=SYSTEM, programme=hn.programme, principal=member, school=third)
    outsider = SchoolFactory(name="外校", region_id="460106", is_rural=True)
    from ..factories import PrincipalFactory

    stranger = PrincipalFactory(name="局外人", school=outsider)
    with pytest.raises(ValidationError, match="不是本项目"):
        designate_link_school(
            actor=SYSTEM, programme=hn.programme, principal=stranger, school=outsider
        )
    # Ending one leaves room for another; taking an ended one up again is a designation of
    # its own, the ended one kept with its dates.
    link = LinkSchool.objects.get(principal=member, school=first)
    end_link_school(actor=SYSTEM, link=link, ended_on=D(2026, 1, 10))
    designate_link_school(actor=SYSTEM, programme=hn.programme, principal=member, school=third)
    end_link_school(actor=SYSTEM, link=LinkSchool.objects.get(principal=member, school=third))
    again = designate_link_school(
        actor=SYSTEM, programme=hn.programme, principal=member, school=first
    )
    link.refresh_from_db()
    assert again.pk != link.pk and again.ended_on is None
    assert link.ended_on == D(2026, 1, 10)


@pytest.mark.django_db
@pytest.mark.clause("EX-4")
def test_a_deliverable_counts_only_within_the_first_days_of_its_period():
    hn = hainan(studios=2, members=2, text=hainan_text())
    prompt, tardy = hn.studios

    def plan(studio, day):
        return records.submit_deliverable(
            actor=SYSTEM,
            programme=hn.programme,
            kind="work_plan",
            title=f"{studio.name}计划",
            studio=studio,
            body="计划正文",
            submitted_on=day,
            today=day,
        )

    plan(prompt, D(2025, 9, 20))
    waiting = evaluate(hn.programme, as_of=D(2025, 9, 25))
    open_ = by_period(cell(waiting, tardy.pk, "ex-early-plan"))["semester-1"]
    assert open_.state is State.AT_RISK and open_.period.end == D(2025, 9, 30)
    plan(tardy, D(2025, 10, 15))
    result = evaluate(hn.programme, as_of=D(2025, 10, 20))
    assert by_period(cell(result, prompt.pk, "ex-early-plan"))["semester-1"].state is State.MET
    late = by_period(cell(result, tardy.pk, "ex-early-plan"))["semester-1"]
    assert late.state is State.MISSED and late.evidence == []


@pytest.mark.django_db
def test_new_kinds_queries_do_not_grow_with_studios():
    hn = hainan(studios=4, members=3, text=hainan_text())
    for studio in hn.studios:
        session = activity(hn.programme, studios=[studio], kind="shadowing", day=D(2025, 9, 3))
        roll(session, hn.members[studio.pk])
        designate_link_school(
            actor=SYSTEM,
            programme=hn.programme,
            principal=studio.host,
            school=_rural(f"村校{studio.pk}"),
            designated_on=D(2025, 9, 1),
        )
    ids = [s.pk for s in hn.studios]
    with CaptureQueriesContext(connection) as one:
        evaluate(hn.programme, as_of=D(2025, 12, 1), subject_ids=ids[:1])
    with CaptureQueriesContext(connection) as four:
        evaluate(hn.programme, as_of=D(2025, 12, 1))
    assert len(one.captured_queries) == len(four.captured_queries)
