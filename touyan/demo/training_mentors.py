"""The demo's mentor teams and personal development plans (HZ-3.3.4, HZ-3.3.3), built only
through the services: teams over a cohort's active trainees, plans drafted by the trainees and
commented by their mentors — most approved, one waiting for the centre, one returned — progress
on a few milestones, and some mentoring sessions."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from touyan.core.actors import Actor
from touyan.programmes.models import Cohort, Trainee
from touyan.programmes.policy import calendar_of
from touyan.training.models import MentorTeam
from touyan.training.services import mentors as mentor_services
from touyan.training.services import plans as plan_services
from touyan.training.services.comments import add_comment

TEAM_SIZE = 5  # trainees per team
TEAM_NAMES = ("第一导师组", "第二导师组", "第三导师组", "第四导师组", "第五导师组", "第六导师组")
AFFILIATIONS = (
    "浙江大学教育学院 教授",
    "杭州师范大学经亨颐教育学院 教授",
    "杭州市教育科学研究院 研究员",
    "杭州市学军中学 原校长、正高级教师",
    "杭州市天长小学 原校长、特级教师",
    "浙江师范大学教师教育学院 副教授",
)

GOALS = {
    "philosophy": (
        "系统梳理“{motto}”办学主张的源流与内涵，形成有学校辨识度的办学思想表述。",
        "在三年办学实践基础上提炼“{motto}”的核心理念，写成一篇可公开交流的办学思想论文。",
    ),
    "curriculum": (
        "建成以“{motto}”为主线的校本课程图谱，国家课程校本化实施覆盖全部学科。",
        "推进大单元教学与跨学科主题学习，形成三个可推广的课堂改进案例。",
    ),
    "teachers": (
        "培养区级以上骨干教师五名，建立青年教师“三年成长档案”。",
        "组建校级名师工作坊，带动三十五岁以下教师全员参与课题研究。",
    ),
    "governance": (
        "修订学校章程，完善教代会、家委会参与学校治理的制度安排。",
        "建立以数据为依据的学校发展性评价机制，每学期形成一份自评报告。",
    ),
    "research": (
        "主持一项市级以上立项课题，研究成果在市级以上获奖或公开发表。",
        "每学年组织一次校本研究成果发布会，形成两篇以上研究论文。",
    ),
    "leadership": (
        "依托个人名校长工作室，结对帮扶对口地区学校一所，开展送教送培不少于四次。",
        "在市级以上论坛作办学经验报告三次以上，带出两名优秀青年校长。",
    ),
}
MOTTOS = ("生长教育", "和美教育", "向阳而生", "尚美立人", "全人教育", "守正创新")
ACTIONS = (
    "一、每学期召开一次办学思想研讨会，邀请导师团队现场诊断；\n"
    "二、以课程图谱为抓手，分学段推进国家课程校本化实施；\n"
    "三、建立青年教师成长营，实行“一师一导师”带教；\n"
    "四、围绕主持课题开展行动研究，按学期形成阶段报告；\n"
    "五、依托工作室开展对口结对，定期送教送培。"
)
RESULTS = (
    "办学思想论文一篇（不少于八千字）；校本课程图谱与实施方案一套；课堂改进案例集一册；"
    "市级以上立项课题结题报告一份；工作室年度运行报告两份。"
)
MILESTONES = (
    ("完成办学思想初稿并经导师团队论证", 4, "办学思想初稿与论证意见"),
    ("校本课程图谱定稿并在全校实施", 8, "课程图谱与实施方案"),
    ("课题中期检查", 10, "中期检查报告"),
    ("办学思想论文投稿或公开发表", 14, "论文与录用通知"),
    ("课题结题与成果发布", 17, "结题报告与成果集"),
)
COMMENTS = (
    "目标表述清楚。建议把“骨干教师五名”分解到学年，便于中期对照。",
    "办学思想部分还可以更聚焦，建议围绕一个核心概念展开，不要面面俱到。",
    "里程碑的时间安排偏紧，课程图谱定稿可放在第二学期末。",
    "课题选题与学校实际结合得好，请补充研究方法和预期的实证材料。",
    "示范引领目标可以写得更具体：结对学校、送教次数和受益教师人数。",
)
REPLIES = (
    "谢谢导师，已按学年分解并补入第二版。",
    "收到，已调整里程碑时间，并补充了研究方法。",
)
SESSION_TOPICS = (
    ("办学思想梳理与凝练", "围绕各位学员的办学主张逐一点评，要求用一句话说清学校的核心理念。"),
    ("课程领导力专题指导", "分析三所学员学校的课程图谱，讨论国家课程校本化的边界与抓手。"),
    ("课题研究设计研讨", "逐一审阅课题申报书，重点修改研究问题与研究方法部分。"),
    ("教师发展机制交流", "交流青年教师培养的做法，导师介绍了“成长档案”的设计要点。"),
)


def _as(trainee: Trainee, fallback: Actor) -> Actor:
    user = trainee.principal.user
    return Actor(user) if user is not None else fallback


def _plan_content(rng: random.Random, cohort: Cohort):
    motto = rng.choice(MOTTOS)
    goals = [
        {"dimension": code, "text": rng.choice(texts).format(motto=motto)}
        for code, texts in GOALS.items()
        if code in ("philosophy", "research") or rng.random() < 0.7
    ]
    start = cohort.starts_on
    milestones = [
        plan_services.MilestoneInput(
            title=title,
            due_on=(start.replace(day=1) + dt.timedelta(days=31 * months)).replace(day=28),
            expected=expected,
        )
        for title, months, expected in MILESTONES
    ]
    return goals, milestones


def build_mentoring(
    *,
    actor: Actor,
    rng: random.Random,
    today: dt.date,
    cohort: Cohort,
    mentors: list,
) -> list[MentorTeam]:
    """Teams of ``TEAM_SIZE`` trainees over the cohort's active trainees, led in turn by
    ``mentors`` (a lead and one member each, where there are enough); a plan per trainee,
    approved in the cohort's first weeks (its approval hands it in as the plan deliverable) —
    while the cohort runs, the next-to-last is left submitted and the last returned; sessions
    held by each team up to ``today``."""
    trainees = list(
        cohort.trainees.exclude(status=Trainee.Status.REMOVED)
        .select_related("principal__user", "principal__school")
        .order_by("pk")
    )
    if not trainees or not mentors:
        return []
    groups = [trainees[i : i + TEAM_SIZE] for i in range(0, len(trainees), TEAM_SIZE)]
    teams = []
    for index, group in enumerate(groups):
        lead = mentors[index % len(mentors)]
        member = mentors[(index + 1) % len(mentors)] if len(mentors) > 1 else None
        members = [member] if member is not None and member != lead else []
        teams.append(
            mentor_services.form_team(
                actor=actor,
                cohort=cohort,
                name=TEAM_NAMES[index % len(TEAM_NAMES)]
                + ("" if index < len(TEAM_NAMES) else str(index)),
                lead=lead,
                members=members,
                trainees=group,
                affiliations={
                    u.pk: AFFILIATIONS[(index + n) % len(AFFILIATIONS)]
                    for n, u in enumerate([lead, *members])
                },
            )
        )
    team_of = {t.pk: team for team in teams for t in team.trainees.all()}
    running = calendar_of(cohort.programme, cohort=cohort).end >= today
    for position, trainee in enumerate(trainees):
        team = team_of[trainee.pk]
        lead = team.mentors.get(lead=True).user
        me = _as(trainee, actor)
        goals, milestones = _plan_content(rng, cohort)
        version = plan_services.start_plan(actor=me, trainee=trainee)
        version = plan_services.save_draft(
            actor=me,
            version=version,
            goals=goals,
            actions=ACTIONS,
            expected_results=RESULTS,
            milestones=milestones,
        )
        version = plan_services.submit_plan(actor=me, version=version)
        comment = add_comment(actor=Actor(lead), target=version.plan, body=rng.choice(COMMENTS))
        if trainee.principal.user is not None and rng.random() < 0.5:
            add_comment(actor=me, target=version.plan, body=rng.choice(REPLIES), parent=comment)
        if running and position == len(trainees) - 2:
            continue  # waits for the centre
        if running and position == len(trainees) - 1:
            plan_services.return_plan(
                actor=actor,
                version=version,
                note="里程碑缺少可检验的成果形式，请补充后重新提交。",
            )
            continue
        approved_on = min(today, cohort.starts_on + dt.timedelta(days=rng.randint(10, 40)))
        version = plan_services.approve_plan(
            actor=actor, version=version, note="同意按此方案实施。", today=approved_on
        )
        first = version.milestones.order_by("position").first()
        if first is not None and first.due_on <= today:
            plan_services.note_progress(
                actor=Actor(lead),
                plan=version.plan,
                milestone_key=first.key,
                status=rng.choice(["done", "done", "on_track", "behind"]),
                note="导师团队已听取汇报。",
                today=today,
            )
    for team in teams:
        lead = team.mentors.get(lead=True).user
        members = list(team.trainees.all())
        day = cohort.starts_on + dt.timedelta(days=20 + rng.randrange(10))
        for title, summary in SESSION_TOPICS:
            if day > today:
                break
            present = [t for t in members if rng.random() < 0.9] or members[:1]
            mentor_services.record_session(
                actor=Actor(lead),
                team=team,
                date=day,
                hours=Decimal(rng.choice([2, 3, 4])),
                title=title,
                summary=summary,
                present=present,
                today=today,
            )
            day += dt.timedelta(days=45 + rng.randrange(20))
    return teams
