"""Mentor teams (导师团队, HZ-3.3.4) and the sessions they hold (导师指导).

The centre forms a team for a cohort — a lead and members, experts of the registry or external
people given an account — and assigns trainees to it (a trainee is on one team per cohort at
most). A mentor holds the ``mentor`` role on the programme while on one of its teams.

A mentoring session is a ``records.Activity`` of the policy's ``mentoring`` type organised by the
cohort, with attendance, created through the records services; its hours count under the
curriculum topic ``mentoring_topic`` names. The records services let only the centre record for
a cohort: when a mentor records a session, this service checks the mentor's right on the team
and then asks them as the system (their entries say so), and writes its own entry under the
mentor's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts import services as accounts
from touyan.accounts.models import RoleGrant, User
from touyan.accounts.passwords import LinkBase
from touyan.accounts.roles import Role
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.notifications.services import notify
from touyan.programmes.models import Cohort, Programme, Trainee
from touyan.programmes.policy import spec_of
from touyan.records import services as records
from touyan.records.models import Attendance

from ..access import forget
from ..models import Mentor, MentoringSession, MentorTeam

MENTORING_TYPE = "mentoring"
# The curriculum topic a mentoring session's hours count toward, when the policy's curriculum
# has it: 办学思想凝炼, whose path reads "建立导师团队，梳理办学思想……" (HZ-3.2). A session may
# name another topic of the curriculum, or none (then its hours count toward no topic).
MENTORING_TOPIC = "philosophy"


def mentoring_topic(programme: Programme) -> str:
    spec = spec_of(programme)
    topics = {t.code for t in spec.curriculum.topics} if spec.curriculum else set()
    return MENTORING_TOPIC if MENTORING_TOPIC in topics else ""


def _delegate(actor: Actor) -> Actor:
    """The actor the accounts and records services are asked as, once this domain checked the
    actor's own right: the system, from the same source and address."""
    return Actor(user=None, source=actor.source, ip_address=actor.ip_address)


def _scope(cohort: Cohort) -> str:
    return cohort.programme.jurisdiction_id


def _check_members(
    team_cohort: Cohort, lead: User, members: Sequence[User], trainees: Sequence[Trainee], team
) -> None:
    errors = {}
    if lead in members:
        errors["members"] = _("首席导师不必再列为团队成员")
    if len(set(members)) != len(members):
        errors["members"] = _("团队成员有重复")
    strangers = [t for t in trainees if t.cohort_id != team_cohort.pk]
    if strangers:
        errors["trainees"] = _("%(names)s 不是本期培训班的培养人选") % {
            "names": "、".join(t.principal.name for t in strangers)
        }
    removed = [t for t in trainees if t.status == Trainee.Status.REMOVED]
    if removed:
        errors["trainees"] = _("%(names)s 已被淘汰") % {
            "names": "、".join(t.principal.name for t in removed)
        }
    taken = (
        MentorTeam.trainees.through.objects.filter(
            mentorteam__cohort=team_cohort, trainee__in=list(trainees)
        )
        .exclude(mentorteam=team)
        .select_related("trainee__principal", "mentorteam")
    )
    if taken:
        errors["trainees"] = _("每位培养人选只能在一个导师团队：%(names)s") % {
            "names": "、".join(
                f"{row.trainee.principal.name}（{row.mentorteam.name}）" for row in taken
            )
        }
    if errors:
        raise ValidationError(errors)


def _grant_mentor(actor: Actor, users, programme: Programme) -> None:
    for user in users:
        accounts.grant_role(
            actor=_delegate(actor), user=user, role=Role.MENTOR, scope_object=programme
        )


def _revoke_if_idle(actor: Actor, users, programme: Programme) -> None:
    """The ``mentor`` grant on the programme goes with a mentor's last team in it."""
    for user in users:
        if Mentor.objects.filter(user=user, team__cohort__programme=programme).exists():
            continue
        for grant in RoleGrant.objects.filter(
            user=user, role=Role.MENTOR, scope_id=programme.pk, scope_type__model="programme"
        ):
            accounts.revoke_grant(actor=_delegate(actor), grant=grant)


def _known_affiliations(users, given: dict[int, str] | None) -> dict[int, str]:
    """The affiliations given, else each mentor's latest one on another team."""
    known = dict(
        Mentor.objects.filter(user__in=list(users))
        .exclude(affiliation="")
        .order_by("pk")
        .values_list("user_id", "affiliation")
    )
    return {**known, **(given or {})}


def _names(users) -> str:
    return "、".join(str(u) for u in users)


@transaction.atomic
def form_team(
    *,
    actor: Actor,
    cohort: Cohort,
    name: str,
    lead: User,
    members: Sequence[User] = (),
    trainees: Sequence[Trainee] = (),
    affiliations: dict[int, str] | None = None,
) -> MentorTeam:
    """A new team of ``cohort``; ``affiliations`` maps a user's pk to their 单位与职务."""
    require(actor, "training.manage_teams", cohort, _("您无权为这个培训班组建导师团队"))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写导师团队名称")})
    if MentorTeam.objects.filter(cohort=cohort, name=name).exists():
        raise ValidationError({"name": _("本期已有名为“%(name)s”的导师团队") % {"name": name}})
    members, trainees = list(members), list(trainees)
    _check_members(cohort, lead, members, trainees, None)
    team = MentorTeam.objects.create(cohort=cohort, name=name, created_by=actor.user)
    affiliations = _known_affiliations([lead, *members], affiliations)
    Mentor.objects.bulk_create(
        [Mentor(team=team, user=lead, lead=True, affiliation=affiliations.get(lead.pk, ""))]
        + [Mentor(team=team, user=u, affiliation=affiliations.get(u.pk, "")) for u in members]
    )
    team.trainees.set(trainees)
    _grant_mentor(actor, [lead, *members], cohort.programme)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=team,
        scope_code=_scope(cohort),
        changes={
            "name": [None, name],
            "lead": [None, str(lead)],
            "members": [None, _names(members)],
            "trainees": [None, "、".join(t.principal.name for t in trainees)],
        },
    )
    notify(
        users=[lead, *members],
        title=_("您已加入导师团队“%(name)s”") % {"name": name},
        body=_("指导 %(count)d 位培养人选。") % {"count": len(trainees)},
        url=_workspace_url(),
    )
    for user in (lead, *members):
        forget(user)
    return team


@transaction.atomic
def change_team(
    *,
    actor: Actor,
    team: MentorTeam,
    name: str | None = None,
    lead: User | None = None,
    members: Sequence[User] | None = None,
    trainees: Sequence[Trainee] | None = None,
    affiliations: dict[int, str] | None = None,
) -> MentorTeam:
    """Change what is given; what is not given stays."""
    require(actor, "training.manage_teams", team, _("您无权修改这个导师团队"))
    team = (
        MentorTeam.objects.select_for_update().select_related("cohort__programme").get(pk=team.pk)
    )
    current = list(team.mentors.select_related("user"))
    old_lead = next((m.user for m in current if m.lead), None)
    old_members = [m.user for m in current if not m.lead]
    old_trainees = list(team.trainees.select_related("principal"))
    lead = lead or old_lead
    members = list(old_members if members is None else members)
    trainees = list(old_trainees if trainees is None else trainees)
    name = team.name if name is None else name.strip()
    if not name:
        raise ValidationError({"name": _("请填写导师团队名称")})
    if MentorTeam.objects.filter(cohort=team.cohort, name=name).exclude(pk=team.pk).exists():
        raise ValidationError({"name": _("本期已有名为“%(name)s”的导师团队") % {"name": name}})
    _check_members(team.cohort, lead, members, trainees, team)
    affiliations = _known_affiliations(
        [u for u in (lead, *members) if u.pk not in {m.user_id for m in current}], affiliations
    )
    kept = {m.user_id: m for m in current}
    wanted = {lead.pk: True, **{u.pk: False for u in members}}
    Mentor.objects.filter(team=team).exclude(user_id__in=list(wanted)).delete()
    # The lead changes in two steps: the constraint allows one lead per team at a time.
    Mentor.objects.filter(team=team, lead=True).exclude(user=lead).update(lead=False)
    for user in (lead, *members):
        row = kept.get(user.pk) or Mentor(team=team, user=user)
        row.lead = wanted[user.pk]
        if user.pk in affiliations:
            row.affiliation = affiliations[user.pk]
        row.save()
    team.trainees.set(trainees)
    changes = {}
    if name != team.name:
        changes["name"] = [team.name, name]
        team.name = name
    team.save()
    if lead != old_lead:
        changes["lead"] = [str(old_lead), str(lead)]
    if set(members) != set(old_members):
        changes["members"] = [_names(old_members), _names(members)]
    if set(trainees) != set(old_trainees):
        changes["trainees"] = [
            "、".join(t.principal.name for t in old_trainees),
            "、".join(t.principal.name for t in trainees),
        ]
    programme = team.cohort.programme
    newcomers = [u for u in (lead, *members) if u.pk not in kept]
    gone = [m.user for m in current if m.user_id not in wanted]
    _grant_mentor(actor, newcomers, programme)
    _revoke_if_idle(actor, gone, programme)
    if changes:
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=team,
            scope_code=_scope(team.cohort),
            changes=changes,
        )
    if newcomers:
        notify(
            users=newcomers,
            title=_("您已加入导师团队“%(name)s”") % {"name": team.name},
            url=_workspace_url(),
        )
    for user in {*newcomers, *gone, *(m.user for m in current)}:
        forget(user)
    return team


@transaction.atomic
def dissolve_team(*, actor: Actor, team: MentorTeam) -> None:
    """The team goes; its sessions stay as activities of the cohort (their attendance counts),
    without the team's tie."""
    require(actor, "training.manage_teams", team, _("您无权解散这个导师团队"))
    team = (
        MentorTeam.objects.select_for_update().select_related("cohort__programme").get(pk=team.pk)
    )
    users = [m.user for m in team.mentors.select_related("user")]
    trainees = [t.principal.name for t in team.trainees.select_related("principal")]
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=team,
        scope_code=_scope(team.cohort),
        changes={
            "name": [team.name, None],
            "mentors": [_names(users), None],
            "trainees": ["、".join(trainees), None],
        },
    )
    programme = team.cohort.programme
    MentoringSession.objects.filter(team=team).delete()
    team.delete()
    _revoke_if_idle(actor, users, programme)
    for user in users:
        forget(user)


@transaction.atomic
def create_external_mentor(
    *,
    actor: Actor,
    programme: Programme,
    username: str,
    full_name: str,
    email: str,
    link: LinkBase | None = None,
) -> User:
    """An account for a mentor from outside the registry (a university professor, a retired
    principal): no password; its owner sets one through the link mailed to ``email`` (the
    accounts' own reset link), as for every account staff create."""
    require(actor, "training.manage_teams", programme, _("您无权为这个项目添加导师"))
    if not full_name.strip():
        raise ValidationError({"full_name": _("请填写姓名")})
    if not email.strip():
        raise ValidationError({"email": _("须填写电子邮箱，导师通过邮件中的链接设置密码")})
    try:
        user = accounts.create_account(
            actor=_delegate(actor),
            username=username,
            full_name=full_name.strip(),
            email=email.strip(),
            home_region=programme.jurisdiction,
        )
    except accounts.AccountError as error:
        raise ValidationError({"username": str(error)}) from error
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=user,
        scope_code=programme.jurisdiction_id,
        changes={"username": [None, username], "full_name": [None, full_name]},
        note=_("外聘导师账号（%(programme)s）") % {"programme": programme.name},
    )
    _grant_mentor(actor, [user], programme)
    if link is not None:
        accounts.send_password_reset(actor=_delegate(actor), user=user, link=link)
    return user


@transaction.atomic
def record_session(
    *,
    actor: Actor,
    team: MentorTeam,
    date: dt.date,
    hours: Decimal,
    title: str,
    summary: str = "",
    topic: str | None = None,
    present: Sequence[Trainee] = (),
    place: str = "",
    today: dt.date | None = None,
) -> MentoringSession:
    """A session held by ``team`` on ``date`` with the team's trainees in ``present``: it is
    recorded after the fact, so it is held for those who came (``records.Audience``) — their
    hours count, and the team's others neither owe it nor miss it (no one could have asked
    leave for it). ``topic`` None takes ``mentoring_topic``; "" counts the hours toward no
    topic."""
    require(actor, "training.record_session", team, _("您不是这个导师团队的导师"))
    today = today or timezone.localdate()
    cohort = team.cohort
    programme = cohort.programme
    if topic is None:
        topic = mentoring_topic(programme)
    team_trainees = {t.pk: t for t in team.trainees.select_related("principal")}
    errors = {}
    strangers = [t for t in present if t.pk not in team_trainees]
    members = [team_trainees[t.pk] for t in present if t.pk in team_trainees]
    late = [t for t in members if t.joined_on > date]
    if strangers:
        errors["present"] = _("%(names)s 不在本导师团队") % {
            "names": "、".join(t.principal.name for t in strangers)
        }
    elif not members:
        errors["present"] = _("请勾选参加本次指导的培养人选")
    elif any(t.status == Trainee.Status.REMOVED for t in members):
        errors["present"] = _("已退出培养的人选不能登记参加指导")
    elif late:
        errors["present"] = _("%(names)s 在本次指导之后才加入培养") % {
            "names": "、".join(t.principal.name for t in late)
        }
    if date > today:
        errors["date"] = _("只能登记已经举行的导师指导")
    if hours is None or hours <= 0:
        errors["hours"] = _("学时须大于零")
    if not (title or "").strip():
        errors["title"] = _("请填写指导主题")
    if errors:
        raise ValidationError(errors)
    delegate = actor if actor.user is not None and _centre(actor, team) else _delegate(actor)
    activity = records.create_activity(
        actor=delegate,
        programme=programme,
        cohort=cohort,
        activity_type=MENTORING_TYPE,
        # The team's name keeps two teams' sessions of one day and subject apart (the record
        # refuses an activity entered twice) and tells the cohort's list whose session it was.
        title=f"{team.name}：{title.strip()}"[:200],
        date=date,
        place=place,
        topic=topic,
        hours=hours,
        description=summary,
        audience=[t.principal_id for t in members],
    )
    records.record_attendance(
        actor=delegate,
        activity=activity,
        marks=[
            records.Mark(principal_id=t.principal_id, status=Attendance.Status.PRESENT)
            for t in members
        ],
        today=today,
    )
    session = MentoringSession.objects.create(activity=activity, team=team, summary=summary)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=session,
        scope_code=_scope(cohort),
        changes={
            "team": [None, team.name],
            "date": [None, date.isoformat()],
            "hours": [None, str(hours)],
            "topic": [None, topic],
            "present": [None, "、".join(team_trainees[t.pk].principal.name for t in present)],
        },
    )
    return session


def _centre(actor: Actor, team: MentorTeam) -> bool:
    return actor.user.has_perm("training.manage_teams", team)


def _workspace_url() -> str:
    from django.urls import reverse

    return reverse("training:mentor_workspace")
