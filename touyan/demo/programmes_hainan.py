"""The Hainan studio programme of the demo, partway through its three-year cycle.

Sixteen studios hosted by heads of well-known Hainan schools: twelve carried over from the last
cycle with their members, four new, all filled up by a published allocation of this cycle's
member call (``formation_hainan``), 9–12 members each; and the record of the cycle so far:
monthly seminars, a concentrated training each semester, diagnostic visits to members' schools,
outreach to rural and weak schools, one joint activity, plans, reports and research. Most
studios keep to the rules; a few do not, each in one way a reader can trace to the records
(see ``PLANS``; the studios of ``LAST_PLANS`` keep to them). Everything is dated from the
cycle's start, 1 September of the year before last or of last year, so that the demo is always
in the second year of its cycle.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from touyan.core.actors import Actor
from touyan.people.enums import FULL_PRINCIPAL_POSITIONS
from touyan.people.models import Principal, School
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes import services as programmes
from touyan.programmes.calendar import Period, ProgrammeCalendar
from touyan.programmes.models import Programme, Studio
from touyan.programmes.policy import calendar_of
from touyan.records import services as records
from touyan.records.models import Activity, Level
from touyan.records.services import Mark
from touyan.regions import codes

from . import prose
from .assessment_dates import first_annual_round
from .formation_hainan import cast, form_studios, hainan_leaders, last_cycle
from .hainan import HOST_SCHOOL
from .record_kit import (
    ABSENT,
    DAY,
    LEAVE,
    PRESENT,
    ProgrammeWritten,
    national_holidays,
    ordinary_marks,
    pick_day,
    workdays,
)

THEMES = (
    (
        "凝练办学理念，建设学校文化",
        "围绕学校文化与办学理念开展诊断与研讨，帮助成员厘清本校的办学传统、发展定位和育人目标，形成各自学校的文化建设方案。",
    ),
    (
        "深化课堂变革，提升课程领导力",
        "在办学理念的引领下，聚焦新课程新教材实施和课堂教学改革，提升成员统筹学校课程建设、教学管理和教师发展的能力。",
    ),
    (
        "提炼办学思想，辐射引领发展",
        "总结三年实践，提炼成员的办学思想和管理经验，形成可推广的成果，并通过送培下乡、结对帮扶带动全省农村学校和薄弱学校发展。",
    ),
)

SEMINAR_TOPICS = (
    (
        "学校文化的内涵与建设路径",
        "办学理念的提炼与表达",
        "校训、校风与学校精神的传承创新",
        "从“一校一品”看学校特色发展",
        "学校章程建设与依法治校",
        "自由贸易港建设背景下的学校发展定位",
        "学校中长期发展规划的编制方法",
        "校园环境文化与育人氛围营造",
        "教师文化建设与团队凝聚力",
        "民族地区学校的民族文化传承",
        "学校文化诊断：问题与对策",
        "家校社协同育人机制建设",
        "五育并举的学校育人体系构建",
        "学校制度文化与现代学校治理",
    ),
    (
        "新课程新教材实施中的校长课程领导力",
        "大单元教学设计与课堂转型",
        "新高考背景下的选课走班与生涯规划",
        "“双减”背景下的作业设计与管理",
        "基于课程标准的教、学、评一致性",
        "课堂观察与听评课制度改进",
        "校本教研的组织与实效",
        "核心素养导向的课堂教学改革",
        "跨学科主题学习的设计与实施",
        "数字化赋能课堂教学变革",
        "青年教师培养与教学能力提升",
        "学业质量监测数据的分析与运用",
        "县域高中课堂教学质量提升",
        "教研组、备课组建设与管理",
    ),
    (
        "办学思想的提炼与表达",
        "学校改革案例的撰写与交流",
        "教学成果的培育与推广",
        "工作室成果的辐射与共享",
        "薄弱学校改进的有效路径",
        "校长专业标准与自我评估",
        "学校品牌建设与社会影响",
        "农村学校发展的帮扶机制",
        "名校长成长规律研究",
        "三年研修的回顾与反思",
        "成员学校改进成效展示",
        "面向未来的学校教育",
    ),
)

INTENSIVES = (
    ("集中研修：学校文化建设专题研修班", "海南省中学教师继续教育培训中心（海口）", 2),
    ("集中研修：赴上海市名校跟岗学习", "上海市（华东师范大学第二附属中学等）", 3),
    ("集中研修：课程领导力高级研修班", "华东师范大学（上海）", 3),
    ("集中研修：赴浙江省杭州市考察新课程改革", "杭州市（杭州学军中学、杭州第二中学等）", 3),
    ("集中研修：学校治理与校长领导力专题研修", "海南师范大学（海口）", 2),
    ("集中研修：赴广东省深圳市考察学校数字化转型", "深圳市（深圳中学等）", 3),
)

EXTRAS = (
    ("reading", "读书交流：共读苏霍姆林斯基《给教师的建议》"),
    ("reading", "读书交流：共读佐藤学《学校的挑战》"),
    ("reading", "读书交流：共读彼得·圣吉《第五项修炼》"),
    ("lecture", "专家讲座：新时代校长专业标准解读"),
    ("lecture", "专家讲座：普通高中课程方案与学校课程规划"),
    ("online", "网络研修：学校管理案例线上研讨"),
    ("online", "网络研修：成员学校课例线上观摩"),
    ("mentoring", "师徒结对：主持人与新任校长结对指导"),
    ("shadowing", "跟岗实践：走进实践基地学校"),
)

EXTRA_DESCRIPTIONS = {
    "reading": "成员提前精读全书，活动中每人结合本校管理实践分享一则读书感悟，主持人逐一点评。",
    "lecture": "邀请省内外专家作专题报告，报告后成员与专家围绕本校的实际问题互动交流。",
    "online": "依托网络研修社区开展线上研讨，成员在线分享案例、相互评议，研讨记录在社区存档。",
    "mentoring": "主持人与新任校长签订结对协议，明确一学年的指导内容、目标和见面安排。",
    "shadowing": "成员到实践基地学校跟岗，参加行政例会、听课评课、观摩教研组活动。",
    "research": "邀请专家对工作室课题的研究方案进行论证，明确研究目标、内容、方法和成员分工。",
}

OUTREACH_KINDS = (
    ("outreach", "送培下乡：走进{school}"),
    ("onsite_guidance", "现场指导：{school}课堂教学改进"),
    ("paired_assistance", "结对帮扶：与{school}签订帮扶协议并开展首次活动"),
)

DESCRIPTION = (
    "三年一个工作周期，每年围绕一个主题开展研修。每个工作室由一名主持人和10—12名成员组成，"
    "省中学教师继续教育培训中心负责日常管理、指导和考核评估。"
)

ACTIVITY_NAMES = {
    "seminar": "专题研讨",
    "intensive": "集中研修",
    "diagnosis": "入校诊断",
    "outreach": "送培下乡",
    "onsite_guidance": "现场指导",
    "paired_assistance": "结对帮扶",
    "joint": "工作室联合活动",
    "reading": "读书交流",
    "lecture": "讲座论坛",
    "online": "网络研修",
    "mentoring": "师徒结对",
    "shadowing": "跟岗实践",
    "research": "课题研究",
}


@dataclass(frozen=True)
class Research:
    title: str
    level: str
    outcome: str = ""  # paper, monograph, report; empty while the project has no result yet
    outcome_title: str = ""


@dataclass(frozen=True)
class StudioPlan:
    """One studio and how it keeps (or does not keep) the rules so far."""

    host_school: tuple[str, str]  # (county code, school name)
    members: int  # this cycle, once the member call is allocated (what it aims at)
    carried: int = 0  # members continuing from the last cycle; 0 for a new studio
    diagnosed_share: float = 0.75  # of member schools visited so far
    research: Research | None = None
    joint: bool = False  # one of the three studios of the joint activity
    seminar_this_month: bool = True
    skips_three_months: bool = False
    skips_last_intensive: bool = False
    intensive_this_semester: bool = True
    outreach_this_year: bool = True
    first_outreach_in_town: bool = False  # year 1's outreach at a school neither rural nor weak
    misses_last_semester_report: bool = False
    misses_training_plan: bool = False
    # One member often away (HN-4.3.1): on leave from one activity in three and absent from
    # one in six, below the policy's attendance share — the host's page names them.
    member_often_away: bool = False
    # Graded 不合格 in the first annual assessment and revoked when its review was refused
    # (``assessment_dates``): its record stops on that day.
    revoked_after_first_year: bool = False


PLANS: tuple[StudioPlan, ...] = (
    # The demo host's studio: this month's seminar not yet held; half the member schools visited.
    StudioPlan(
        HOST_SCHOOL,
        members=12,
        diagnosed_share=0.5,
        seminar_this_month=False,
        joint=True,
        member_often_away=True,
        research=Research(
            "学校文化引领下的普通高中育人方式变革研究",
            Level.PROVINCE,
            "paper",
            "以学校文化引领普通高中育人方式变革的实践探索",
        ),
    ),
    # The demo member's studio (琼海; the member came second choice): every member school visited.
    StudioPlan(
        ("469002", "嘉积中学"),
        members=11,
        carried=9,
        diagnosed_share=1.0,
        joint=True,
        intensive_this_semester=False,
        research=Research("县域普通高中课堂教学质量提升的实践研究", Level.PROVINCE),
    ),
    # Three months in a row without a seminar.
    StudioPlan(
        ("469005", "文昌中学"),
        members=10,
        carried=9,
        diagnosed_share=0.7,
        joint=True,
        skips_three_months=True,
        outreach_this_year=False,
    ),
    # No concentrated training last semester.
    StudioPlan(
        ("460106", "海南华侨中学"),
        members=12,
        skips_last_intensive=True,
        research=Research(
            "新课程背景下普通高中选课走班教学管理研究",
            Level.PROVINCE,
            "paper",
            "选课走班背景下普通高中教学管理的重构",
        ),
    ),
    # Only nine members (HN-3.7: 10–12): no one ranked it, and the one the run placed there
    # was moved back near home (see ``formation_hainan``).
    StudioPlan(
        ("460203", "三亚市第一中学"),
        members=9,
        carried=9,
        diagnosed_share=0.67,
        outreach_this_year=False,
    ),
    # Year 1's outreach went to a town school that is neither rural nor weak.
    StudioPlan(
        ("460400", "儋州市第一中学"),
        members=11,
        diagnosed_share=0.8,
        first_outreach_in_town=True,
        research=Research("“双减”背景下初中作业设计与管理的实践研究", Level.CITY),
    ),
    StudioPlan(
        ("469030", "琼中中学"),
        members=10,
        diagnosed_share=0.9,
        research=Research(
            "民族地区农村初中学校文化建设研究",
            Level.PROVINCE,
            "report",
            "民族地区农村初中学校文化建设研究报告",
        ),
    ),
    # No semester report for last semester; no member training plan yet.
    StudioPlan(
        ("469007", "东方中学"),
        members=11,
        carried=10,
        diagnosed_share=0.6,
        misses_last_semester_report=True,
        misses_training_plan=True,
        intensive_this_semester=False,
    ),
)

# The other studios carried over from the last cycle: they keep to the rules.
LAST_PLANS: tuple[StudioPlan, ...] = (
    StudioPlan(
        ("460108", "海口市第一中学"),
        members=12,
        carried=10,
        diagnosed_share=0.8,
        research=Research("集团化办学背景下的现代学校治理研究", Level.PROVINCE),
    ),
    StudioPlan(("460106", "海南师范大学附属中学"), members=11, carried=10),
    StudioPlan(
        ("460400", "儋州市第二中学"),
        members=10,
        carried=9,
        diagnosed_share=0.7,
        research=Research("县域初中特色校本课程开发的实践研究", Level.CITY),
    ),
    StudioPlan(("469006", "万宁中学"), members=10, carried=10, diagnosed_share=0.8),
    StudioPlan(
        ("469023", "澄迈中学"),
        members=11,
        carried=11,
        research=Research(
            "家校社协同育人机制的实践研究",
            Level.PROVINCE,
            "paper",
            "县域普通高中家校社协同育人的实践路径",
        ),
    ),
    # The first annual assessment found too little done (no research, few activities): 不合格,
    # revoked after its review was refused.
    StudioPlan(
        ("469027", "乐东中学"),
        members=10,
        carried=9,
        diagnosed_share=0.7,
        revoked_after_first_year=True,
    ),
    StudioPlan(
        ("469001", "五指山中学"),
        members=10,
        carried=9,
        research=Research("山区中学生态文明教育校本课程建设研究", Level.CITY),
    ),
    StudioPlan(("469028", "陵水中学"), members=10, carried=10, diagnosed_share=0.8),
)


def cycle_start(today: dt.date) -> dt.date:
    """The 1 September that puts ``today`` in the second year of the cycle."""
    year = today.year - 1 if today >= dt.date(today.year, 9, 1) else today.year - 2
    return dt.date(year, 9, 1)


def programme_slug(today: dt.date) -> str:
    return f"hainan-studios-{cycle_start(today).year}"


@dataclass
class _Studio:
    plan: StudioPlan
    studio: Studio
    host: Principal
    members: list[Principal]
    activities: list[Activity] = field(default_factory=list)
    diagnosed: dict[int, dt.date] = field(default_factory=dict)  # school pk → visit date

    @property
    def people(self) -> list[int]:
        return [self.host.pk, *(member.pk for member in self.members)]


def _often_away(mark: Mark, index: int) -> Mark:
    """The often-away member's mark at their studio's ``index``-th activity."""
    if index % 3 == 1:
        return Mark(mark.principal_id, LEAVE, note="学校迎接督导检查，已向主持人请假")
    if index % 6 == 5:
        return Mark(mark.principal_id, ABSENT, note="未请假，事后说明为校内临时事务")
    return Mark(mark.principal_id, PRESENT)


class _Builder:
    def __init__(self, *, actor: Actor, rng: random.Random, today: dt.date, programme: Programme):
        self.actor = actor
        self.rng = rng
        self.today = today
        self.programme = programme
        self.calendar: ProgrammeCalendar = calendar_of(programme)
        # The policy's own exclusions, and the public holidays no studio meets on.
        self.excluded = self.calendar.excluded_days | national_holidays(
            self.calendar.start, self.calendar.end
        )
        self.written = ProgrammeWritten(programme.name, created=True)

    def for_studio(self, studio: _Studio) -> _Builder:
        """This builder, or for a studio revoked after the first year one whose record stops
        on the day the revocation took effect."""
        if not studio.plan.revoked_after_first_year:
            return self
        ended = copy.copy(self)
        ended.today = first_annual_round(self.calendar.start).reviews_decided_on
        return ended

    # dates ----------------------------------------------------------------------------------

    def day_between(self, first: dt.date, last: dt.date) -> dt.date | None:
        last = min(last, self.today - DAY)
        return pick_day(self.rng, max(first, self.calendar.start), last, excluded=self.excluded)

    def span_between(self, first: dt.date, last: dt.date, days: int) -> dt.date | None:
        """A first day from which ``days`` working days in a row fall in term time."""
        last = min(last, self.today - days * DAY)
        starts = [
            day
            for day in workdays(first, last, excluded=self.excluded)
            if day.weekday() <= 5 - days
            and all(day + n * DAY not in self.excluded for n in range(days))
        ]
        return self.rng.choice(starts) if starts else None

    def cycle_year(self, day: dt.date) -> int:
        period = self.calendar.period_of("year", day)
        return period.index if period else 0

    # writing --------------------------------------------------------------------------------

    def activity(
        self,
        studios: list[_Studio],
        *,
        activity_type: str,
        title: str,
        date: dt.date,
        place: str,
        description: str,
        days: int = 1,
        place_school: School | None = None,
        times: tuple[dt.time, dt.time] = (dt.time(14, 30), dt.time(17, 30)),
    ) -> Activity:
        activity = records.create_activity(
            actor=self.actor,
            programme=self.programme,
            studios=[s.studio for s in studios],
            activity_type=activity_type,
            title=title,
            date=date,
            end_date=date + (days - 1) * DAY if days > 1 else None,
            start_time=times[0] if days == 1 else None,
            end_time=times[1] if days == 1 else None,
            place=place,
            place_school=place_school,
            description=description,
        )
        people = [pk for s in studios for pk in s.people]
        marks = ordinary_marks(self.rng, people, absent=0.01)
        away = {
            s.members[-1].pk: len(s.activities)
            for s in studios
            if s.plan.member_often_away and s.members
        }
        marks = [
            _often_away(mark, away[mark.principal_id]) if mark.principal_id in away else mark
            for mark in marks
        ]
        records.record_attendance(
            actor=self.actor, activity=activity, marks=marks, today=self.today
        )
        for studio in studios:
            studio.activities.append(activity)
        self.written.activities += 1
        return activity

    def deliverable(
        self, studio: _Studio, *, kind: str, title: str, on: dt.date, body: str, principal=None
    ):
        if on > self.today:
            return
        records.submit_deliverable(
            actor=self.actor,
            programme=self.programme,
            kind=kind,
            title=title,
            submitted_on=on,
            today=self.today,
            studio=studio.studio,
            principal=principal,
            body=body,
        )
        self.written.deliverables += 1

    # the cycle so far -----------------------------------------------------------------------

    def seminars(self, studio: _Studio, quiet: set[str]) -> None:
        plan, rng = studio.plan, self.rng
        topics = {year: rng.sample(pool, len(pool)) for year, pool in enumerate(SEMINAR_TOPICS)}
        places = [studio.studio.base_school, *(m.school for m in studio.members)]
        for month in self.calendar.periods("month"):
            if month.start > self.today or self.calendar.is_exempt(month):
                continue
            if month.contains(self.today) and not plan.seminar_this_month:
                continue
            if plan.skips_three_months and month.key in quiet:
                continue
            date = self.day_between(month.start + 3 * DAY, month.end - 3 * DAY) or self.day_between(
                month.start, month.end
            )
            if date is None:
                continue
            year = self.cycle_year(date)
            topic = topics[year].pop() if topics[year] else rng.choice(SEMINAR_TOPICS[year])
            school = rng.choice(places)
            speakers = rng.sample(studio.members, 2)
            self.activity(
                [studio],
                activity_type="seminar",
                title=f"专题研讨：{topic}",
                date=date,
                place=f"{school.name}{rng.choice(['会议室', '学术报告厅', '录播教室'])}",
                description=(
                    f"本次研讨由主持人{studio.host.name}主持，{school.name}承办，围绕“{topic}”展开。"
                    f"{speakers[0].name}、{speakers[1].name}两位成员结合本校实践作主题发言，"
                    "与会成员分组讨论后形成共识。会后每位成员撰写研修心得，在网络研修社区分享。"
                ),
            )

    def intensives(self, studio: _Studio, last_semester: Period | None) -> None:
        plan, rng = studio.plan, self.rng
        for semester in self.calendar.periods("semester"):
            if semester.start > self.today:
                continue
            if semester.contains(self.today) and not plan.intensive_this_semester:
                continue
            if plan.skips_last_intensive and semester == last_semester:
                continue
            title, place, days = rng.choice(INTENSIVES)
            date = self.span_between(semester.start + 20 * DAY, semester.end - 10 * DAY, days)
            if date is None:
                continue
            self.activity(
                [studio],
                activity_type="intensive",
                title=title,
                date=date,
                days=days,
                place=place,
                description=(
                    f"工作室全体成员参加为期{days}天的集中研修，聆听专家专题报告，"
                    "进入学校课堂听课，与当地校长座谈交流。研修结束后每位成员提交研修报告。"
                ),
            )

    def diagnoses(self, studio: _Studio) -> None:
        rng = self.rng
        schools = list({m.school.pk: m.school for m in studio.members}.values())
        visited = rng.sample(schools, round(len(schools) * studio.plan.diagnosed_share))
        first, last = self.calendar.start + 30 * DAY, self.today - 7 * DAY
        step = (last - first) / max(len(visited), 1)
        for index, school in enumerate(visited):
            anchor = first + step * index
            date = self.day_between(anchor, anchor + step - DAY) or self.day_between(first, last)
            if date is None:
                continue
            self.activity(
                [studio],
                activity_type="diagnosis",
                title=f"入校诊断：{school.name}",
                date=date,
                place=school.name,
                place_school=school,
                times=(dt.time(8, 30), dt.time(17, 0)),
                description=(
                    f"主持人{studio.host.name}带领专家和成员走进{school.name}，通过听课、查阅资料、"
                    "师生座谈等方式，对学校的办学理念、办学制度和教师队伍逐项诊断，"
                    "当场反馈诊断意见，会后形成书面诊断报告。"
                ),
            )
            studio.diagnosed[school.pk] = date

    def outreach(self, studio: _Studio, rural: list[School], town: list[School]) -> None:
        rng = self.rng
        for year in self.calendar.periods("year"):
            if year.start > self.today:
                continue
            if year.contains(self.today) and not studio.plan.outreach_this_year:
                continue
            in_town = studio.plan.first_outreach_in_town and year.index == 0
            school = _nearest(rng, studio.studio.region_id, town if in_town else rural)
            kind, title = OUTREACH_KINDS[1] if in_town else rng.choice(OUTREACH_KINDS)
            date = self.day_between(year.start + 30 * DAY, year.end - 60 * DAY)
            if date is None:
                continue
            self.activity(
                [studio],
                activity_type=kind,
                title=title.format(school=school.name),
                date=date,
                place=school.name,
                place_school=school,
                times=(dt.time(8, 30), dt.time(16, 30)),
                description=(
                    f"工作室成员走进{school.name}，送课两节、作专题讲座一场，并与学校领导班子座谈，"
                    "就课堂教学、教师培养和学校管理提出改进建议。"
                ),
            )

    def extras(self, studio: _Studio) -> None:
        rng = self.rng
        chosen = rng.sample(EXTRAS, 3)
        if studio.plan.research:
            chosen.append(("research", f"课题开题论证会：{studio.plan.research.title}"))
        for kind, title in chosen:
            date = self.day_between(self.calendar.start + 14 * DAY, self.today)
            if date is None:
                continue
            self.activity(
                [studio],
                activity_type=kind,
                title=title,
                date=date,
                place=(
                    "线上（腾讯会议）"
                    if kind == "online"
                    else f"{studio.studio.base_school.name}会议室"
                ),
                times=(dt.time(19, 30), dt.time(21, 0))
                if kind == "online"
                else (dt.time(14, 30), dt.time(17, 30)),
                description=f"主持人{studio.host.name}组织。{EXTRA_DESCRIPTIONS[kind]}",
            )

    def joint(self, studios: list[_Studio]) -> None:
        if len(studios) < 2:
            return
        venue = studios[1].studio.base_school
        start = self.calendar.start
        date = self.day_between(start + 200 * DAY, start + 260 * DAY)
        if date is None:
            return
        names = "、".join(s.studio.name for s in studios)
        self.activity(
            studios,
            activity_type="joint",
            title="工作室联合研修：县域普通高中课堂教学变革的实践与思考",
            date=date,
            place=f"{venue.name}学术报告厅",
            place_school=venue,
            times=(dt.time(8, 30), dt.time(17, 0)),
            description=(
                f"{names}联合举办研修活动。三个工作室各推出一节研究课，主持人分别作专题报告，"
                "成员跨工作室分组研讨，共享课题研究成果和管理案例。"
            ),
        )

    def studio_documents(
        self, studio: _Studio, semesters: list[Period], last_semester: Period | None
    ) -> None:
        rng, start = self.rng, self.calendar.start
        name, school = studio.studio.name, studio.studio.base_school.name
        themes = [(t.title, t.description) for t in self.programme.themes.order_by("year")]
        offset = lambda low, high: start + rng.randint(low, high) * DAY  # noqa: E731
        self.deliverable(
            studio,
            kind="studio_rules",
            title=f"{name}工作制度",
            on=offset(5, 20),
            body=prose.studio_rules(name),
        )
        self.deliverable(
            studio,
            kind="three_year_plan",
            title=f"{name}三年活动计划",
            on=offset(10, 25),
            body=prose.three_year_plan(name, school, start.year, themes),
        )
        for year in self.calendar.periods("year"):
            if year.start <= self.today:
                label = f"{year.start.year}—{year.start.year + 1}学年"
                self.deliverable(
                    studio,
                    kind="work_plan",
                    title=f"{name}{label}工作计划",
                    on=year.start + rng.randint(5, 20) * DAY,
                    body=prose.work_plan(name, label, themes[year.index][0]),
                )
        if not studio.plan.misses_training_plan:
            self.deliverable(
                studio,
                kind="member_training_plan",
                title=f"{name}成员培养方案",
                on=offset(20, 40),
                body=prose.member_training_plan(name, len(studio.members)),
            )
        for semester in semesters:
            if semester.end >= self.today:
                continue
            if studio.plan.misses_last_semester_report and semester == last_semester:
                continue
            held = sorted(
                (a for a in studio.activities if semester.contains(a.date)), key=lambda a: a.date
            )
            counts = Counter(ACTIVITY_NAMES[a.activity_type] for a in held)
            highlights = [f"{a.date.month}月{a.date.day}日，{a.title}。" for a in held[:6]]
            self.deliverable(
                studio,
                kind="semester_report",
                title=f"{name}{semester.label}活动汇报",
                on=semester.end - rng.randint(3, 12) * DAY,
                body=prose.semester_report(name, semester.label, dict(counts), highlights),
            )

    def member_documents(self, studio: _Studio) -> None:
        rng, start = self.rng, self.calendar.start
        for member in studio.members:
            school = member.school.name
            self.deliverable(
                studio,
                principal=member,
                kind="growth_plan",
                title=f"{member.name}个性化成长方案",
                on=start + rng.randint(15, 45) * DAY,
                body=prose.growth_plan(rng, member.name, school),
            )
            if rng.random() < 0.85:
                self.deliverable(
                    studio,
                    principal=member,
                    kind="school_development_plan",
                    title=f"{school}中长期发展规划",
                    on=start + rng.randint(40, 100) * DAY,
                    body=prose.school_development_plan(rng, school, start.year),
                )
            visited = studio.diagnosed.get(member.school.pk)
            if visited is not None:  # the improvement plan answers the diagnosis
                self.deliverable(
                    studio,
                    principal=member,
                    kind="school_improvement_plan",
                    title=f"{school}办学行为改进方案",
                    on=visited + rng.randint(20, 50) * DAY,
                    body=prose.school_improvement_plan(rng, school),
                )

    def research(self, studio: _Studio) -> None:
        plan = studio.plan.research
        if plan is None:
            return
        start = self.calendar.start
        project = records.create_project(
            actor=self.actor,
            programme=self.programme,
            studio=studio.studio,
            leader=studio.host,
            title=plan.title,
            level=plan.level,
            approved_on=start + self.rng.randint(60, 100) * DAY,
        )
        self.written.projects += 1
        if plan.outcome:
            records.add_outcome(
                actor=self.actor,
                project=project,
                kind=plan.outcome,
                title=plan.outcome_title,
                level=Level.PROVINCE,
                achieved_on=min(start + self.rng.randint(300, 400) * DAY, self.today - DAY),
            )


def build_hainan_programme(*, actor: Actor, rng: random.Random, today: dt.date) -> ProgrammeWritten:
    start = cycle_start(today)
    slug = programme_slug(today)
    existing = Programme.objects.filter(slug=slug).first()
    if existing is not None:
        return ProgrammeWritten(existing.name, created=False)
    version = publish_policy(actor=actor, text=preset_text("hainan-studios"))
    plans = [*PLANS, *LAST_PLANS]
    # Who hosts, who was a member last cycle and who applies now: from a stream of its own.
    people = cast(random.Random(rng.getrandbits(64)), plans, hainan_leaders())
    last = last_cycle(
        actor=actor,
        version=version,
        start=start,
        themes=THEMES,
        description=DESCRIPTION,
        the_cast=people,
    )
    programme = programmes.create_programme(
        actor=actor,
        slug=slug,
        name=f"海南省中学卓越校长工作室（{start.year}—{start.year + 3}年工作周期）",
        policy_version=version,
        starts_on=start,
        description=DESCRIPTION,
    )
    for year, (title, description) in enumerate(THEMES, start=1):
        programmes.set_theme(
            actor=actor, programme=programme, year=year, title=title, description=description
        )
    formed = form_studios(
        actor=actor,
        rng=random.Random(rng.getrandbits(64)),
        programme=programme,
        last=last,
        the_cast=people,
        plans=plans,
    )

    builder = _Builder(actor=actor, rng=rng, today=today, programme=programme)
    heads = _hainan_heads()
    studios = [
        _Studio(plan, studio, studio.host, _members_of(studio))
        for plan in plans
        for studio in [formed.studios[plan.host_school]]
    ]
    calendar = builder.calendar
    semesters = [s for s in calendar.periods("semester") if s.start <= today]
    finished = [s for s in semesters if s.end < today]
    last_semester = finished[-1] if finished else None
    quiet = _three_quiet_months(calendar, today)
    schools = [head.school for head in heads.values()]
    rural = [s for s in schools if s.is_rural or s.is_weak]
    town = [s for s in schools if not (s.is_rural or s.is_weak)]
    for studio in studios:
        its = builder.for_studio(studio)
        its.seminars(studio, quiet)
        its.intensives(studio, last_semester)
        its.diagnoses(studio)
        its.outreach(studio, rural, town)
        its.extras(studio)
    builder.joint([s for s in studios if s.plan.joint])
    for studio in studios:
        its = builder.for_studio(studio)
        its.studio_documents(studio, semesters, last_semester)
        its.member_documents(studio)
        its.research(studio)
    builder.written.studios = len(studios)
    builder.written.people = sum(len(s.people) for s in studios)
    return builder.written


def _hainan_heads() -> dict[tuple[str, str], Principal]:
    heads = (
        Principal.objects.filter(
            school__region__code__startswith="46", position__in=FULL_PRINCIPAL_POSITIONS
        )
        .select_related("school")
        .order_by("school__region_id", "school__name", "pk")
    )
    return {(head.school.region_id, head.school.name): head for head in heads}


def _members_of(studio: Studio) -> list[Principal]:
    """The studio's members as the allocation left them (carried over, then placed)."""
    return [
        member.principal
        for member in studio.members.filter(left_on__isnull=True)
        .select_related("principal__school")
        .order_by("pk")
    ]


def _distance(here: str, there: str) -> int:
    if here == there:
        return 0
    return 1 if codes.city_of(here) == codes.city_of(there) else 2


def _nearest(rng: random.Random, region: str, schools: list[School]) -> School:
    ranked = sorted(schools, key=lambda s: (_distance(region, s.region_id), s.region_id, s.name))
    best = _distance(region, ranked[0].region_id)
    return rng.choice([s for s in ranked if _distance(region, s.region_id) == best])


def _three_quiet_months(calendar: ProgrammeCalendar, today: dt.date) -> set[str]:
    """The latest three consecutive months, all finished and none exempt: the months the
    studio that lapses holds no seminar."""
    months = [m for m in calendar.periods("month") if m.end < today]
    for index in range(len(months) - 3, -1, -1):
        run = months[index : index + 3]
        if not any(calendar.is_exempt(m) for m in run):
            return {m.key for m in run}
    return set()
