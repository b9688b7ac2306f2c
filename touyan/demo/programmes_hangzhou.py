"""The Hangzhou training programme of the demo: cohort 1 finished, cohort 2 mid-course.

Cohort 1 — twenty trainees from the demo's Hangzhou heads (some in 西湖区 and 滨江区, whose
officers follow them) — began twenty months ago and ended two months ago: the whole 270-hour
schedule held and marked, leave made up and credited, forum talks, paired support in 贵州 (the
partner region), logs, reports, papers and concluded research projects with their prizes
or publications. Nearly everyone did all the policy asks; a few stand out, each in one way a
reader can trace to the records (see ``_Roles``): one absent without leave again and again (the
removal story), one without the paper, one at the edge of every rule. Plans are written,
approved and handed in by the training course (``training_course``).

Cohort 2 comes from the selection's finalised call (``selection_hangzhou``) and is five months
into its eighteen: the same schedule, the sessions held so far marked, the first writing in,
projects approved, sessions ahead (one within two weeks).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from touyan.core.actors import Actor
from touyan.people.enums import FULL_PRINCIPAL_POSITIONS, SchoolKind, Title
from touyan.people.models import Principal, School
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes import services as programmes
from touyan.programmes.calendar import add_months
from touyan.programmes.models import Cohort, Programme, Trainee
from touyan.records import services as records
from touyan.records.models import Activity, Attendance, Level, Organiser
from touyan.records.services import Mark

from . import prose_training as prose
from .accounts import DEMO_ACCOUNTS, SECOND_COHORT_ACCOUNTS
from .hangzhou import DISTRICTS, TRAINEE_SCHOOL
from .leaders import LeaderMaker
from .naming import chinese_number
from .record_kit import (
    ABSENT,
    DAY,
    LEAVE,
    LEAVE_NOTES,
    PRESENT,
    HandsIn,
    ProgrammeWritten,
    national_holidays,
    school_holidays,
)
from .specs import SchoolDraft, SchoolSpec
from .staffing import staff

PARTNER_REGIONS = ["520000"]  # 贵州省: Hangzhou's east–west cooperation partner (东西部协作)
PARTNER_SCHOOLS = (
    SchoolDraft("520000", "台江县民族中学", SchoolKind.COMPLETE, is_rural=True),
    SchoolDraft("520000", "雷山县民族中学", SchoolKind.COMPLETE, is_rural=True),
)
DESCRIPTION = (
    "本轮分三期实施，每期培养50名；课程分通识素养、管理实务、研究展示三大系列，共270学时，"
    "分1.5年实施；全程动态管理，期满综合考核合格颁发结业证书。"
)
TRAINEES_BY_DISTRICT = {
    "330102": 3,  # 上城区
    "330105": 2,  # 拱墅区
    "330106": 4,  # 西湖区
    "330108": 3,  # 滨江区
    "330109": 2,  # 萧山区
    "330110": 1,  # 余杭区
    "330111": 1,  # 富阳区
    "330112": 1,  # 临安区
    "330113": 1,  # 临平区
    "330114": 1,  # 钱塘区
    "330127": 1,  # 淳安县
}
CENTRE = "杭州市中小学干部培训中心"
ZJU = "浙江大学紫金港校区"


@dataclass(frozen=True)
class Session:
    month: int  # months after the cohort starts
    week: int  # which Wednesday of that month (1–4)
    activity_type: str
    topic: str
    hours: int
    title: str
    place: str
    days: int = 1
    level: str = ""
    partner: int | None = None  # index into PARTNER_SCHOOLS


# The teaching plan (培训日程): the hours of each topic add up to the policy's curriculum.
SESSIONS: tuple[Session, ...] = (
    Session(
        0,
        1,
        "course",
        "humanities",
        6,
        "开班典礼暨专题讲座：教育家精神与新时代校长的使命担当",
        CENTRE,
    ),
    Session(
        0, 3, "course", "studio", 6, "名校长工作室组建与运行（一）：工作室的定位与组建", CENTRE
    ),
    Session(
        1, 1, "course", "theory", 8, "教育学原理与学校改进专题研习", "北京师范大学（北京）", days=2
    ),
    Session(
        1, 3, "course", "research", 6, "课题研究（一）：选题与论证方法", "杭州市教育科学研究院"
    ),
    Session(
        2, 1, "field_study", "technology", 8, "科技前沿考察：之江实验室与人工智能产业", "之江实验室"
    ),
    Session(
        2,
        3,
        "forum_talk",
        "forum",
        6,
        "杭州市中小学名校长论坛：我的办学主张",
        CENTRE,
        level=Level.CITY,
    ),
    Session(
        3,
        2,
        "field_study",
        "trends",
        18,
        "国内名校浸润式学习（上海）",
        "上海市（上海中学、华东师范大学第二附属中学等）",
        days=3,
    ),
    Session(3, 4, "course", "humanities", 4, "人文讲座：宋韵文化与城市精神", ZJU),
    Session(
        4,
        2,
        "paired_support",
        "pairing",
        18,
        "对口支援结对：赴黔东南州台江县结对帮扶（第一次）",
        "台江县民族中学",
        days=3,
        partner=0,
    ),
    Session(4, 4, "course", "philosophy", 8, "办学思想凝炼工作坊（一）：梳理办学经历", CENTRE),
    Session(
        5, 1, "course", "studio", 6, "名校长工作室组建与运行（二）：运行机制与成员培养", CENTRE
    ),
    Session(
        5,
        3,
        "forum_talk",
        "",
        0,
        "杭州市基础教育高质量发展研讨会",
        "杭州国际博览中心",
        level=Level.CITY,
    ),
    Session(
        6, 1, "field_study", "technology", 8, "科技企业参访：数字化管理与组织创新", "海康威视总部"
    ),
    Session(6, 3, "course", "theory", 6, "现代学校治理与方法论研习", ZJU),
    Session(
        7,
        1,
        "forum_talk",
        "forum",
        8,
        "浙江省中小学校长高峰论坛",
        "浙江省教育厅（杭州）",
        level=Level.PROVINCE,
    ),
    Session(7, 2, "course", "research", 6, "课题研究（二）：开题论证会", "杭州市教育科学研究院"),
    Session(7, 3, "course", "studio", 6, "名校长工作室组建与运行（三）：工作室活动设计", CENTRE),
    Session(8, 1, "course", "technology", 8, "人工智能与教育变革专题讲座", ZJU),
    Session(8, 3, "course", "humanities", 4, "人文讲座：哲学思维与教育领导力", ZJU),
    Session(9, 1, "course", "trends", 8, "国际教育发展趋势研讨", CENTRE),
    Session(9, 3, "course", "studio", 8, "名校长工作室组建与运行（四）：工作室成果培育", CENTRE),
    Session(10, 1, "course", "theory", 6, "逻辑学与科学决策", ZJU),
    Session(
        10, 3, "course", "philosophy", 6, "办学思想凝炼工作坊（二）：导师团队一对一指导", CENTRE
    ),
    Session(
        11,
        2,
        "overseas_study",
        "trends",
        24,
        "海外研修：新加坡学校领导力与课程改革",
        "新加坡南洋理工大学国立教育学院",
        days=5,
    ),
    Session(
        11, 4, "course", "research", 4, "课题研究（三）：中期检查与成果提炼", "杭州市教育科学研究院"
    ),
    Session(
        12,
        2,
        "paired_support",
        "pairing",
        12,
        "对口支援结对：赴黔东南州雷山县结对帮扶（第二次）",
        "雷山县民族中学",
        days=2,
        partner=1,
    ),
    Session(12, 4, "field_study", "technology", 8, "科技前沿考察：西湖大学", "西湖大学云谷校区"),
    Session(13, 1, "forum_talk", "forum", 6, "长三角名校长论坛", "上海市", level=Level.PROVINCE),
    Session(13, 3, "course", "studio", 8, "名校长工作室组建与运行（五）：工作室联合展示", CENTRE),
    Session(14, 1, "course", "technology", 8, "数字化转型与学校管理创新", CENTRE),
    Session(14, 3, "course", "humanities", 6, "人文讲座：中华优秀传统文化与当代教育", ZJU),
    Session(
        15, 1, "course", "philosophy", 6, "办学思想凝炼工作坊（三）：办学思想的表达与论证", CENTRE
    ),
    Session(15, 3, "course", "studio", 8, "名校长工作室组建与运行（六）：工作室年度总结", CENTRE),
    Session(16, 1, "course", "research", 4, "课题研究（四）：结题指导", "杭州市教育科学研究院"),
    Session(16, 3, "course", "studio", 8, "名校长工作室组建与运行（七）：工作室辐射与示范", CENTRE),
    Session(
        17, 2, "forum_talk", "", 0, "杭州市名校长培养工程第一期成果展示会", CENTRE, level=Level.CITY
    ),
)

_SCHOOLS = frozenset(SchoolKind.values) - {SchoolKind.KINDERGARTEN}
_COMPULSORY = frozenset(
    {
        SchoolKind.PRIMARY,
        SchoolKind.JUNIOR,
        SchoolKind.NINE_YEAR,
        SchoolKind.COMPLETE,
        SchoolKind.TWELVE_YEAR,
    }
)
_EARLY = frozenset(
    {SchoolKind.KINDERGARTEN, SchoolKind.PRIMARY, SchoolKind.NINE_YEAR, SchoolKind.TWELVE_YEAR}
)
_HIGH = frozenset({SchoolKind.SENIOR, SchoolKind.COMPLETE, SchoolKind.TWELVE_YEAR})
_ANY = frozenset(SchoolKind.values)
# (title, what it is about, the school kinds it suits)
RESEARCH_TOPICS = (
    ("“双减”背景下作业设计与管理的实践研究", "作业设计与管理", _COMPULSORY),
    ("核心素养导向的大单元教学实践研究", "大单元教学", _SCHOOLS),
    ("新时代学校劳动教育课程体系建设研究", "劳动教育课程建设", _ANY),
    ("基于数据的学校教学质量监测与改进研究", "教学质量监测与改进", _SCHOOLS),
    ("集团化办学背景下的教师专业发展共同体建设研究", "教师专业发展共同体建设", _ANY),
    ("幼小衔接背景下的课程与教学改革研究", "幼小衔接课程改革", _EARLY),
    ("家校社协同育人机制的实践研究", "家校社协同育人", _ANY),
    ("学校文化引领下的课程体系重构研究", "学校课程体系重构", _ANY),
    ("新高考背景下普通高中选课走班管理研究", "选课走班管理", _HIGH),
    (
        "幼儿园自主游戏的组织与指导研究",
        "自主游戏的组织与指导",
        frozenset({SchoolKind.KINDERGARTEN}),
    ),
)


def cohort_start(today: dt.date) -> dt.date:
    """Cohort 1: the first of the month twenty months before ``today``'s, so that its eighteen
    months ended about two months ago."""
    return add_months(dt.date(today.year, today.month, 1), -20)


def second_cohort_start(today: dt.date) -> dt.date:
    """Cohort 2: five months into its course."""
    return add_months(dt.date(today.year, today.month, 1), -5)


def third_cohort_start(today: dt.date) -> dt.date:
    """Cohort 3: still being chosen."""
    return add_months(dt.date(today.year, today.month, 1), 4)


def course_end(start: dt.date) -> dt.date:
    return add_months(start, 18) - DAY


def programme_slug(today: dt.date) -> str:
    return f"hangzhou-training-{cohort_start(today):%Y%m}"


def partner_schools(rng: random.Random) -> list[SchoolSpec]:
    """Schools in the partner region that the trainees pair with (HZ-3.T), with their heads."""
    drafts = list(PARTNER_SCHOOLS)
    return staff(rng, drafts, LeaderMaker(rng), weak={d.name for d in drafts}, secretary_share=0.5)


def session_dates(start: dt.date) -> list[dt.date]:
    """The first day of each session: the chosen Wednesday of its month (Monday for a week
    away), moved by whole weeks off school holidays, national holidays and days already taken
    — within its month if it can, else earlier rather than later — and kept inside the cycle."""
    end = add_months(start, 18) - DAY
    blocked = set(school_holidays(start, end) | national_holidays(start, end))
    dates: list[dt.date] = []
    for session in SESSIONS:
        month = add_months(start, session.month)
        weekday = 0 if session.days >= 4 else 2
        first = month + dt.timedelta(days=(weekday - month.weekday()) % 7)
        wanted = first + 7 * (session.week - 1) * DAY
        candidates = sorted(
            (wanted + 7 * shift * DAY for shift in range(-10, 11)),
            key=lambda day: (day.month != wanted.month, day > wanted, abs(day - wanted)),
        )
        for day in candidates:
            span = [day + n * DAY for n in range(session.days)]
            if day >= start and span[-1] <= end and not any(d in blocked for d in span):
                break
        dates.append(day)
        blocked.update(span)
    return dates


@dataclass
class _Roles:
    """Cohort 1's trainees whose record tells a story; everyone else completed cleanly."""

    account: Trainee  # the demo trainee account: everything done
    star: Trainee  # a talk at every forum, many logs, a provincial project with a publication
    removal: Trainee  # repeated absences without leave from month 3 (HZ-3.4.1(1)), then gone
    missing: Trainee  # everything but the paper distilling their thinking (HZ-3.4.2)
    borderline: Trainee  # leave right at the 1/5 limit, the bare minimum of every count
    others: list[Trainee] = field(default_factory=list)


REMOVAL_FROM_MONTH = 7  # the removal trainee is no longer on the register from this month on
UNEXCUSED_NOTE = "未请假，未到"
MAKE_UP_NOTE = "请假缺课，已参加线上补修课程并提交学习笔记，经培训中心认定学时"
LOGGED = ("course", "field_study", "overseas_study")


class _Builder(HandsIn):
    def __init__(self, *, actor, rng, today, programme: Programme, cohort: Cohort):
        self.actor = actor
        self.rng = rng
        self.today = today
        self.programme = programme
        self.cohort = cohort
        self.end = course_end(cohort.starts_on)
        self.written = ProgrammeWritten(programme.name, created=True)
        self.sessions: list[tuple[Session, Activity]] = []

    @property
    def held(self) -> list[tuple[Session, Activity]]:
        return [(s, a) for s, a in self.sessions if a.date < self.today]

    def schedule(self, partners: list[School], dates: list[dt.date]) -> None:
        ordinal = f"第{chinese_number(self.cohort.number)}期"
        for session, date in zip(SESSIONS, dates, strict=True):
            one_day = session.days == 1
            activity = records.create_activity(
                actor=self.actor,
                programme=self.programme,
                cohort=self.cohort,
                activity_type=session.activity_type,
                title=session.title.replace("第一期", ordinal),
                date=date,
                end_date=None if one_day else date + (session.days - 1) * DAY,
                start_time=dt.time(9, 0) if one_day else None,
                end_time=(dt.time(12, 0) if session.hours <= 4 else dt.time(16, 30))
                if one_day
                else None,
                place=session.place,
                place_school=partners[session.partner] if session.partner is not None else None,
                level=session.level,
                topic=session.topic,
                hours=Decimal(session.hours) if session.hours else None,
                description=_session_description(session),
            )
            self.sessions.append((session, activity))
            self.written.activities += 1

    def mark(self, trainees: list[Trainee], statuses: dict, speakers: dict, skip=()) -> None:
        """Everyone on each held session's register: ``statuses`` by (session index, trainee),
        present otherwise (with a talk where ``speakers`` says); nobody in ``skip``."""
        for index, (_session, activity) in enumerate(self.held):
            marks = []
            for trainee in trainees:
                if (index, trainee.pk) in skip:
                    continue
                mark = statuses.get((index, trainee.pk))
                if mark is None:
                    mark = Mark(
                        trainee.principal_id,
                        PRESENT,
                        presented=trainee.pk in speakers.get(index, ()),
                    )
                marks.append(mark)
            records.record_attendance(
                actor=self.actor, activity=activity, marks=marks, today=self.today
            )

    def attended(self) -> dict[int, set[int]]:
        trainee_of = {t.principal_id: t.pk for t in self.cohort.trainees.all()}
        present: dict[int, set[int]] = {pk: set() for pk in trainee_of.values()}
        rows = Attendance.objects.filter(
            activity__in=[a for _s, a in self.held], status=PRESENT
        ).values_list("principal_id", "activity_id")
        for principal_id, activity_id in rows:
            present[trainee_of[principal_id]].add(activity_id)
        return present

    def logs(self, trainee: Trainee, present: set[int], wanted: int) -> None:
        rng = self.rng
        attended = [
            pair for pair in self.held if pair[1].pk in present and pair[0].activity_type in LOGGED
        ]
        for session, activity in sorted(
            rng.sample(attended, min(wanted, len(attended))), key=lambda p: p[1].date
        ):
            day = (activity.end_date or activity.date) + rng.randint(1, 5) * DAY
            self.submit(
                trainee,
                kind="study_log",
                title=f"学习日志：{activity.title}",
                on=min(day, self.today, self.end),
                body=prose.study_log(
                    rng,
                    activity.title,
                    session.place,
                    f"{activity.date.month}月{activity.date.day}日",
                    visit=session.activity_type != "course",
                ),
            )

    def talk_reports(self, trainees, *, every: set[int], share: float) -> None:
        """A write-up of each talk given: always for ``every``, else with chance ``share``."""
        rng = self.rng
        talks = (
            Attendance.objects.filter(activity__in=[a for _s, a in self.held], presented=True)
            .select_related("activity")
            .order_by("activity__date", "principal_id")
        )
        by_principal = {t.principal_id: t for t in trainees}
        for talk in talks:
            trainee = by_principal[talk.principal_id]
            if trainee.pk not in every and rng.random() >= share:
                continue
            self.submit(
                trainee,
                kind="exchange_report",
                title=f"在{talk.activity.title}上的交流发言",
                on=min(talk.activity.date + rng.randint(3, 10) * DAY, self.end),
                body=prose.exchange_report(rng, talk.activity.title, trainee.principal.school.name),
            )

    def study_report(self, trainee: Trainee, session: Session, trip: Activity, chars: int) -> None:
        self.submit(
            trainee,
            kind="study_report",
            title=f"{session.title}研修报告",
            on=min((trip.end_date or trip.date) + self.rng.randint(10, 25) * DAY, self.end),
            body=prose.study_report(self.rng, session.title, trainee.principal.school.name, chars),
        )

    def project(self, trainee, level, approved_on, *, concluded_on=None):
        """A research project on a topic that suits the trainee's school; a topic someone else
        already took is studied "以<school>为例"."""
        kind = trainee.principal.school.kind
        suited = [t for t in self.topics if kind in t[2]]
        title, focus, _kinds = next((t for t in suited if t[0] not in self.used), suited[0])
        if title in self.used:
            title = f"{title}——以{trainee.principal.school.name}为例"
        self.used.add(title)
        created = records.create_project(
            actor=self.actor,
            programme=self.programme,
            leader=trainee.principal,
            title=title,
            level=level,
            approved_on=approved_on,
            concluded_on=concluded_on,
        )
        self.written.projects += 1
        return created, focus

    def start_topics(self) -> None:
        self.topics = self.rng.sample(RESEARCH_TOPICS, len(RESEARCH_TOPICS))
        self.used: set[str] = set()


class _Finished(_Builder):
    """Cohort 1: every session held and marked; nearly everyone did all the rules ask."""

    def attendance(self, trainees: list[Trainee], roles: _Roles) -> None:
        rng, held = self.rng, self.held
        statuses: dict[tuple[int, int], Mark] = {}
        # Leave is taken from ordinary sessions only (course, study visit), never from a forum,
        # the pairing trips or the week abroad.
        ordinary = [i for i, (s, _a) in enumerate(held) if s.activity_type in ("course",)]
        visits = [i for i, (s, _a) in enumerate(held) if s.activity_type == "field_study"]
        allowed = sum(s.hours for s, _a in self.sessions) // 5
        taken = 0
        for index in rng.sample(ordinary + visits, len(ordinary + visits)):
            if taken + held[index][0].hours <= allowed:
                statuses[(index, roles.borderline.pk)] = Mark(
                    roles.borderline.principal_id, LEAVE, note="因病住院治疗，已请假"
                )
                taken += held[index][0].hours
        # Absent without leave again and again from month 3, then no longer on the register.
        cutoff = add_months(self.cohort.starts_on, REMOVAL_FROM_MONTH)
        early = [
            i for i in ordinary if add_months(self.cohort.starts_on, 3) <= held[i][1].date < cutoff
        ]
        for index in early[:3]:
            statuses[(index, roles.removal.pk)] = Mark(
                roles.removal.principal_id, ABSENT, note=UNEXCUSED_NOTE
            )
        skip = {(i, roles.removal.pk) for i, (_s, a) in enumerate(held) if a.date >= cutoff}
        for trainee in trainees:
            if trainee.pk in (roles.borderline.pk, roles.star.pk, roles.removal.pk):
                continue
            for index in rng.sample(ordinary, rng.choice((0, 0, 1, 1, 2))):
                statuses[(index, trainee.pk)] = Mark(
                    trainee.principal_id, LEAVE, note=rng.choice(LEAVE_NOTES)
                )
        self.mark(trainees, statuses, self.speakers(trainees, roles, skip), skip)
        self.make_up(trainees, statuses, roles)

    def speakers(self, trainees, roles: _Roles, skip) -> dict[int, set[int]]:
        """Talks at the city and provincial forums: the star at every one, the borderline
        trainee at exactly three, the others at three or four; the removal trainee once."""
        rng = self.rng
        forums = [i for i, (s, _a) in enumerate(self.held) if s.activity_type == "forum_talk"]
        speakers: dict[int, set[int]] = {index: set() for index in forums}
        for trainee in trainees:
            if trainee.pk == roles.removal.pk:
                mine = [i for i in forums if (i, trainee.pk) not in skip][:1]
            elif trainee.pk == roles.star.pk:
                mine = forums
            else:
                count = 3 if trainee.pk == roles.borderline.pk else rng.choice((3, 3, 4))
                mine = rng.sample(forums, min(count, len(forums)))
            for index in mine:
                speakers[index].add(trainee.pk)
        return speakers

    def make_up(self, trainees, statuses, roles: _Roles) -> None:
        """Hours missed on leave made up and credited by the centre (补修认定), so the curriculum
        is complete; hours missed without leave are not."""
        by_pk = {t.pk: t for t in trainees}
        held = self.held
        for (index, trainee_pk), mark in sorted(statuses.items()):
            session, activity = held[index]
            if mark.status != LEAVE or not session.topic or not session.hours:
                continue
            day = min(activity.date + self.rng.randint(14, 35) * DAY, self.end, self.today)
            records.credit_hours(
                actor=self.actor,
                trainee=by_pk[trainee_pk],
                topic=session.topic,
                hours=Decimal(session.hours),
                credited_on=day,
                note=MAKE_UP_NOTE,
                today=self.today,
            )

    def deliverables(self, trainees: list[Trainee], roles: _Roles) -> None:
        rng, start = self.rng, self.cohort.starts_on
        present = self.attended()
        trips = [(s, a) for s, a in self.held if s.activity_type == "overseas_study"]
        for trainee in trainees:
            wanted = {
                roles.star.pk: 15,
                roles.account.pk: 12,
                roles.borderline.pk: 10,
                roles.removal.pk: 2,
            }.get(trainee.pk, rng.randint(10, 14))
            self.logs(trainee, present[trainee.pk], wanted)
            if trainee.pk == roles.removal.pk:
                continue
            school = trainee.principal.school
            for session, trip in trips[:1]:
                if trip.pk in present[trainee.pk]:
                    chars = 2000 if trainee.pk == roles.borderline.pk else 2100
                    self.study_report(trainee, session, trip, chars)
            if trainee.pk != roles.missing.pk:
                title = rng.choice(PAPER_TITLES)
                if trainee.pk == roles.star.pk:
                    title = "让每一个孩子都被看见：我的办学思想与实践"
                self.submit(
                    trainee,
                    kind="paper_or_monograph",
                    title=title,
                    on=add_months(start, rng.randint(13, 16)) + rng.randint(0, 25) * DAY,
                    body=prose.paper(rng, title, school.name),
                )
        self.talk_reports(trainees, every={t.pk for t in trainees}, share=1.0)

    def research(self, trainees: list[Trainee], roles: _Roles) -> None:
        """Everyone but the removal trainee led a city or provincial project approved in the
        first months, concluded at the end of the course with a report of 10,000 characters
        and a city-level prize or a publication."""
        rng, start = self.rng, self.cohort.starts_on
        self.start_topics()
        for trainee in trainees:
            if trainee.pk == roles.removal.pk:
                continue
            star = trainee.pk == roles.star.pk
            level = Level.PROVINCE if star or rng.random() < 0.25 else Level.CITY
            concluded = add_months(start, 17) + rng.randint(0, 20) * DAY
            project, focus = self.project(
                trainee,
                level,
                start + rng.randint(20, 90) * DAY,
                concluded_on=min(concluded, self.end),
            )
            published = star or rng.random() < 0.35
            records.add_outcome(
                actor=self.actor,
                project=project,
                kind="publication" if published else "award",
                title=(
                    f"{project.title}（研究成果），发表于《浙江教育科学》"
                    if published
                    else rng.choice(
                        ("杭州市教育科研优秀成果二等奖", "杭州市教育科研优秀成果三等奖")
                    )
                ),
                level=Level.PROVINCE if published else Level.CITY,
                achieved_on=min(concluded - rng.randint(5, 40) * DAY, self.end),
            )
            school = trainee.principal.school
            self.submit(
                trainee,
                kind="research_report",
                title=f"《{project.title}》结题报告",
                on=min(concluded - rng.randint(10, 30) * DAY, self.end),
                body=prose.research_report(
                    rng,
                    title=project.title,
                    focus=focus,
                    school=school.name,
                    kind=school.kind,
                    approved_on=project.approved_on,
                    min_chars=10000 if trainee.pk == roles.borderline.pk else 10400,
                ),
            )


class _Running(_Builder):
    """Cohort 2: the sessions held so far marked, the first writing in, projects approved."""

    def attendance(self, trainees: list[Trainee]) -> None:
        rng, held = self.rng, self.held
        statuses: dict[tuple[int, int], Mark] = {}
        ordinary = [i for i, (s, _a) in enumerate(held) if s.activity_type == "course"]
        for trainee in trainees:
            for index in rng.sample(ordinary, min(rng.choice((0, 0, 0, 1)), len(ordinary))):
                statuses[(index, trainee.pk)] = Mark(
                    trainee.principal_id, LEAVE, note=rng.choice(LEAVE_NOTES)
                )
        speakers = {}
        for index, (session, _a) in enumerate(held):
            if session.activity_type == "forum_talk":
                present = [t.pk for t in trainees if (index, t.pk) not in statuses]
                speakers[index] = set(rng.sample(present, min(3, len(present))))
        self.mark(trainees, statuses, speakers)

    def deliverables(self, trainees: list[Trainee]) -> None:
        rng = self.rng
        present = self.attended()
        trips = [(s, a) for s, a in self.held if s.activity_type == "field_study" and s.days > 1]
        for trainee in trainees:
            self.logs(trainee, present[trainee.pk], rng.randint(1, 5))
            for session, trip in trips[:1]:
                if trip.pk in present[trainee.pk] and rng.random() < 0.5:
                    self.study_report(trainee, session, trip, 2100)
        self.talk_reports(trainees, every=set(), share=0.7)

    def research(self, trainees: list[Trainee]) -> None:
        rng, start = self.rng, self.cohort.starts_on
        self.start_topics()
        # Most have a project approved; the cohort-2 accounts all do (the README shows one).
        accounts = set(
            Principal.objects.filter(user__username__in=SECOND_COHORT_ACCOUNTS).values_list(
                "pk", flat=True
            )
        )
        for trainee in trainees:
            if rng.random() < 0.7 or trainee.principal_id in accounts:
                approved = start + rng.randint(30, 120) * DAY
                if approved < self.today:
                    self.project(trainee, Level.CITY, approved)


PAPER_TITLES = (
    "回归育人本源：我的办学思想与实践",
    "以文化人，以课育人：学校发展的思考与探索",
    "做有温度的教育：一所学校的十年变革",
    "让学习真实发生：课程领导力的校本实践",
    "守正创新：新时代校长办学思想的凝炼与表达",
)


def build_hangzhou_programme(
    *, actor: Actor, rng: random.Random, today: dt.date
) -> ProgrammeWritten:
    """The programme and its first cohort, whose course is over."""
    start = cohort_start(today)
    slug = programme_slug(today)
    existing = Programme.objects.filter(slug=slug).first()
    if existing is not None:
        return ProgrammeWritten(existing.name, created=False)
    version = publish_policy(actor=actor, text=preset_text("hangzhou-training"))
    programme = programmes.create_programme(
        actor=actor,
        slug=slug,
        name=f"杭州市中小学名校长培养工程（{start.year}年启动）",
        policy_version=version,
        starts_on=start,
        partner_regions=PARTNER_REGIONS,
        description=DESCRIPTION,
    )
    cohort = programmes.create_cohort(
        actor=actor,
        programme=programme,
        number=1,
        name=f"第一期（{start.year}年{start.month}月开班）",
        starts_on=start,
    )
    trainees = [
        programmes.add_trainee(actor=actor, cohort=cohort, principal=principal, joined_on=start)
        for principal in _choose_trainees(rng, start)
    ]
    roles = _assign_roles(trainees)
    builder = _Finished(actor=actor, rng=rng, today=today, programme=programme, cohort=cohort)
    builder.schedule(_partners(), session_dates(start))
    builder.attendance(trainees, roles)
    builder.deliverables(trainees, roles)
    builder.research(trainees, roles)
    builder.written.people = len(trainees)
    return builder.written


def build_hangzhou_second_cohort(
    *, actor: Actor, rng: random.Random, today: dt.date
) -> ProgrammeWritten:
    """Cohort 2, whose list the selection finalised: its eighteen months of sessions, those
    held so far marked, with some due within the next two weeks. Nothing when the cohort has no
    trainees yet or already has its sessions."""
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    cohort = programme.cohorts.filter(number=2).first() if programme else None
    if (
        cohort is None
        or not cohort.trainees.exists()
        or Organiser.objects.filter(cohort=cohort).exists()
    ):
        return ProgrammeWritten(programme.name if programme else "", created=False)
    trainees = list(cohort.trainees.select_related("principal__school").order_by("pk"))
    builder = _Running(actor=actor, rng=rng, today=today, programme=programme, cohort=cohort)
    builder.schedule(_partners(), soon_enough(session_dates(cohort.starts_on), today))
    builder.attendance(trainees)
    builder.deliverables(trainees)
    builder.research(trainees)
    builder.written.people = len(trainees)
    return builder.written


def soon_enough(dates: list[dt.date], today: dt.date, within: int = 14) -> list[dt.date]:
    """The dates, with the next session brought forward by whole weeks into the next
    ``within`` days when none falls there (so that a trainee has one to ask leave for),
    unless holidays or another session leave no day for it."""
    ahead = [d for d in dates if d > today]
    if not ahead or ahead[0] <= today + within * DAY:
        return dates
    first = ahead[0]
    blocked = set(school_holidays(today, first) | national_holidays(today, first)) | set(dates)
    for weeks in range(1, 10):
        day = first - 7 * weeks * DAY
        if day <= today:
            break
        if day <= today + within * DAY and day not in blocked:
            return [day if d == first else d for d in dates]
    return dates


def cohort_one_roles(cohort: Cohort) -> dict[str, Trainee]:
    """Who plays which part in cohort 1's story (for the builders that continue it: removal,
    completion, certificates): ``account``, ``star``, ``removal``, ``missing``, ``borderline``."""
    trainees = list(cohort.trainees.select_related("principal__school").order_by("pk"))
    roles = _assign_roles(trainees)
    return {
        name: getattr(roles, name)
        for name in ("account", "star", "removal", "missing", "borderline")
    }


def _partners() -> list[School]:
    return [
        School.objects.get(region_id=draft.region_code, name=draft.name)
        for draft in PARTNER_SCHOOLS
    ]


def _choose_trainees(rng: random.Random, start: dt.date) -> list[Principal]:
    """Heads with three years in post and a senior title (HZ-2.2), famous schools first."""
    famous = {f.name for district in DISTRICTS for f in district.famous}
    heads = list(
        Principal.objects.filter(
            school__region_id__in=list(TRAINEES_BY_DISTRICT), position__in=FULL_PRINCIPAL_POSITIONS
        )
        .select_related("school")
        .order_by("school__region_id", "school__name", "pk")
    )
    three_years_before = dt.date(start.year - 3, start.month, 1)
    # The other demo accounts' heads have their own stories: cohort 2's join it through the
    # selection, the applicant has applied to nothing and is nobody's trainee.
    elsewhere = {
        account.principal_school for account in DEMO_ACCOUNTS if account.principal_school
    } - {TRAINEE_SCHOOL}
    chosen = []
    for code, count in TRAINEES_BY_DISTRICT.items():
        local = [
            h
            for h in heads
            if h.school.region_id == code and (code, h.school.name) not in elsewhere
        ]
        forced = [h for h in local if (code, h.school.name) == TRAINEE_SCHOOL]

        def rank(head):
            eligible = (
                head.title in (Title.SENIOR, Title.PROFESSOR)
                and head.appointed_on is not None
                and head.appointed_on <= three_years_before
            )
            return (not eligible, head.school.name not in famous, rng.random())

        ranked = sorted((h for h in local if h not in forced), key=rank)
        chosen.extend(forced + ranked[: count - len(forced)])
    return chosen


def _assign_roles(trainees: list[Trainee]) -> _Roles:
    free = list(trainees)

    def take(code: str | None = None, school: tuple[str, str] | None = None) -> Trainee:
        """The first free trainee of that school or district, else the first free one."""
        for trainee in free:
            place = (trainee.principal.school.region_id, trainee.principal.school.name)
            if (school is None or place == school) and (code is None or place[0] == code):
                free.remove(trainee)
                return trainee
        return free.pop(0)

    roles = _Roles(
        account=take(school=TRAINEE_SCHOOL),
        star=take("330102"),
        removal=take("330108"),
        missing=take("330105"),
        borderline=take("330106"),
    )
    roles.others = free
    return roles


def _session_description(session: Session) -> str:
    if session.activity_type == "paired_support":
        return (
            f"培养人选赴{session.place}开展结对帮扶：听课评课、与学校领导班子座谈，"
            "为结对学校作专题讲座，共同商定本学年的结对帮扶计划。"
        )
    if session.activity_type == "forum_talk":
        return "培养人选参加论坛，部分人选作观点报告或成果分享，其他人选参与分组研讨。"
    if session.activity_type in ("field_study", "overseas_study"):
        return "实地考察、听取介绍、座谈交流，每位人选撰写考察日志。"
    return "专家授课与分组研讨相结合，课后每位人选撰写学习日志。"
