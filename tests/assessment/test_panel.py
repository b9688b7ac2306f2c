"""The round's expert panel and automatic assignment (HN-5.3, issue 17 §4): balanced loads and
no expert on a studio they host, belong to, share a school with, or declared a conflict with."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from touyan.accounts.roles import Role
from touyan.assessment.models import Case, Conflict, Round, Score
from touyan.assessment.services import panel, stages
from touyan.core.actors import Actor

from ..factories import UserFactory, grant
from ..programmes import SYSTEM, hainan, hangzhou
from .rounds import member_regular, trainee_round
from .scoring import expert, with_panel

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.3")]


def experts_of(case: Case) -> set[int]:
    return set(case.scores.values_list("expert_id", flat=True))


def test_every_case_gets_three_experts_and_loads_are_balanced():
    hn = hainan(studios=7, members=1)
    round_, people = with_panel(hn, experts=5)
    result = panel.assign_automatically(actor=SYSTEM, round_=round_)
    assert not result.short
    for case in round_.cases.all():
        assert len(experts_of(case)) == 3
    loads = Counter(Score.objects.filter(case__round=round_).values_list("expert_id", flat=True))
    assert sum(loads.values()) == 21
    assert max(loads.values()) - min(loads.values()) <= 1
    again = panel.assign_automatically(actor=SYSTEM, round_=round_)
    assert Score.objects.filter(case__round=round_).count() == 21
    assert not again.short


def test_host_member_school_and_declared_conflicts_are_never_assigned():
    hn = hainan(studios=4, members=2)
    round_, people = with_panel(hn, experts=3)
    host_studio, member_studio, school_studio, declared_studio = hn.studios
    host = UserFactory()
    host_studio.host.user = host
    host_studio.host.save()
    member = UserFactory()
    principal = hn.members[member_studio.pk][1]
    principal.user = member
    principal.save()
    for user in (host, member):  # in the expert pool too
        grant(user, Role.EXPERT, "460000")
        panel.add_expert(actor=SYSTEM, round_=round_, expert=user)
    colleague = expert(school=hn.members[school_studio.pk][0].school)
    panel.add_expert(actor=SYSTEM, round_=round_, expert=colleague, school=colleague.school)
    declaring = expert()
    panel.add_expert(actor=SYSTEM, round_=round_, expert=declaring, school=declaring.school)
    panel.declare_conflict(
        actor=Actor(user=declaring),
        round_=round_,
        expert=declaring,
        studio=declared_studio,
        reason="曾共同承担课题",
    )
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    cases = {case.studio_id: case for case in round_.cases.all()}
    assert host.pk not in experts_of(cases[host_studio.pk])
    assert member.pk not in experts_of(cases[member_studio.pk])
    assert colleague.pk not in experts_of(cases[school_studio.pk])
    assert declaring.pk not in experts_of(cases[declared_studio.pk])
    assert all(len(experts_of(case)) == 3 for case in cases.values())
    refusals = [
        (host, host_studio, "主持人、成员"),
        (member, member_studio, "主持人、成员"),
        (colleague, school_studio, "所在学校"),
        (declaring, declared_studio, "声明"),
    ]
    for user, studio, words in refusals:
        with pytest.raises(ValidationError, match=words):
            panel.assign_expert(actor=SYSTEM, case=cases[studio.pk], expert=user)


def test_declaring_a_conflict_withdraws_the_open_assignment():
    hn = hainan(studios=1, members=1)
    round_, people = with_panel(hn, experts=3)
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    case = round_.cases.get()
    panel.declare_conflict(
        actor=Actor(user=people[0]),
        round_=round_,
        expert=people[0],
        studio=case.studio,
        reason="亲属关系",
    )
    assert people[0].pk not in experts_of(case)
    assert Conflict.objects.filter(round=round_, expert=people[0]).exists()


def test_scoring_starts_only_when_every_case_has_its_experts():
    hn = hainan(studios=2, members=1)
    round_, people = with_panel(hn, experts=2)
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    with pytest.raises(ValidationError, match="未配足"):
        stages.start_scoring(actor=SYSTEM, round_=round_)
    late = expert()
    panel.add_expert(actor=SYSTEM, round_=round_, expert=late, school=late.school)
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    round_ = stages.start_scoring(actor=SYSTEM, round_=round_)
    assert round_.stage == Round.Stage.SCORING
    assert set(round_.cases.values_list("status", flat=True)) == {Case.Status.SUBMITTED}
    assert all(case.is_frozen for case in round_.cases.all())


def test_an_expert_with_a_submitted_score_stays_on_the_panel_and_capacity_holds():
    hn = hainan(studios=4, members=1)
    round_, people = with_panel(hn, experts=3)
    limited = expert()
    member = panel.add_expert(
        actor=SYSTEM, round_=round_, expert=limited, school=limited.school, capacity=1
    )
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    assert Score.objects.filter(expert=limited).count() == 1
    panel.remove_expert(actor=SYSTEM, panel=member)
    assert not Score.objects.filter(expert=limited).exists()


def test_only_expert_rounds_have_a_panel():
    hn = hainan(studios=1, members=2)
    round_ = member_regular(hn)
    with pytest.raises(ValidationError, match="不由专家组"):
        panel.add_expert(actor=SYSTEM, round_=round_, expert=expert())


def test_a_trainee_is_never_scored_by_themselves_or_a_colleague():
    hz = hangzhou(trainees=3)
    round_ = trainee_round(hz, code="final", period="cycle-1")
    trainee = hz.trainees[0]
    own = UserFactory()
    trainee.principal.user = own
    trainee.principal.save()
    colleague = expert(school=hz.trainees[1].principal.school)
    others = [expert() for _ in range(3)]
    for user in (own, colleague, *others):
        grant(user, Role.EXPERT, "330100")  # Hangzhou's pool
        panel.add_expert(
            actor=SYSTEM, round_=round_, expert=user, school=getattr(user, "school", None)
        )
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    cases = {case.trainee_id: case for case in round_.cases.all()}
    assert own.pk not in experts_of(cases[trainee.pk])
    assert colleague.pk not in experts_of(cases[hz.trainees[1].pk])
    assert all(len(experts_of(case)) == 3 for case in cases.values())
