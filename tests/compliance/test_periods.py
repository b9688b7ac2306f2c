"""The periods a rule may be counted in — weeks, spans of N months, quarters, school and
calendar years, stages — from the calendar's arithmetic through the engine's verdicts, and the
presets' periods unchanged (EX-1, EX-2, EX-3, EX-4, EX-8, EX-9)."""

import calendar as calendar_module
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from touyan.assessment.services.rounds import open_round, periods_for
from touyan.compliance import pace as pacing
from touyan.compliance.engine import evaluate
from touyan.compliance.judges import Context
from touyan.compliance.verdicts import Pace, State, Subject
from touyan.policies import schema
from touyan.policies.loading import load_policy
from touyan.policies.services import publish_policy
from touyan.programmes.calendar import DAY, Period, ProgrammeCalendar, add_months
from touyan.programmes.services import change_policy_version
from touyan.records import services as records

from ..policies.helpers import HAINAN, HANGZHOU, edit
from ..programmes import SYSTEM, hainan

D = dt.date
START = D(2025, 9, 1)
MID_MONTH = D(2025, 9, 15)
STAGES = """
[[calendar.stages]]
code = "diagnosis"
name = "第一阶段：诊断规划"
name_en = "Stage 1: diagnosis and planning"
semesters = [1, 1]

[[calendar.stages]]
code = "study"
name = "第二阶段：专题研修"
semesters = [2, 3]

[[calendar.stages]]
code = "showcase"
name = "第三阶段：展示交流"
months = [19, 24]

[[calendar.stages]]
code = "outreach"
name = "第四阶段：辐射带动"
semesters = [5, 6]

[members]"""
NEW_KINDS = [
    "week",
    "2_months",
    "3_months",
    "4_months",
    "5_months",
    "6_months",
    "quarter",
    "school_year",
    "calendar_year",
    "stage",
]
ALL_KINDS = [*NEW_KINDS, "month", "semester", "year", "cycle"]


def policy_text(period: str = "month", extra: str = "", at_least: int = 1) -> str:
    """The Hainan preset with four stages and its seminar rule counted in ``period``."""
    text = edit(HAINAN, "\n[members]", STAGES)
    return edit(
        text,
        'activity_types = ["seminar"]\nperiod = "month"\nat_least = 1',
        f'activity_types = ["seminar"]\nperiod = "{period}"\nat_least = {at_least}{extra}',
    )


def calendar(start: dt.date = START) -> ProgrammeCalendar:
    return ProgrammeCalendar(load_policy(policy_text()).calendar, start)


def spans(periods) -> list[tuple[dt.date, dt.date]]:
    return [(p.start, p.end) for p in periods]


# the arithmetic ------------------------------------------------------------------------------


@pytest.mark.clause("EX-8")
def test_weeks_are_iso_weeks_clipped_to_the_cycle():
    weeks = calendar().periods("week")
    assert len(weeks) == 157  # 2025-09-01 is a Monday; the cycle ends on Thursday 2028-08-31
    assert spans(weeks[:2]) == [(D(2025, 9, 1), D(2025, 9, 7)), (D(2025, 9, 8), D(2025, 9, 14))]
    assert spans(weeks[-1:]) == [(D(2028, 8, 28), D(2028, 8, 31))]
    assert all(w.start.weekday() == 0 for w in weeks)
    assert all(w.end.weekday() == 6 for w in weeks[:-1])
    mid = calendar(MID_MONTH).periods("week")  # a Monday too
    assert mid[0].start == MID_MONTH and mid[-1].end == D(2028, 9, 14)
    wednesday = calendar(D(2025, 9, 17)).periods("week")
    assert spans(wednesday[:2]) == [
        (D(2025, 9, 17), D(2025, 9, 21)),
        (D(2025, 9, 22), D(2025, 9, 28)),
    ]
    assert [w.key for w in wednesday[:2]] == ["week-1", "week-2"]


@pytest.mark.clause("EX-3")
@pytest.mark.parametrize("months", [2, 3, 4, 5, 6])
def test_spans_of_n_months_count_from_the_start_date(months):
    kind = f"{months}_months"
    for start in (START, MID_MONTH):
        periods = calendar(start).periods(kind)
        assert len(periods) == -(-36 // months)
        for index, period in enumerate(periods):
            assert period.key == f"{kind}-{index + 1}"
            assert period.start == add_months(start, index * months)
            assert period.end == min(add_months(start, (index + 1) * months) - DAY, periods[-1].end)
        assert periods[-1].end == add_months(start, 36) - DAY
    # 36 months in spans of 5: the last span holds one month only.
    if months == 5:
        assert spans(calendar().periods(kind)[-1:]) == [(D(2028, 8, 1), D(2028, 8, 31))]


def test_quarters_school_years_and_calendar_years_are_clipped():
    cal = calendar(MID_MONTH)
    quarters = cal.periods("quarter")
    assert spans(quarters[:2]) == [
        (D(2025, 9, 15), D(2025, 9, 30)),
        (D(2025, 10, 1), D(2025, 12, 31)),
    ]
    assert spans(quarters[-1:]) == [(D(2028, 7, 1), D(2028, 9, 14))]
    assert len(quarters) == 13
    assert spans(cal.periods("school_year")) == [
        (D(2025, 9, 15), D(2026, 8, 31)),
        (D(2026, 9, 1), D(2027, 8, 31)),
        (D(2027, 9, 1), D(2028, 8, 31)),
        (D(2028, 9, 1), D(2028, 9, 14)),
    ]
    assert spans(cal.periods("calendar_year")) == [
        (D(2025, 9, 15), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 12, 31)),
        (D(2028, 1, 1), D(2028, 9, 14)),
    ]
    assert len(calendar().periods("school_year")) == 3
    # "year" keeps meaning the cycle year, from the start date.
    assert spans(cal.periods("year"))[0] == (D(2025, 9, 15), D(2026, 9, 14))


def test_the_school_year_starts_where_the_policy_says():
    text = edit(
        policy_text(), "yearly_themes = true", 'yearly_themes = true\nschool_year_starts = "08-20"'
    )
    cal = ProgrammeCalendar(load_policy(text).calendar, START)
    assert spans(cal.periods("school_year"))[:2] == [
        (D(2025, 9, 1), D(2026, 8, 19)),
        (D(2026, 8, 20), D(2027, 8, 19)),
    ]
    with translation.override("zh-hans"):
        assert [p.label for p in cal.periods("school_year")] == [
            "2025—2026学年",
            "2026—2027学年",
            "2027—2028学年",
            "2028—2029学年",
        ]


@pytest.mark.clause("EX-1")
def test_stages_by_semesters_and_by_months():
    cal = calendar()
    stages = cal.periods("stage")
    assert [p.key for p in stages] == ["stage-1", "stage-2", "stage-3", "stage-4"]
    assert spans(stages) == [
        (D(2025, 9, 1), D(2026, 1, 31)),  # the 1st semester
        (D(2026, 2, 1), D(2027, 1, 31)),  # the 2nd to the 3rd
        (D(2027, 3, 1), D(2027, 8, 31)),  # months 19 to 24
        # The 5th and 6th semesters, to the end of the 6th: summer is in no semester.
        (D(2027, 9, 1), D(2028, 7, 14)),
    ]
    assert stages[0].name == "第一阶段：诊断规划"
    mid = calendar(MID_MONTH).periods("stage")
    assert spans(mid)[0] == (D(2025, 9, 15), D(2026, 1, 31))
    assert spans(mid)[2] == (D(2027, 3, 15), D(2027, 9, 14))


def test_a_stage_the_cycle_does_not_reach_has_no_period():
    """Stages the checks cannot order (by months beside by semesters) never overlap, and a stage
    beyond the cycle's semesters has no period."""
    semesters = load_policy(HAINAN).calendar.semesters
    stages = [
        schema.Stage(code="one", name="一", semesters=(1, 2)),
        schema.Stage(code="two", name="二", months=(10, 20)),
        schema.Stage(code="three", name="三", semesters=(4, 4)),  # begins inside "two"
        schema.Stage(code="four", name="四", semesters=(5, 6)),  # beyond a two-year cycle
    ]
    cal = ProgrammeCalendar(
        schema.Calendar(cycle_length=2, cycle_unit="years", semesters=semesters, stages=stages),
        START,
    )
    assert [(p.index, p.start, p.end) for p in cal.periods("stage")] == [
        (0, D(2025, 9, 1), D(2026, 7, 14)),
        (1, D(2026, 7, 15), D(2027, 4, 30)),
        (2, D(2027, 5, 1), D(2027, 7, 14)),
    ]


def test_labels_of_the_new_periods():
    cal = ProgrammeCalendar(load_policy(policy_text()).calendar, D(2026, 3, 1))
    with translation.override("zh-hans"):
        week = cal.period_of("week", D(2026, 3, 18))
        assert week.label == "2026年第12周（3月16日—22日）"
        across = cal.period_of("week", D(2026, 4, 1))
        assert across.label == "2026年第14周（3月30日—4月5日）"
        assert cal.period_of("2_months", D(2026, 5, 3)).label == "2026年5月—6月"
        assert cal.period_of("2_months", D(2026, 11, 3)).label == "2026年11月—12月"
        assert cal.period_of("4_months", D(2026, 11, 3)).label == "2026年11月—2027年2月"
        assert cal.period_of("quarter", D(2026, 5, 3)).label == "2026年第二季度"
        assert cal.period_of("school_year", D(2026, 10, 3)).label == "2026—2027学年"
        assert cal.period_of("calendar_year", D(2026, 10, 3)).label == "2026年"
        assert cal.period_of("stage", D(2026, 5, 3)).label == "第一阶段：诊断规划"
    mid = calendar(MID_MONTH)
    with translation.override("zh-hans"):
        assert mid.periods("2_months")[0].label == "2025年9月15日—11月14日"
        assert mid.periods("2_months")[1].label == "2025年11月15日—2026年1月14日"
    with translation.override("en"):
        assert cal.period_of("stage", D(2026, 5, 3)).label == "Stage 1: diagnosis and planning"
        assert cal.period_of("stage", D(2026, 10, 3)).label == "第二阶段：专题研修"  # no English


def _brute_excluded(cal: ProgrammeCalendar, first: dt.date, last: dt.date) -> int:
    return sum(first + n * DAY in cal.excluded_days for n in range((last - first).days + 1))


@pytest.mark.clause("EX-2")
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_exclusions_for_every_kind_in_both_modes(kind):
    for start in (START, MID_MONTH):
        cal = calendar(start)
        for period in cal.periods(kind):
            excluded = _brute_excluded(cal, period.start, period.end)
            length = (period.end - period.start).days + 1
            assert cal.is_exempt(period) == (excluded == length), period
            # touching is judged on the whole quarter, week or year the cycle holds part of
            whole = _brute_excluded(
                cal, period.whole_start or period.start, period.whole_end or period.end
            )
            assert cal.touches_exclusion(period) == (whole > 0), period


@pytest.mark.clause("EX-2")
def test_the_part_of_a_holiday_quarter_a_cycle_holds_is_still_that_quarter():
    """A cycle from 1 September holds only September of the summer's quarter: that quarter
    holds the summer holidays all the same, so it carries no requirement."""
    cal = calendar(D(2026, 9, 1))
    first = cal.periods("quarter")[0]
    assert (first.start, first.end) == (D(2026, 9, 1), D(2026, 9, 30))
    assert (first.whole_start, first.whole_end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert not cal.is_exempt(first) and cal.touches_exclusion(first)


def test_which_periods_the_holidays_take():
    cal = calendar()
    inside = [p for p in cal.periods("week") if cal.is_exempt(p)]
    touching = [p for p in cal.periods("week") if cal.touches_exclusion(p)]
    # Summer (07-15 – 08-31): six whole weeks a year; the Spring Festival fortnight: one or two.
    assert D(2026, 7, 20) in {p.start for p in inside}
    assert D(2026, 7, 13) in {p.start for p in touching} - {p.start for p in inside}
    assert not [p for p in cal.periods("quarter") if cal.is_exempt(p)]
    touched = [p.start for p in cal.periods("quarter") if cal.touches_exclusion(p)]
    assert touched == [
        D(2025, 9, 1),  # September, of the summer's quarter
        D(2026, 1, 1),
        D(2026, 7, 1),
        D(2027, 1, 1),
        D(2027, 7, 1),
        D(2028, 1, 1),
        D(2028, 7, 1),
    ]


# the engine ----------------------------------------------------------------------------------


def seminar(hn, studio, day):
    return records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[studio],
        activity_type="seminar",
        title=f"专题研讨 {day}",
        date=day,
    )


def under(text: str, *, studios: int = 2, start: dt.date = START):
    hn = hainan(studios=studios, members=1, start=start)
    version = publish_policy(actor=SYSTEM, text=text)
    change_policy_version(actor=SYSTEM, programme=hn.programme, version=version)
    hn.programme.refresh_from_db()
    return hn


def by_period(cell_):
    return {v.period.key: v for v in cell_.verdicts}


def _counted(kind: str, start: dt.date) -> list[Period]:
    cal = calendar(start)
    return [p for p in cal.periods(kind) if not cal.is_exempt(p)]


@pytest.mark.django_db
@pytest.mark.clause("EX-1", "EX-2", "EX-3", "EX-8")
@pytest.mark.parametrize("kind", NEW_KINDS)
def test_an_activity_count_on_every_new_period(kind):
    """Two seminars a period: the first period met, the second missed with one, the third open
    — on track for the studio that held one already, behind for the one that held none — and
    the fourth not yet due."""
    hn = under(policy_text(kind, at_least=2))
    keen, slow = hn.studios
    first, second, third = _counted(kind, START)[:3]
    for studio in (keen, slow):
        seminar(hn, studio, first.start)
        seminar(hn, studio, first.end)
        seminar(hn, studio, second.start)
    seminar(hn, keen, third.start)
    # Well into the third period, before its final stretch.
    as_of = third.start + dt.timedelta(days=int(((third.end - third.start).days + 1) * 0.6) - 1)
    result = evaluate(hn.programme, as_of=as_of)
    keen_cell = result.cells[(keen.pk, "hn-monthly-seminar")]
    slow_cell = result.cells[(slow.pk, "hn-monthly-seminar")]
    periods = by_period(keen_cell)
    assert [v.period.key for v in keen_cell.verdicts] == [p.key for p in _counted(kind, START)]
    assert periods[first.key].state is State.MET
    assert periods[second.key].state is State.MISSED
    assert "专题研讨 1 次，还差 1 次" in periods[second.key].missing
    assert periods[third.key].state is State.AT_RISK
    assert periods[third.key].pace is Pace.ON_TRACK
    slow_third = by_period(slow_cell)[third.key]
    assert slow_third.state is State.AT_RISK and slow_third.pace is Pace.BEHIND
    assert slow_third.note.startswith("按进度此时应已完成 1 次")
    later = [v for v in keen_cell.verdicts if v.period.start > as_of]
    assert all(v.state is State.NOT_DUE for v in later)
    assert keen_cell.missed_periods == 1
    assert keen_cell.current.period.key == third.key


@pytest.mark.django_db
@pytest.mark.clause("EX-2")
def test_quarters_touching_the_holidays_carry_no_requirement():
    hn = under(policy_text("quarter", '\nskip_periods = "touching_exclusions"'), studios=1)
    result = evaluate(hn.programme, as_of=D(2026, 12, 1))
    quarters = result.cells[(hn.studios[0].pk, "hn-monthly-seminar")].verdicts
    # September 2025 is the part of the summer's quarter the cycle holds: no requirement
    assert [v.period.start for v in quarters] == [
        D(2025, 10, 1),
        D(2026, 4, 1),
        D(2026, 10, 1),
        D(2027, 4, 1),
        D(2027, 10, 1),
        D(2028, 4, 1),
    ]
    assert quarters[0].state is State.MISSED and quarters[2].state is State.AT_RISK


@pytest.mark.django_db
@pytest.mark.clause("EX-4", "EX-8")
def test_a_rule_held_in_some_stages_only():
    hn = under(policy_text("stage", '\nstages = ["diagnosis", "showcase"]'), studios=1)
    studio = hn.studios[0]
    seminar(hn, studio, D(2025, 10, 9))
    result = evaluate(hn.programme, as_of=D(2027, 4, 1))
    cell_ = result.cells[(studio.pk, "hn-monthly-seminar")]
    assert [v.period.key for v in cell_.verdicts] == ["stage-1", "stage-3"]
    first, third = cell_.verdicts
    assert first.state is State.MET and first.period.label == "第一阶段：诊断规划"
    assert third.state is State.AT_RISK and third.pace is Pace.ON_TRACK  # a month of twelve
    info = next(rule for rule in result.rules if rule.id == "hn-monthly-seminar")
    assert info.requirement == (
        "“第一阶段：诊断规划”、“第三阶段：展示交流”期间至少开展 1 次“专题研讨”活动"
    )
    assert info.title == "专题研讨（“第一阶段：诊断规划”、“第三阶段：展示交流”）"


@pytest.mark.django_db
@pytest.mark.clause("EX-8")
def test_a_rule_held_in_every_stage():
    hn = under(policy_text("stage"), studios=1)
    result = evaluate(hn.programme, as_of=D(2027, 4, 1))
    cell_ = result.cells[(hn.studios[0].pk, "hn-monthly-seminar")]
    assert [v.period.key for v in cell_.verdicts] == ["stage-1", "stage-2", "stage-3", "stage-4"]
    assert [v.state for v in cell_.verdicts] == [
        State.MISSED,
        State.MISSED,
        State.AT_RISK,
        State.NOT_DUE,
    ]
    assert cell_.missed_periods == 2
    assert cell_.next_step == "本阶段尚未开展专题研讨，还剩 153 天"
    info = next(rule for rule in result.rules if rule.id == "hn-monthly-seminar")
    assert info.requirement == "每个阶段至少开展 1 次“专题研讨”活动"
    assert info.title == "每个阶段专题研讨"


@pytest.mark.django_db
def test_context_periods_follow_skip_periods_and_stages():
    hn = under(policy_text("week", '\nskip_periods = "touching_exclusions"'), studios=1)
    result = evaluate(hn.programme, as_of=D(2026, 3, 1))
    weeks = result.cells[(hn.studios[0].pk, "hn-monthly-seminar")].verdicts
    cal = calendar()
    assert [v.period.key for v in weeks] == [
        p.key for p in cal.periods("week") if not cal.touches_exclusion(p)
    ]
    assert len(weeks) < len([p for p in cal.periods("week") if not cal.is_exempt(p)])


def test_pace_for_a_week_and_a_stage():
    week = Period("week", 0, D(2026, 3, 16), D(2026, 3, 22))
    # Two seminars due in the week: none by Thursday is behind, none on Sunday cannot be met.
    assert pacing.by_time(1, 2, week, D(2026, 3, 18)) is Pace.ON_TRACK
    assert pacing.by_time(0, 2, week, D(2026, 3, 19)) is Pace.BEHIND
    assert pacing.by_time(0, 2, week, D(2026, 3, 22)) is Pace.CANNOT_BE_MET
    # The final stretch of a week is its last day: one of two still missing is behind.
    assert pacing.by_time(1, 2, week, D(2026, 3, 22)) is Pace.BEHIND
    assert pacing.by_time(1, 2, week, D(2026, 3, 21)) is Pace.ON_TRACK
    stage = Period("stage", 1, D(2026, 2, 1), D(2027, 1, 31), "第二阶段：专题研修")
    assert pacing.by_time(0, 1, stage, D(2026, 6, 1)) is Pace.ON_TRACK
    assert pacing.by_time(0, 1, stage, D(2027, 1, 10)) is Pace.BEHIND  # the final tenth
    assert pacing.by_time(0, 30, stage, D(2027, 1, 10)) is Pace.CANNOT_BE_MET


# a round by stage ----------------------------------------------------------------------------

ROUND = 'code = "final"\nname = "终结评价"\nname_en = "Final assessment"\nperiod = "cycle"'


@pytest.mark.django_db
@pytest.mark.clause("EX-9")
def test_a_round_by_stage_is_opened_only_for_its_stage():
    text = edit(policy_text(), ROUND, ROUND.replace('"cycle"', '"stage"\nstage = "showcase"'))
    hn = under(text, studios=2)
    (period,) = periods_for(hn.programme, "final")
    assert period.key == "stage-3" and period.start == D(2027, 3, 1)
    with pytest.raises(ValidationError):
        open_round(
            actor=SYSTEM,
            programme=hn.programme,
            code="final",
            period="stage-2",
            opens_on=D(2028, 1, 1),
            closes_on=D(2028, 2, 1),
        )
    round_ = open_round(
        actor=SYSTEM,
        programme=hn.programme,
        code="final",
        period="stage-3",
        opens_on=D(2028, 1, 1),
        closes_on=D(2028, 2, 1),
    )
    assert (round_.period_starts, round_.period_ends) == (D(2027, 3, 1), D(2027, 8, 31))
    assert round_.cases.count() == 2


# the presets mean the same ---------------------------------------------------------------------


def _old_months(start, end):
    first, index = dt.date(start.year, start.month, 1), 0
    while first <= end:
        last = add_months(first, 1) - DAY
        yield (max(first, start), min(last, end))
        first, index = last + DAY, index + 1


def _old_years(start, end, cycle_months):
    for index in range((cycle_months + 11) // 12):
        yield (add_months(start, 12 * index), min(add_months(start, 12 * (index + 1)) - DAY, end))


def _old_semesters(calendar_: schema.Calendar, start, end):
    def on(year, month_day):
        month, day = int(month_day[:2]), int(month_day[3:])
        if (month, day) == (2, 29) and not calendar_module.isleap(year):
            day = 28
        return dt.date(year, month, day)

    found = []
    for year in range(start.year - 1, end.year + 1):
        for semester in calendar_.semesters:
            first = on(year, semester.start)
            last = on(year if semester.end >= semester.start else year + 1, semester.end)
            if last >= start and first <= end:
                found.append((max(first, start), min(last, end)))
    return sorted(found)


def _old_periods(calendar_: schema.Calendar, start: dt.date, kind: str):
    """The periods as the calendar computed them before weeks, quarters and stages, with its
    day-by-day test of a period wholly inside the excluded days."""
    cal = ProgrammeCalendar(calendar_, start)
    end = cal.end
    found = {
        "month": list(_old_months(start, end)),
        "semester": _old_semesters(calendar_, start, end),
        "year": list(_old_years(start, end, calendar_.cycle_months)),
        "cycle": [(start, end)],
    }[kind]

    def exempt(span):
        day = span[0]
        while day <= span[1]:
            if day not in cal.excluded_days:
                return False
            day += DAY
        return True

    return [span for span in found if not exempt(span)]


@pytest.mark.django_db
@pytest.mark.parametrize("text", [HAINAN, HANGZHOU], ids=["hainan", "hangzhou"])
def test_the_presets_periods_are_what_they_were(text):
    """Every rule of both presets is counted in the periods the calendar gave before."""
    spec = load_policy(text)
    for start in (START, MID_MONTH, D(2026, 3, 1), D(2024, 2, 29), D(2025, 12, 31)):
        cal = ProgrammeCalendar(spec.calendar, start)
        ctx = Context(
            spec=spec, as_of=start, facts=None, calendars={None: cal}, partner_prefixes=()
        )
        studio = Subject("studio", 1, "", "")
        for rule in spec.rules:
            kind = getattr(rule, "period", "cycle")
            assert rule.stages == [] and rule.skip_periods == "inside_exclusions"
            got = spans(ctx.periods(studio, rule))
            assert got == _old_periods(spec.calendar, start, kind), (rule.id, start)
