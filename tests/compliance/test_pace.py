"""Pace: for each rule kind, on realistic records, an open period not yet met is on track,
behind or cannot be met — and an absence ceiling says how much leave is still possible, in
sessions or in class hours."""

import datetime as dt
from decimal import Decimal

import pytest

from touyan.compliance import tones
from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import Pace, State
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes import services as programmes
from touyan.records import services as records

from ..diagnosis.helpers import diagnose
from ..factories import PrincipalFactory, SchoolFactory
from ..programmes import HANGZHOU_START, SYSTEM, Hangzhou, hainan, hangzhou

D = dt.date
pytestmark = pytest.mark.django_db


def activity(programme, *, studios=(), cohort=None, kind, day, **fields):
    return records.create_activity(
        actor=SYSTEM,
        programme=programme,
        studios=list(studios),
        cohort=cohort,
        activity_type=kind,
        title=fields.pop("title", f"{kind} {day}"),
        date=day,
        **fields,
    )


def mark(session, trainee, status, presented=False):
    records.record_attendance(
        actor=SYSTEM,
        activity=session,
        marks=[records.Mark(trainee.principal_id, status, presented)],
    )


def weekly(start: dt.date, count: int) -> list[dt.date]:
    return [start + dt.timedelta(days=7 * n) for n in range(count)]


def cell(evaluation, subject, rule_id):
    return evaluation.cells[(subject.pk, rule_id)]


# Studios: pace by time --------------------------------------------------------------------------


@pytest.mark.clause("HN-4.1.1")
def test_a_monthly_seminar_is_on_track_early_in_the_month_and_behind_at_its_end():
    hn = hainan(studios=2, members=10)
    steady, lapsed = hn.studios
    for month in (9, 10, 11):
        activity(hn.programme, studios=[steady], kind="seminar", day=D(2025, month, 5))
    activity(hn.programme, studios=[lapsed], kind="seminar", day=D(2025, 11, 5))
    early = evaluate(hn.programme, as_of=D(2025, 12, 10))
    on_track = cell(early, steady, "hn-monthly-seminar")
    assert on_track.state is State.AT_RISK and on_track.pace is Pace.ON_TRACK
    assert tones.tone_of(on_track.state, on_track.pace) == "on_track"
    # Months already missed keep the cell red, whatever the pace of the open one.
    red = cell(early, lapsed, "hn-monthly-seminar")
    assert red.state is State.MISSED and red.pace is Pace.ON_TRACK
    assert tones.tone_of(red.state, red.pace) == "missed"
    late = cell(evaluate(hn.programme, as_of=D(2025, 12, 29)), steady, "hn-monthly-seminar")
    assert late.pace is Pace.BEHIND  # the last tenth of the month
    assert late.next_step == "本月尚未开展专题研讨，还剩 3 天；已近期末，进度落后"


@pytest.mark.clause("HN-4.1.2")
def test_member_school_visits_keep_pace_fall_behind_or_can_no_longer_be_done():
    hn = hainan(studios=2, members=10)
    visited, idle = hn.studios
    diagnose(visited, hn.members[visited.pk][:4], D(2026, 3, 2))
    # 2026-06-01 is a quarter into the three-year cycle: 2 of the 10 schools by a steady pace.
    mid = evaluate(hn.programme, as_of=D(2026, 6, 1))
    assert cell(mid, visited, "hn-school-diagnosis").pace is Pace.ON_TRACK
    behind = cell(mid, idle, "hn-school-diagnosis")
    assert behind.pace is Pace.BEHIND
    assert behind.current.note == "按进度此时应已完成 2 次"
    # A week before the cycle ends: six schools can still be visited in seven days, ten not.
    end = evaluate(hn.programme, as_of=D(2028, 8, 25))
    assert cell(end, visited, "hn-school-diagnosis").pace is Pace.BEHIND
    impossible = cell(end, idle, "hn-school-diagnosis")
    assert impossible.pace is Pace.CANNOT_BE_MET
    assert impossible.current.note == "只剩 7 天，已不可能完成"


@pytest.mark.clause("HN-4.1.3")
def test_a_cycle_research_project_is_not_owed_early_but_is_behind_near_the_end():
    hn = hainan(studios=1, members=10)
    studio = hn.studios[0]
    early = cell(evaluate(hn.programme, as_of=D(2026, 6, 1)), studio, "hn-research-project")
    assert early.state is State.AT_RISK and early.pace is Pace.ON_TRACK
    late = cell(evaluate(hn.programme, as_of=D(2028, 8, 1)), studio, "hn-research-project")
    assert late.pace is Pace.BEHIND


@pytest.mark.clause("HN-3.7")
def test_a_studio_within_its_member_bounds_is_on_track():
    hn = hainan(studios=1, members=10)
    count = cell(evaluate(hn.programme, as_of=D(2026, 2, 1)), hn.studios[0], "hn-member-count")
    assert count.state is State.MET and count.pace is Pace.ON_TRACK


# Trainees: deliverables by time --------------------------------------------------------------


@pytest.mark.clause("HZ-3.4.2")
def test_study_logs_on_track_behind_and_impossible():
    hz = hangzhou(trainees=2)
    steady, slow = hz.trainees

    def logs(trainee, number):
        for n in range(number):
            records.submit_deliverable(
                actor=SYSTEM,
                programme=hz.programme,
                kind="study_log",
                title=f"日志{n}（{trainee.principal.name}）",
                principal=trainee.principal,
                body="参观考察日志：" + "记" * 300 + str(n),
                submitted_on=D(2026, 4, 1) + dt.timedelta(days=20 * n),
            )

    logs(steady, 6)
    logs(slow, 3)
    # Halfway through the 18 months: 5 of 10 logs by a steady pace.
    half = evaluate(hz.programme, as_of=D(2026, 12, 1))
    assert cell(half, steady, "hz-study-logs").pace is Pace.ON_TRACK
    behind = cell(half, slow, "hz-study-logs")
    assert behind.pace is Pace.BEHIND
    assert behind.next_step.endswith("；按进度此时应已完成 5 份")
    # Six days before the end, seven more logs cannot be written: one a day at most.
    end = evaluate(hz.programme, as_of=D(2027, 8, 26))
    assert cell(end, slow, "hz-study-logs").pace is Pace.CANNOT_BE_MET
    assert cell(end, steady, "hz-study-logs").pace is Pace.BEHIND
    # A single final report is not owed halfway: on track until the final stretch.
    report = cell(half, steady, "hz-research-report")
    assert report.state is State.AT_RISK and report.pace is Pace.ON_TRACK


# Trainees: pace by the schedule ----------------------------------------------------------------


@pytest.mark.clause("HZ-3.2")
def test_curriculum_hours_against_the_sessions_still_scheduled():
    hz = hangzhou(trainees=3)
    full, missed_two, missed_three = hz.trainees
    # 人文 (20 学时) in six sessions of 4: three held by May, three still to come.
    held = [
        activity(
            hz.programme,
            cohort=hz.cohort,
            kind="course",
            day=day,
            topic="humanities",
            hours=Decimal(4),
        )
        for day in weekly(D(2026, 3, 6), 6)
    ][:3]
    for session in held:
        mark(session, full, "present")
    mark(held[0], missed_two, "present")
    mark(held[1], missed_two, "present")  # 8 h: 8 + 12 still to come ≥ 20, but behind 10
    mark(held[0], missed_three, "present")  # 4 h: 4 + 12 < 20
    result = evaluate(hz.programme, as_of=D(2026, 3, 25))
    # The other eight topics have no session scheduled yet: nothing could be attended.
    assert cell(result, full, "hz-curriculum-hours").pace is Pace.ON_TRACK
    behind = cell(result, missed_two, "hz-curriculum-hours")
    assert behind.pace is Pace.BEHIND
    assert behind.current.note == "“人文社会科学思想拓展”修得的学时落后于已举行的课程"
    impossible = cell(result, missed_three, "hz-curriculum-hours")
    assert impossible.pace is Pace.CANNOT_BE_MET
    assert impossible.current.note == (
        "其后排定的课程不足以修满“人文社会科学思想拓展”，需补学或学时认定"
    )
    # An hour credited for recognised study (补学) puts the gap back within reach.
    records.credit_hours(
        actor=SYSTEM,
        trainee=missed_three,
        topic="humanities",
        hours=Decimal(4),
        credited_on=D(2026, 3, 24),
        note="补学",
        today=D(2026, 3, 24),
    )
    again = evaluate(hz.programme, as_of=D(2026, 3, 25))
    assert cell(again, missed_three, "hz-curriculum-hours").pace is Pace.BEHIND


@pytest.mark.clause("HZ-3.T")
def test_forum_talks_against_the_forums_still_scheduled():
    hz = hangzhou(trainees=3)
    keen, late, silent = hz.trainees
    forums = [
        activity(hz.programme, cohort=hz.cohort, kind="forum_talk", day=day, level="city")
        for day in weekly(D(2026, 4, 3), 6)
    ]
    held = forums[:4]  # four held by 2026-04-30, two to come
    for session in held[:2]:
        mark(session, keen, "present", presented=True)
    mark(held[0], late, "present", presented=True)
    result = evaluate(hz.programme, as_of=D(2026, 4, 30))
    # 3 talks, 4 of 6 forums held: 2 by a steady pace.
    assert cell(result, keen, "hz-forum-talks").pace is Pace.ON_TRACK
    assert cell(result, late, "hz-forum-talks").pace is Pace.BEHIND
    impossible = cell(result, silent, "hz-forum-talks")
    assert impossible.pace is Pace.CANNOT_BE_MET
    assert impossible.next_step.endswith("其后排定的活动只剩 2 场，已不足以完成")


@pytest.mark.clause("HZ-3.T")
def test_paired_support_counts_only_sessions_in_partner_regions():
    hz = hangzhou(trainees=2)
    went, stayed = hz.trainees
    partner = SchoolFactory(name="贵州结对学校", region_id="520000")
    local = SchoolFactory(name="本地学校", region_id="330106")
    first = activity(
        hz.programme,
        cohort=hz.cohort,
        kind="paired_support",
        day=D(2026, 5, 8),
        place_school=partner,
    )
    activity(
        hz.programme, cohort=hz.cohort, kind="paired_support", day=D(2026, 6, 5), place_school=local
    )
    mark(first, went, "present")
    during = evaluate(hz.programme, as_of=D(2026, 5, 20))
    assert cell(during, went, "hz-paired-support").state is State.MET
    assert cell(during, stayed, "hz-paired-support").pace is Pace.CANNOT_BE_MET  # local only
    activity(
        hz.programme,
        cohort=hz.cohort,
        kind="paired_support",
        day=D(2026, 10, 9),
        place_school=partner,
    )
    later = evaluate(hz.programme, as_of=D(2026, 5, 20))
    assert cell(later, stayed, "hz-paired-support").pace is Pace.ON_TRACK


# Absence ceilings: how much leave is still possible --------------------------------------------


@pytest.mark.clause("HZ-3.4.1")
def test_absence_headroom_in_class_hours_under_the_hangzhou_preset():
    hz = hangzhou(trainees=3)
    # 30 sessions of 2 学时 = 60 学时; at most 1/5 absent = 12 学时.
    sessions = [
        activity(
            hz.programme, cohort=hz.cohort, kind="course", day=day, topic="theory", hours=Decimal(2)
        )
        for day in weekly(D(2026, 3, 6), 30)
    ]
    calm, spending, close = hz.trainees
    for session in sessions[:2]:
        mark(session, calm, "leave")  # 4 学时 with a third of the course held: its share
    for session in sessions[:3]:
        mark(session, spending, "leave")  # 6 学时: faster than the course goes
    for session in sessions[:5]:
        mark(session, close, "leave")
    mark(sessions[5], close, "absent")  # 12 学时: no more
    result = evaluate(hz.programme, as_of=D(2026, 5, 14))  # 10 of 30 held
    ok = cell(result, calm, "hz-absence-ratio")
    assert ok.state is State.MET and ok.pace is Pace.ON_TRACK
    assert ok.next_step == "还可缺勤 8 学时，超过即进入淘汰审议"
    assert (ok.current.count, ok.current.required) == (4, 12)
    fast = cell(result, spending, "hz-absence-ratio")
    assert fast.state is State.MET and fast.pace is Pace.BEHIND
    assert tones.tone_of(fast.state, fast.pace) == "behind"
    assert fast.next_step == "还可缺勤 6 学时，超过即进入淘汰审议"
    full = cell(result, close, "hz-absence-ratio")
    assert full.state is State.AT_RISK and full.pace is Pace.BEHIND
    assert full.next_step == (
        "缺勤 12 学时（含请假 10 学时），全部 60 学时最多可缺 12 学时；"
        "已达上限，再缺勤即进入淘汰审议"
    )
    unexcused = cell(result, calm, "hz-unexcused-absence")
    assert unexcused.state is State.MET and unexcused.pace is Pace.ON_TRACK
    assert unexcused.next_step == ""  # none allowed: the requirement says it all


def hangzhou_counting_sessions(trainees: int) -> Hangzhou:
    """The Hangzhou preset with its absence rules counted in sessions, as Hainan's would be."""
    text = (
        preset_text("hangzhou-training")
        .replace('slug = "hangzhou-training"', 'slug = "hangzhou-sessions"')
        .replace('unit = "hours"', 'unit = "sessions"')
    )
    version = publish_policy(actor=SYSTEM, text=text)
    programme = programmes.create_programme(
        actor=SYSTEM,
        slug="hz-sessions",
        name="按场次计缺勤的培养项目（测试）",
        policy_version=version,
        starts_on=HANGZHOU_START,
        partner_regions=["520000"],
    )
    cohort = programmes.create_cohort(
        actor=SYSTEM, programme=programme, number=1, name="第一期", starts_on=HANGZHOU_START
    )
    people = [
        programmes.add_trainee(
            actor=SYSTEM,
            cohort=cohort,
            principal=PrincipalFactory(
                name=f"场次学员{n}", school=SchoolFactory(region_id="330106")
            ),
            joined_on=HANGZHOU_START,
        )
        for n in range(trainees)
    ]
    return Hangzhou(programme, cohort, people)


@pytest.mark.clause("HZ-3.4.1")
def test_absence_headroom_in_sessions():
    hz = hangzhou_counting_sessions(trainees=1)
    trainee = hz.trainees[0]
    sessions = [
        activity(
            hz.programme, cohort=hz.cohort, kind="course", day=day, topic="theory", hours=Decimal(8)
        )
        for day in weekly(D(2026, 3, 6), 20)
    ]
    mark(sessions[2], trainee, "leave")
    mark(sessions[5], trainee, "leave")  # 2 of at most 4 sessions, whatever their hours
    result = evaluate(hz.programme, as_of=D(2026, 5, 14))  # 10 of 20 held
    ceiling = cell(result, trainee, "hz-absence-ratio")
    assert ceiling.state is State.MET and ceiling.pace is Pace.ON_TRACK
    assert (ceiling.current.count, ceiling.current.required) == (2, 4)
    assert ceiling.next_step == "还可缺勤 2 次，超过即进入淘汰审议"
    rule = next(r for r in result.rules if r.id == "hz-absence-ratio")
    assert rule.unit == "sessions"
    assert "缺勤次数占排定的全部场次的比例不超过 1/5" in rule.requirement


@pytest.mark.clause("HZ-3.4.1")
def test_pace_is_null_for_periods_not_open():
    hz = hangzhou(trainees=1)
    trainee = hz.trainees[0]
    before = evaluate(hz.programme, as_of=D(2026, 2, 1))
    assert all(c.pace is None for c in before.cells.values())
    after = evaluate(hz.programme, as_of=D(2027, 9, 2))
    logs = cell(after, trainee, "hz-study-logs")
    assert logs.state is State.MISSED and logs.pace is None


@pytest.mark.clause("HZ-3.2", "HZ-3.4.1")
def test_pace_reads_no_more_than_the_facts_already_loaded():
    """The schedule pace measures against is loaded once per evaluation with the sessions the
    absence ceiling already needed: the query count does not grow with trainees or records."""
    small = hangzhou(trainees=1)
    before = evaluate(small.programme, as_of=D(2026, 5, 14)).queries
    large = hangzhou(trainees=6, start=D(2025, 3, 1))
    sessions = [
        activity(
            large.programme,
            cohort=large.cohort,
            kind=kind,
            day=day,
            topic="forum" if kind == "forum_talk" else "theory",
            hours=Decimal(4),
            level="city" if kind == "forum_talk" else "",
        )
        for kind in ("course", "forum_talk")
        for day in weekly(D(2025, 3, 7) + dt.timedelta(days=int(kind == "course")), 12)
    ]
    for session in sessions[:6]:
        for trainee in large.trainees:
            mark(session, trainee, "present" if trainee.pk % 2 else "leave")
    result = evaluate(large.programme, as_of=D(2025, 5, 14))
    assert any(c.pace is Pace.BEHIND for c in result.cells.values())
    assert result.queries == before
