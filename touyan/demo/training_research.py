"""The research and studio part of a Hangzhou cohort's story (HZ-3.3.2, HZ-3.3.3, HZ-4.2.1):
the research institute granted on the programme, the trainees' projects at every stage with
the institute's comments and the trainees' answers, and a few trainees' 名校长工作室 with
members from their districts and activities held. Built only through the services."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.people.models import Principal
from touyan.programmes.models import Cohort, StudioMember, Trainee
from touyan.records import research
from touyan.records.models import Level
from touyan.records.services import add_outcome
from touyan.training.services.comments import add_comment
from touyan.training.services.research import grant_institute
from touyan.training.services.studio import (
    add_studio_member,
    found_studio,
    hold_studio_activity,
)

from .record_texts import RESEARCH_THEMES

# The stage each trainee's project reaches, in turn.
STAGES = ("concluded", "midterm", "approved", "applied", "rejected")
FUNDERS = ("杭州市教育科学规划领导小组办公室", "浙江省教育科学规划领导小组办公室")
ADVICE = (
    "研究问题聚焦较好，建议补充样本学校的选取依据。",
    "请在中期报告中呈现阶段性数据，并说明研究方法的调整。",
    "成果提炼可再聚焦，建议形成可推广的操作范式。",
)
ANSWERS = ("谢谢指导，已在方案中补充。", "已按意见修改，请再审阅。")
STUDIOS = 3  # trainees who found a studio
MEMBERS = 3  # principals each studio brings on
STUDIO_ACTIVITIES = ("工作室启动会暨三年规划研讨", "成员学校课堂诊断", "读书分享会")


def build_research(
    *,
    actor: Actor,
    rng: random.Random,
    today: dt.date,
    cohort: Cohort,
    institute: User,
) -> dict[str, int]:
    """Returns how many projects, comments, studios, members and studio activities it made."""
    programme = cohort.programme
    grant_institute(actor=actor, programme=programme, user=institute)
    trainees = list(
        Trainee.objects.filter(cohort=cohort, status=Trainee.Status.ACTIVE)
        .select_related("principal__school__region", "principal__user", "cohort__programme")
        .order_by("pk")
    )
    counts = dict(projects=0, comments=0, studios=0, members=0, activities=0)
    start = max(cohort.starts_on, programme.starts_on)
    days = max((today - start).days, 10)
    for index, trainee in enumerate(trainees):
        project = _project(actor, rng, start, days, trainee, STAGES[index % len(STAGES)])
        counts["projects"] += 1
        if index < len(ADVICE):
            counts["comments"] += _thread(institute, trainee, project, index)
    taken = set(
        StudioMember.objects.filter(studio__programme=programme).values_list(
            "principal_id", flat=True
        )
    ) | {t.principal_id for t in trainees}
    for trainee in trainees[:STUDIOS]:
        studio = found_studio(actor=actor, trainee=trainee)
        counts["studios"] += 1
        district = trainee.principal.school.region_id
        candidates = list(
            Principal.objects.filter(school__region_id=district)
            .exclude(pk__in=taken)
            .order_by("pk")[: MEMBERS * 4]
        )
        rng.shuffle(candidates)
        for principal in candidates[:MEMBERS]:
            taken.add(principal.pk)
            add_studio_member(
                actor=actor,
                studio=studio,
                principal=principal,
                joined_on=start + dt.timedelta(days=min(30, days // 3)),
            )
            counts["members"] += 1
        for number, title in enumerate(STUDIO_ACTIVITIES):
            day = start + dt.timedelta(days=days * (number + 1) // (len(STUDIO_ACTIVITIES) + 1))
            hold_studio_activity(
                actor=actor,
                studio=studio,
                title=title,
                date=day,
                hours=Decimal(4),
                place=trainee.principal.school.name,
                today=today,
            )
            counts["activities"] += 1
    return counts


def _project(actor, rng, start, days, trainee, stage):
    def on(fraction: float) -> dt.date:
        return start + dt.timedelta(days=int(days * fraction))

    project = research.register_project(
        actor=actor,
        trainee=trainee,
        title=rng.choice(RESEARCH_THEMES),
        level=rng.choice((Level.CITY, Level.CITY, Level.PROVINCE)),
        funder=rng.choice(FUNDERS),
        applied_on=on(0.05),
        starts_on=on(0.2),
        ends_on=on(0.2) + dt.timedelta(days=540),
    )
    if stage == "rejected":
        return research.reject_project(actor=actor, project=project, decided_on=on(0.15))
    if stage == "applied":
        return project
    number = f"HZJK{start:%Y}-{trainee.pk:03d}"
    project = research.approve_project(
        actor=actor, project=project, approval_number=number, approved_on=on(0.15)
    )
    if stage in ("midterm", "concluded"):
        project = research.record_midterm(actor=actor, project=project, midterm_on=on(0.5))
    if stage == "concluded":
        project = research.conclude_project(actor=actor, project=project, concluded_on=on(0.9))
        add_outcome(
            actor=actor,
            project=project,
            kind="award",
            title=f"{project.title}（成果奖）",
            level=Level.CITY,
            achieved_on=on(0.95),
        )
    return project


def _thread(institute, trainee, project, index) -> int:
    first = add_comment(actor=Actor(institute), target=project, body=ADVICE[index])
    user = trainee.principal.user
    if user is None or not user.is_active or index >= len(ANSWERS):
        return 1
    add_comment(actor=Actor(user), target=project, body=ANSWERS[index], parent=first)
    return 2
