"""The compliance engine, one rule kind at a time, on small real programmes: each test builds
the records a studio or trainee really leaves and reads the verdicts per period."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import Pace, State
from touyan.diagnosis.models import Visit
from touyan.diagnosis.services import visits
from touyan.records import services as records
from touyan.records.models import Level

from ..diagnosis.helpers import diagnose, report_entries
from ..factories import SchoolFactory
from ..programmes import SYSTEM, hainan, hangzhou

D = dt.date


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


def cell(evaluation, subject_id, rule_id):
    return evaluation.cells[(subject_id, rule_id)]


def by_period(cell_):
    return {v.period.key: v for v in cell_.verdicts}


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.1", "HN-4.0")
def test_monthly_seminar_met_missed_at_risk_and_not_due():
    hn = hainan(studios=1)
    studio = hn.studios[0]
    first = activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 9, 12))
    activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 10, 20))
    activity(hn.programme, studios=[studio], kind="reading", day=D(2025, 11, 5))  # not a seminar

    result = evaluate(hn.programme, as_of=D(2025, 12, 10))
    monthly = cell(result, studio.pk, "hn-monthly-seminar")
    months = by_period(monthly)
    assert months["month-1"].state is State.MET
    assert [e.id for e in months["month-1"].evidence] == [first.pk]
    assert months["month-2"].state is State.MET
    assert months["month-3"].state is State.MISSED
    assert "未开展专题研讨" in months["month-3"].missing
    assert months["month-4"].state is State.AT_RISK
    assert months["month-5"].state is State.NOT_DUE
    assert monthly.state is State.MISSED and monthly.missed_periods == 1
    assert monthly.next_step == "本月尚未开展专题研讨，还剩 22 天"
    # August lies wholly in the summer holidays the policy excludes: no requirement at all.
    assert not any(v.period.start == D(2026, 8, 1) for v in monthly.verdicts)
    assert len(monthly.verdicts) == 33


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.1")
def test_as_of_in_the_past_ignores_later_records():
    hn = hainan(studios=1)
    studio = hn.studios[0]
    activity(hn.programme, studios=[studio], kind="intensive", day=D(2026, 1, 8))
    before = evaluate(hn.programme, as_of=D(2025, 12, 1))
    after = evaluate(hn.programme, as_of=D(2026, 2, 2))
    assert (
        by_period(cell(before, studio.pk, "hn-semester-intensive"))["semester-1"].state
        is State.AT_RISK
    )
    assert (
        by_period(cell(after, studio.pk, "hn-semester-intensive"))["semester-1"].state is State.MET
    )


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.2", "HN-4.1.2.1")
def test_every_member_school_diagnosed_once_per_cycle():
    hn = hainan(studios=2)
    complete, partial = hn.studios
    diagnose(complete, hn.members[complete.pk], D(2026, 3, 2))
    diagnose(partial, hn.members[partial.pk][:4], D(2026, 3, 2))
    during = evaluate(hn.programme, as_of=D(2026, 6, 1))
    assert cell(during, complete.pk, "hn-school-diagnosis").state is State.MET
    pending = cell(during, partial.pk, "hn-school-diagnosis")
    assert pending.state is State.AT_RISK
    assert pending.current.count == 4 and pending.current.required == 10
    assert "4/10 位成员的学校已入校诊断" in pending.current.missing
    assert hn.members[partial.pk][5].name in pending.current.missing
    assert {e.id for e in pending.current.evidence} == {
        v.activity_id for v in Visit.objects.filter(studio=partial, activity__isnull=False)
    }
    after = evaluate(hn.programme, as_of=D(2028, 9, 15))
    assert cell(after, partial.pk, "hn-school-diagnosis").state is State.MISSED


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.2", "HN-4.1.2.1")
def test_a_school_counts_as_diagnosed_once_its_visits_report_is_recorded():
    hn = hainan(studios=1)
    studio = hn.studios[0]
    members = hn.members[studio.pk]
    # An activity at a member's school that is no visit of the rotation does not count.
    activity(
        hn.programme,
        studios=[studio],
        kind="diagnosis",
        day=D(2026, 3, 2),
        place_school=members[0].school,
    )
    diagnose(studio, members[1:3], D(2026, 3, 3), report=False)  # held, no report yet
    diagnose(studio, members[3:5], D(2026, 3, 4))
    before = cell(evaluate(hn.programme, as_of=D(2026, 4, 1)), studio.pk, "hn-school-diagnosis")
    assert before.current.count == 2
    visit = Visit.objects.get(member__principal=members[1])
    visits.record_report(actor=SYSTEM, visit=visit, entries=report_entries())
    now = cell(evaluate(hn.programme, as_of=D(2026, 4, 1)), studio.pk, "hn-school-diagnosis")
    assert now.current.count == 3


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.3")
def test_research_project_needs_an_outcome_of_the_right_form():
    hn = hainan(studios=2)
    with_paper, without = hn.studios
    project = records.create_project(
        actor=SYSTEM,
        programme=hn.programme,
        studio=with_paper,
        leader=with_paper.host,
        title="县域高中特色发展研究",
        level=Level.PROVINCE,
        approved_on=D(2025, 11, 1),
    )
    records.add_outcome(
        actor=SYSTEM, project=project, kind="paper", title="论文", achieved_on=D(2026, 5, 1)
    )
    other = records.create_project(
        actor=SYSTEM,
        programme=hn.programme,
        studio=without,
        leader=without.host,
        title="课堂观察研究",
        level=Level.CITY,
        approved_on=D(2025, 11, 1),
    )
    records.add_outcome(
        actor=SYSTEM, project=other, kind="award", title="获奖", achieved_on=D(2026, 5, 1)
    )
    result = evaluate(hn.programme, as_of=D(2026, 6, 1))
    met = cell(result, with_paper.pk, "hn-research-project")
    assert met.state is State.MET and met.current.evidence[0].label == "县域高中特色发展研究：论文"
    assert cell(result, without.pk, "hn-research-project").state is State.AT_RISK


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.4")
def test_yearly_outreach_counts_only_at_rural_or_weak_schools():
    hn = hainan(studios=1)
    studio = hn.studios[0]
    town = SchoolFactory(name="城区中学", region_id="460106")
    village = SchoolFactory(name="乡村中学", region_id="460106", is_rural=True)
    activity(hn.programme, studios=[studio], kind="outreach", day=D(2026, 4, 1), place_school=town)
    year_one = evaluate(hn.programme, as_of=D(2026, 9, 2))
    verdicts = by_period(cell(year_one, studio.pk, "hn-yearly-outreach"))
    assert verdicts["year-1"].state is State.MISSED
    assert verdicts["year-2"].state is State.AT_RISK
    activity(
        hn.programme,
        studios=[studio],
        kind="onsite_guidance",
        day=D(2026, 10, 1),
        place_school=village,
    )
    year_two = evaluate(hn.programme, as_of=D(2026, 10, 2))
    assert by_period(cell(year_two, studio.pk, "hn-yearly-outreach"))["year-2"].state is State.MET


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.5")
def test_joint_activity_counts_for_every_organising_studio():
    hn = hainan(studios=2)
    activity(hn.programme, studios=hn.studios, kind="joint", day=D(2026, 5, 8))
    result = evaluate(hn.programme, as_of=D(2026, 6, 1))
    assert all(cell(result, s.pk, "hn-joint-activity").state is State.MET for s in hn.studios)


@pytest.mark.django_db
@pytest.mark.clause("HN-4.3", "HN-4.2")
def test_plans_per_studio_and_per_member():
    hn = hainan(studios=1)
    studio = hn.studios[0]
    records.submit_deliverable(
        actor=SYSTEM,
        programme=hn.programme,
        kind="studio_rules",
        title="工作室工作制度",
        studio=studio,
        body="一、例会制度。",
        submitted_on=D(2025, 10, 1),
    )
    for member in hn.members[studio.pk][:7]:
        records.submit_deliverable(
            actor=SYSTEM,
            programme=hn.programme,
            kind="growth_plan",
            title=f"{member.name}成长方案",
            studio=studio,
            principal=member,
            body="三年成长目标……",
            submitted_on=D(2025, 11, 1),
        )
    result = evaluate(hn.programme, as_of=D(2025, 12, 1))
    assert cell(result, studio.pk, "hn-studio-rules").state is State.MET
    growth = cell(result, studio.pk, "hn-growth-plan")
    assert growth.state is State.AT_RISK
    assert growth.current.count == 7 and growth.current.required == 10
    assert hn.members[studio.pk][9].name in growth.next_step


@pytest.mark.django_db
@pytest.mark.clause("HN-5.2")
def test_semester_report_each_semester():
    hn = hainan(studios=1)
    studio = hn.studios[0]
    records.submit_deliverable(
        actor=SYSTEM,
        programme=hn.programme,
        kind="semester_report",
        title="秋季学期汇报",
        studio=studio,
        body="本学期开展活动五次。",
        submitted_on=D(2026, 1, 10),
    )
    verdicts = by_period(
        cell(evaluate(hn.programme, as_of=D(2026, 7, 20)), studio.pk, "hn-semester-report")
    )
    assert verdicts["semester-1"].state is State.MET
    assert verdicts["semester-2"].state is State.MISSED


@pytest.mark.django_db
@pytest.mark.clause("HN-3.7")
def test_member_count_within_bounds():
    hn = hainan(studios=2, members=10)
    small = hn.studios[1]
    from touyan.programmes.models import StudioMember

    StudioMember.objects.filter(studio=small, principal=hn.members[small.pk][0]).update(
        left_on=D(2026, 1, 1)
    )
    result = evaluate(hn.programme, as_of=D(2026, 2, 1))
    assert cell(result, hn.studios[0].pk, "hn-member-count").state is State.MET
    short = cell(result, small.pk, "hn-member-count")
    assert short.state is State.MISSED
    assert short.next_step.endswith("现有成员 9 人，应为 10—12 人")


# Hangzhou ------------------------------------------------------------------------------------


def sessions(hz, days, *, topic="humanities", hours=Decimal(4)):
    return [
        activity(hz.programme, cohort=hz.cohort, kind="course", day=day, topic=topic, hours=hours)
        for day in days
    ]


def mark(session, trainee, status, presented=False):
    records.record_attendance(
        actor=SYSTEM,
        activity=session,
        marks=[records.Mark(trainee.principal_id, status, presented)],
    )


@pytest.mark.django_db
@pytest.mark.clause("HZ-3.4.1")
def test_absence_ratio_divides_by_every_scheduled_session():
    hz = hangzhou(trainees=3)
    held = sessions(hz, [D(2026, 3, 2) + dt.timedelta(days=7 * n) for n in range(10)])
    sessions(hz, [D(2026, 9, 1) + dt.timedelta(days=7 * n) for n in range(10)])  # still to come
    fine, close, out = hz.trainees
    for session in held:
        for trainee in hz.trainees:
            mark(session, trainee, "present")
    mark(held[0], fine, "leave")
    for session in held[:3]:
        mark(session, close, "leave")  # 3 of 20 scheduled: within 1/5, one short of the limit
    for session in held[:5]:
        mark(session, out, "leave")  # 5 of 20 > 4
    result = evaluate(hz.programme, as_of=D(2026, 5, 20))
    assert cell(result, fine.pk, "hz-absence-ratio").state is State.MET
    warn = cell(result, close.pk, "hz-absence-ratio")
    assert warn.state is State.AT_RISK  # 3 of 10 marked would be 30%: the flaw this avoids
    # Hangzhou counts class hours: 20 sessions of 4 学时, at most 16 学时 absent.
    assert warn.next_step == (
        "缺勤 12 学时（含请假 12 学时），全部 80 学时最多可缺 16 学时；"
        "还可缺勤 4 学时，超过即进入淘汰审议"
    )
    missed = cell(result, out.pk, "hz-absence-ratio")
    assert missed.state is State.MISSED and len(missed.current.evidence) == 5
    assert (
        result.rules[[r.id for r in result.rules].index("hz-absence-ratio")].on_missed
        == "removal_review"
    )


@pytest.mark.django_db
@pytest.mark.clause("HZ-3.4.1")
def test_unexcused_absence_is_missed_at_once_and_leave_is_not_counted():
    hz = hangzhou(trainees=2)
    held = sessions(hz, [D(2026, 3, 9)])
    mark(held[0], hz.trainees[0], "leave")
    mark(held[0], hz.trainees[1], "absent")
    result = evaluate(hz.programme, as_of=D(2026, 3, 10))
    assert cell(result, hz.trainees[0].pk, "hz-unexcused-absence").state is State.MET
    assert cell(result, hz.trainees[1].pk, "hz-unexcused-absence").state is State.MISSED


@pytest.mark.django_db
@pytest.mark.clause("HZ-3.2")
def test_curriculum_hours_per_topic_from_sessions_and_credits():
    hz = hangzhou(trainees=1)
    trainee = hz.trainees[0]
    held = sessions(hz, [D(2026, 3, 2 + n) for n in range(5)], hours=Decimal(4))  # 20 h of 人文
    for session in held:
        mark(session, trainee, "present")
    mid = cell(evaluate(hz.programme, as_of=D(2026, 6, 1)), trainee.pk, "hz-curriculum-hours")
    assert mid.state is State.AT_RISK
    assert "人文社会科学思想拓展" not in mid.current.missing  # that topic is complete
    assert mid.current.count == 20
    from touyan.policies.loading import load_policy
    from touyan.policies.presets import preset_text

    curriculum = load_policy(preset_text("hangzhou-training")).curriculum
    for topic in curriculum.topics:
        if topic.code != "humanities":
            records.credit_hours(
                actor=SYSTEM,
                trainee=trainee,
                topic=topic.code,
                hours=Decimal(topic.hours),
                credited_on=D(2027, 6, 1),
                note="认定",
                today=D(2027, 6, 1),
            )
    done = cell(evaluate(hz.programme, as_of=D(2027, 8, 1)), trainee.pk, "hz-curriculum-hours")
    assert done.state is State.MET and done.current.count == 270
    assert (
        cell(evaluate(hz.programme, as_of=D(2027, 9, 2)), trainee.pk, "hz-curriculum-hours").state
        is State.MET
    )


@pytest.mark.django_db
@pytest.mark.clause("HZ-3.4.2")
def test_deliverables_with_counts_and_minimum_length():
    hz = hangzhou(trainees=1)
    principal = hz.trainees[0].principal

    def submit(kind, body, title=""):
        records.submit_deliverable(
            actor=SYSTEM,
            programme=hz.programme,
            kind=kind,
            title=title or kind,
            principal=principal,
            body=body,
            submitted_on=D(2026, 6, 1),
        )

    submit("research_report", "研" * 8000)
    result = evaluate(hz.programme, as_of=D(2026, 7, 1))
    report = cell(result, hz.trainees[0].pk, "hz-research-report")
    assert report.state is State.AT_RISK
    assert "8,000 字，不足 10,000 字" in report.current.missing
    submit("research_report", "究" * 10000)
    for number in range(9):
        submit("study_log", "参观考察日志。", title=f"日志{number}")
    result = evaluate(hz.programme, as_of=D(2026, 7, 1))
    assert cell(result, hz.trainees[0].pk, "hz-research-report").state is State.MET
    logs = cell(result, hz.trainees[0].pk, "hz-study-logs")
    assert logs.state is State.AT_RISK and logs.current.count == 9
    after = evaluate(hz.programme, as_of=D(2027, 9, 1))
    assert cell(after, hz.trainees[0].pk, "hz-study-logs").state is State.MISSED


@pytest.mark.django_db
@pytest.mark.clause("HZ-3.T")
def test_forum_talks_paired_support_and_led_project():
    hz = hangzhou(trainees=2)
    star, other = hz.trainees
    for n, level in enumerate([Level.CITY, Level.PROVINCE, Level.NATIONAL, Level.DISTRICT]):
        forum = activity(
            hz.programme, cohort=hz.cohort, kind="forum_talk", day=D(2026, 4, 1 + n), level=level
        )
        mark(forum, star, "present", presented=True)
        mark(forum, other, "present", presented=n == 3)  # only at the district forum
    partner = SchoolFactory(name="贵州结对学校", region_id="520000")
    support = activity(
        hz.programme,
        cohort=hz.cohort,
        kind="paired_support",
        day=D(2026, 5, 1),
        place_school=partner,
    )
    local = activity(
        hz.programme,
        cohort=hz.cohort,
        kind="paired_support",
        day=D(2026, 5, 2),
        place_school=SchoolFactory(name="本地学校", region_id="330106"),
    )
    mark(support, star, "present")
    mark(local, other, "present")
    led = records.create_project(
        actor=SYSTEM,
        programme=hz.programme,
        leader=star.principal,
        title="课题",
        level=Level.CITY,
        approved_on=D(2026, 4, 1),
    )
    records.add_outcome(
        actor=SYSTEM,
        project=led,
        kind="award",
        title="市级二等奖",
        level=Level.CITY,
        achieved_on=D(2026, 6, 1),
    )
    small = records.create_project(
        actor=SYSTEM,
        programme=hz.programme,
        leader=other.principal,
        title="区级课题",
        level=Level.DISTRICT,
        approved_on=D(2026, 4, 1),
    )
    records.add_outcome(
        actor=SYSTEM,
        project=small,
        kind="award",
        title="区级奖",
        level=Level.DISTRICT,
        achieved_on=D(2026, 6, 1),
    )
    result = evaluate(hz.programme, as_of=D(2026, 7, 1))
    assert cell(result, star.pk, "hz-forum-talks").state is State.MET
    assert cell(result, other.pk, "hz-forum-talks").current.count == 0
    assert cell(result, star.pk, "hz-paired-support").state is State.MET
    assert cell(result, other.pk, "hz-paired-support").state is State.AT_RISK
    assert cell(result, star.pk, "hz-research-project").state is State.MET
    assert cell(result, other.pk, "hz-research-project").state is State.AT_RISK


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_subjects():
    hn = hainan(studios=6, members=10)
    for studio in hn.studios:
        activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 9, 3))
        diagnose(studio, hn.members[studio.pk][:2], D(2025, 10, 9))
    ids = [s.pk for s in hn.studios]
    with CaptureQueriesContext(connection) as two:
        small = evaluate(hn.programme, as_of=D(2025, 12, 1), subject_ids=ids[:2])
    with CaptureQueriesContext(connection) as six:
        large = evaluate(hn.programme, as_of=D(2025, 12, 1))
    assert len(small.subjects) == 2 and len(large.subjects) == 6
    assert len(two.captured_queries) == len(six.captured_queries) == small.queries == large.queries
    hz = hangzhou(trainees=2)
    with CaptureQueriesContext(connection) as one:
        evaluate(hz.programme, as_of=D(2026, 5, 1), subject_ids=[hz.trainees[0].pk])
    more = hangzhou(trainees=5, start=D(2025, 3, 1))
    with CaptureQueriesContext(connection) as five:
        evaluate(more.programme, as_of=D(2025, 5, 1))
    assert len(one.captured_queries) == len(five.captured_queries)


@pytest.mark.django_db
@pytest.mark.clause("HZ-3.2", "HZ-3.T")
def test_cycle_rules_left_unmet_are_missed_when_the_course_ends():
    hz = hangzhou(trainees=1)
    trainee = hz.trainees[0]
    held = sessions(hz, [D(2026, 3, 2)])
    mark(held[0], trainee, "present", presented=True)
    during = evaluate(hz.programme, as_of=D(2027, 8, 31))
    after = evaluate(hz.programme, as_of=D(2027, 9, 1))
    for rule in (
        "hz-curriculum-hours",
        "hz-forum-talks",
        "hz-paired-support",
        "hz-research-project",
    ):
        assert cell(during, trainee.pk, rule).state is State.AT_RISK, rule
        assert cell(after, trainee.pk, rule).state is State.MISSED, rule
    last_day = cell(during, trainee.pk, "hz-research-project")
    assert "还剩 1 天" in last_day.next_step and last_day.pace is Pace.BEHIND


@pytest.mark.django_db
@pytest.mark.clause("HN-4.1.3", "HN-4.1.5")
def test_studio_cycle_rules_left_unmet_are_missed_when_the_cycle_ends():
    hn = hainan(studios=1)
    studio = hn.studios[0]
    after = evaluate(hn.programme, as_of=D(2028, 9, 1))
    for rule in (
        "hn-research-project",
        "hn-joint-activity",
        "hn-three-year-plan",
        "hn-growth-plan",
    ):
        assert cell(after, studio.pk, rule).state is State.MISSED, rule
