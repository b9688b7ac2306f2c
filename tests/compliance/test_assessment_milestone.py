"""EX-9: an assessment milestone read from the assessment rounds. A trainee programme whose
policy has three stages by semesters and a mid-term round held by stage: not due before the
stage, at risk while it runs, met once the round for the stage is published (and, for the rule
with a report, the trainee handed the report in within the stage), missed after it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from touyan.accounts.roles import Role
from touyan.assessment.services.direct import grade_cases, publish_direct_round
from touyan.assessment.services.rounds import open_round, periods_for
from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import Pace, State
from touyan.policies.presets import preset_text
from touyan.records import services as records

from ..factories import UserFactory, grant
from ..programmes import SYSTEM, hangzhou
from ..selection_chain import actor_of
from .test_engine import cell

D = dt.date

STAGES = """
[[calendar.stages]]
code = "diagnosis"
name = "第一阶段：诊断规划"
semesters = [1, 1]

[[calendar.stages]]
code = "study"
name = "第二阶段：专题研修"
semesters = [2, 2]

[[calendar.stages]]
code = "showcase"
name = "第三阶段：展示交流"
name_en = "Stage 3: showcase"
semesters = [3, 3]

[members]"""

MIDTERM = """
[[deliverable_kinds]]
code = "midterm_report"
name = "中期发展报告"
name_en = "Mid-term development report"

[[assessment.rounds]]
code = "midterm"
name = "中期考核"
name_en = "Mid-term assessment"
period = "stage"
stage = "showcase"
subjects = "trainees"
assessed_by = "centre"

[[rules]]
id = "ex-midterm-round"
clause = "EX-9"
kind = "assessment_milestone"
round = "midterm"
stage = "showcase"
description = "第三阶段进行中期考核，考核结果公示。"

[[rules]]
id = "ex-midterm"
clause = "EX-9"
kind = "assessment_milestone"
round = "midterm"
stage = "showcase"
deliverable_kind = "midterm_report"
description = "第三阶段进行中期考核：学员提交中期发展报告，考核结果公示。"
"""

# The cohort starts on 1 March 2026: its third semester, the showcase stage, is the spring
# semester of 2027.
SHOWCASE = (D(2027, 2, 1), D(2027, 7, 14))


def policy_text() -> str:
    text = preset_text("hangzhou-training")
    assert text.count("\n[members]") == 1
    return text.replace("\n[members]", STAGES) + MIDTERM


@pytest.fixture
def clock(monkeypatch):
    """``clock(day)``: the services' now is noon of ``day`` (publication stamps its time)."""

    def at(day):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return at


def centre_staff():
    user = UserFactory(username="hz-milestone-centre")
    grant(user, Role.CENTRE_STAFF, "330100")
    return actor_of(user)


def open_midterm(hz, *, period="stage-3"):
    return open_round(
        actor=SYSTEM,
        programme=hz.programme,
        cohort=hz.cohort,
        code="midterm",
        period=period,
        opens_on=D(2027, 5, 1),
        closes_on=D(2027, 6, 15),
    )


def grade_and_publish(round_, actor):
    grade_cases(
        actor=actor,
        round_=round_,
        grades={pk: ("pass", "") for pk in round_.cases.values_list("pk", flat=True)},
    )
    return publish_direct_round(actor=actor, round_=round_)


def report(hz, trainee, day):
    return records.submit_deliverable(
        actor=SYSTEM,
        programme=hz.programme,
        kind="midterm_report",
        title=f"中期发展报告（{trainee.principal.name}）",
        principal=trainee.principal,
        body="中期发展报告正文",
        submitted_on=day,
        today=day,
    )


def verdict(evaluation, trainee, rule):
    (only,) = cell(evaluation, trainee.pk, rule).verdicts
    return only


@pytest.mark.django_db
@pytest.mark.clause("EX-9")
def test_the_milestone_is_not_due_then_on_track_then_behind_within_its_stage():
    hz = hangzhou(trainees=2, text=policy_text())
    trainee = hz.trainees[0]

    before = verdict(evaluate(hz.programme, as_of=D(2026, 10, 1)), trainee, "ex-midterm-round")
    assert before.state is State.NOT_DUE
    assert (before.period.key, before.period.start, before.period.end) == ("stage-3", *SHOWCASE)
    assert before.period.label == "第三阶段：展示交流"

    early = evaluate(hz.programme, as_of=D(2027, 3, 15))
    during = verdict(early, trainee, "ex-midterm-round")
    assert during.state is State.AT_RISK and during.pace is Pace.ON_TRACK
    assert (during.count, during.required) == (0, 1)
    assert during.missing == "“中期考核”尚未公布结果"
    both = verdict(early, trainee, "ex-midterm")
    assert both.state is State.AT_RISK and both.pace is Pace.ON_TRACK
    assert both.required == 2
    assert both.missing == "“中期考核”尚未公布结果；尚未提交“中期发展报告”"
    assert cell(early, trainee.pk, "ex-midterm-round").next_step

    # The last tenth of the stage with the results still not announced.
    late = verdict(evaluate(hz.programme, as_of=D(2027, 7, 5)), trainee, "ex-midterm-round")
    assert late.state is State.AT_RISK and late.pace is Pace.BEHIND


@pytest.mark.django_db
@pytest.mark.clause("EX-9")
def test_the_round_for_the_stage_published_meets_it_with_the_report_handed_in(clock):
    hz = hangzhou(trainees=2, text=policy_text())
    prompt, early_bird = hz.trainees
    report(hz, prompt, D(2027, 5, 10))
    report(hz, early_bird, D(2027, 1, 10))  # before the stage: not the mid-term report
    centre = centre_staff()

    clock(D(2027, 5, 1))
    round_ = open_midterm(hz)
    assert (round_.period_starts, round_.period_ends) == SHOWCASE
    # Opened, graded, not yet published: the stage is still at risk, and missed once it ends.
    grade_cases(
        actor=centre,
        round_=round_,
        grades={pk: ("pass", "") for pk in round_.cases.values_list("pk", flat=True)},
    )
    opened = verdict(evaluate(hz.programme, as_of=D(2027, 6, 1)), prompt, "ex-midterm-round")
    assert opened.state is State.AT_RISK
    after = evaluate(hz.programme, as_of=D(2027, 8, 1))
    missed = verdict(after, prompt, "ex-midterm-round")
    assert missed.state is State.MISSED and missed.pace is None
    assert missed.missing == "“中期考核”尚未公布结果"
    assert cell(after, prompt.pk, "ex-midterm-round").missed_periods == 1

    clock(D(2027, 6, 20))
    publish_direct_round(actor=centre, round_=round_)
    result = evaluate(hz.programme, as_of=D(2027, 6, 25))
    met = verdict(result, prompt, "ex-midterm-round")
    assert met.state is State.MET and met.pace is Pace.ON_TRACK
    assert (met.count, met.required, met.missing) == (1, 1, "")
    ((kind, pk, day, label),) = [(e.kind, e.id, e.date, e.label) for e in met.evidence]
    assert (kind, pk, day) == ("round", round_.pk, D(2027, 6, 20))
    assert label == "中期考核（第三阶段：展示交流） 已于 2027-06-20 公布结果"
    assert verdict(result, early_bird, "ex-midterm-round").state is State.MET

    # With the report: met for the trainee who handed it in within the stage only.
    handed_in = verdict(result, prompt, "ex-midterm")
    assert handed_in.state is State.MET and (handed_in.count, handed_in.required) == (2, 2)
    assert [e.kind for e in handed_in.evidence] == ["round", "deliverable"]
    outside = verdict(result, early_bird, "ex-midterm")
    assert outside.state is State.AT_RISK and (outside.count, outside.required) == (1, 2)
    assert outside.missing == "尚未提交“中期发展报告”"
    assert verdict(evaluate(hz.programme, as_of=D(2027, 8, 1)), early_bird, "ex-midterm").state is (
        State.MISSED
    )

    # Looking back at a day before the publication, the results were not announced yet.
    earlier = verdict(evaluate(hz.programme, as_of=D(2027, 6, 10)), prompt, "ex-midterm-round")
    assert earlier.state is State.AT_RISK and earlier.evidence == []


@pytest.mark.django_db
@pytest.mark.clause("EX-9")
def test_results_announced_after_the_stage_miss_it_and_say_so(clock):
    hz = hangzhou(trainees=1, text=policy_text())
    (trainee,) = hz.trainees
    clock(D(2027, 7, 1))
    round_ = open_midterm(hz)
    clock(D(2027, 7, 20))
    grade_and_publish(round_, centre_staff())
    late = verdict(evaluate(hz.programme, as_of=D(2027, 8, 1)), trainee, "ex-midterm-round")
    assert late.state is State.MISSED
    assert late.missing == "“中期考核”于 2027-07-20 公布结果，晚于本阶段结束"


@pytest.mark.django_db
@pytest.mark.clause("EX-9")
def test_a_round_by_stage_opens_only_for_its_stage():
    hz = hangzhou(trainees=1, text=policy_text())
    (period,) = periods_for(hz.programme, "midterm", cohort=hz.cohort)
    assert (period.key, period.start, period.end) == ("stage-3", *SHOWCASE)
    # Other stages, and the semester with the very same dates, are not this round's period.
    for other in ("stage-1", "stage-2", "semester-3", "cycle-1", "stage-4"):
        with pytest.raises(ValidationError) as refused:
            open_midterm(hz, period=other)
        assert "period" in refused.value.message_dict
    assert not hz.programme.assessment_rounds.exists()
    assert open_midterm(hz).period_starts == SHOWCASE[0]


@pytest.mark.django_db
@pytest.mark.clause("EX-9")
def test_milestone_queries_do_not_grow_with_trainees(clock):
    hz = hangzhou(trainees=4, text=policy_text())
    for trainee in hz.trainees:
        report(hz, trainee, D(2027, 3, 1))
    clock(D(2027, 5, 1))
    grade_and_publish(open_midterm(hz), centre_staff())
    ids = [t.pk for t in hz.trainees]
    with CaptureQueriesContext(connection) as one:
        evaluate(hz.programme, as_of=D(2027, 6, 1), subject_ids=ids[:1])
    with CaptureQueriesContext(connection) as four:
        evaluate(hz.programme, as_of=D(2027, 6, 1))
    assert len(one.captured_queries) == len(four.captured_queries)


@pytest.mark.django_db
@pytest.mark.clause("EX-9")
def test_the_stage_is_found_when_a_stage_before_it_has_no_period():
    # A stage by months inside the first semester's stage gets no period of its own; the
    # showcase stage is still the third stage.
    text = policy_text().replace(
        'name = "第二阶段：专题研修"\nsemesters = [2, 2]',
        'name = "第二阶段：专题研修"\nmonths = [1, 2]',
    )
    assert "months = [1, 2]" in text
    hz = hangzhou(trainees=1, text=text)
    found = verdict(evaluate(hz.programme, as_of=D(2027, 3, 15)), hz.trainees[0], "ex-midterm")
    assert (found.period.key, found.period.start, found.period.end) == ("stage-3", *SHOWCASE)
    assert found.state is State.AT_RISK
