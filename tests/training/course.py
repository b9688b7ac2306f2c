"""A Hangzhou cohort for training tests: trainees with accounts, a mentor team with a lead and
a member, and grants on the programme for mentors and the research institute."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from touyan.accounts.models import RoleGrant, User
from touyan.accounts.roles import Role
from touyan.programmes.models import Programme, Trainee
from touyan.training.models import Mentor, MentorTeam

from ..factories import UserFactory
from ..programmes import Hangzhou, hangzhou


def grant_on(user: User, role: str, programme: Programme) -> RoleGrant:
    return RoleGrant.objects.create(
        user=user,
        role=role,
        scope_type=ContentType.objects.get_for_model(Programme),
        scope_id=programme.pk,
    )


@dataclass
class Course:
    hz: Hangzhou
    team: MentorTeam
    lead: User  # the team's lead mentor
    mentor: User  # a member of the team
    other_mentor: User  # mentors another team's trainees
    institute: User  # 市教育科学研究院

    @property
    def trainees(self) -> list[Trainee]:
        return self.hz.trainees

    @property
    def programme(self) -> Programme:
        return self.hz.programme

    def account(self, trainee: Trainee) -> User:
        return trainee.principal.user


def course(*, trainees: int = 3, mentored: int = 2) -> Course:
    """``trainees`` with accounts (``trainee0``…); the first ``mentored`` on team 一组, the
    rest on team 二组 with its own mentor."""
    hz = hangzhou(trainees=trainees)
    for index, trainee in enumerate(hz.trainees):
        principal = trainee.principal
        principal.user = UserFactory(username=f"trainee{index}")
        principal.save(update_fields=["user"])
    lead, mentor, other = (UserFactory(username=n) for n in ("lead", "mentor", "other-mentor"))
    team = MentorTeam.objects.create(cohort=hz.cohort, name="一组")
    team.trainees.set(hz.trainees[:mentored])
    Mentor.objects.create(team=team, user=lead, lead=True, affiliation="杭州师范大学 教授")
    Mentor.objects.create(team=team, user=mentor, affiliation="杭州市某中学 特级校长")
    second = MentorTeam.objects.create(cohort=hz.cohort, name="二组")
    second.trainees.set(hz.trainees[mentored:])
    Mentor.objects.create(team=second, user=other, lead=True)
    institute = UserFactory(username="institute")
    for user in (lead, mentor, other):
        grant_on(user, Role.MENTOR, hz.programme)
    grant_on(institute, Role.RESEARCH_INSTITUTE, hz.programme)
    return Course(hz, team, lead, mentor, other, institute)
