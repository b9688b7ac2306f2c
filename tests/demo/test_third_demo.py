"""The demo's third programme, under the third preset (EX-1 … EX-11): twelve Ningbo trainees in
the cycle's third year, their records judged by every rule kind of the plan, with greens, ambers
and reds a reader can trace to one trainee each; the mid-term round of stage 3 published; the
demo trainee's 待办 holds the guidance still owed to a link school this semester."""

from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from touyan.accounts.models import User
from touyan.assessment.models import Round
from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import Pace, State
from touyan.core import inbox
from touyan.demo.build import build_demo
from touyan.demo.programmes_ningbo import assign_roles
from touyan.programmes.models import LinkSchool, Programme
from touyan.programmes.policy import calendar_of, spec_of

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
pytestmark = pytest.mark.clause(
    "EX-1", "EX-2", "EX-3", "EX-4", "EX-5", "EX-6", "EX-7", "EX-8", "EX-9", "EX-10"
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    today = timezone.localdate()
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        build_demo(today=today)
        programme = Programme.objects.get(slug__startswith="ningbo-backbone-")
        yield today, programme, evaluate(programme, as_of=today)
        transaction.set_rollback(True)


@pytest.fixture
def built(demo, db):
    return demo


def states(evaluation, rule_id: str) -> dict[str, str]:
    """Each trainee's state under the rule: met, on track, behind or missed."""
    found = {}
    for (_subject, rule), cell in evaluation.cells.items():
        if rule != rule_id:
            continue
        state = str(cell.state)
        if cell.state is State.AT_RISK:
            state = "on_track" if cell.pace is Pace.ON_TRACK else "behind"
        found[cell.subject.name] = state
    return found


def test_the_programme_runs_under_the_third_preset_in_its_fourth_stage(built):
    today, programme, evaluation = built
    assert programme.policy_version.policy.slug == "ningbo-backbone"
    cohort = programme.cohorts.get()
    assert cohort.trainees.count() == 12
    stage = calendar_of(programme, cohort=cohort).period_of("stage", today)
    assert stage is not None and stage.key == "stage-4"
    assert {rule.id for rule in evaluation.rules} == {rule.id for rule in spec_of(programme).rules}
    every = Counter(
        state for rule in evaluation.rules for state in states(evaluation, rule.id).values()
    )
    assert every["met"] and every["on_track"] and every["behind"] and every["missed"]


def test_each_story_shows_under_its_own_rule(built):
    _today, programme, evaluation = built
    trainees = list(
        programme.cohorts.get().trainees.select_related("principal__school").order_by("pk")
    )
    roles = assign_roles(trainees)

    def name(trainee):
        return trainee.principal.name

    def only(rule_id, trainee, state):
        found = states(evaluation, rule_id)
        assert found.pop(name(trainee)) == state, rule_id
        assert set(found.values()) <= {"met", "on_track"}, (rule_id, found)

    only("ex-development-plan", roles.no_plan, "missed")  # EX-4
    only("ex-year-plan", roles.late_plan, "missed")  # EX-4, within 30 days
    only("ex-reading-notes", roles.few_notes, "missed")  # EX-5
    only("ex-secondment", roles.short_stay, "behind")  # EX-6
    only("ex-midterm-assessment", roles.no_midterm, "missed")  # EX-9
    only("ex-attendance-rate", roles.absent, "missed")  # EX-10
    only("ex-leave-beforehand", roles.unexcused, "missed")  # EX-10
    links = states(evaluation, "ex-link-schools")  # EX-7
    assert links[name(roles.no_link)] == "missed"
    assert links[name(roles.account)] == "on_track"
    groups = Counter(states(evaluation, "ex-group-activity").values())  # EX-3
    assert groups == {"met": 4, "on_track": 4, "missed": 4}
    assert set(states(evaluation, "ex-quarterly-seminar").values()) == {"met"}  # EX-2
    lectures = Counter(states(evaluation, "ex-stage-lectures").values())  # EX-8
    assert lectures == {"met": 6, "on_track": 6}


def test_the_mid_term_round_of_stage_three_is_published(built):
    _today, programme, _evaluation = built
    cohort = programme.cohorts.get()
    round_ = Round.objects.get(programme=programme, code="midterm")
    stage = calendar_of(programme, cohort=cohort).periods("stage")[2]
    assert (round_.period_starts, round_.period_ends) == (stage.start, stage.end)
    assert round_.stage == Round.Stage.PUBLISHED and round_.cases.count() == 12


def test_link_schools_are_rural_and_the_demo_trainee_is_reminded_of_the_guidance_owed(built):
    _today, programme, _evaluation = built
    links = LinkSchool.objects.filter(programme=programme, ended_on__isnull=True)
    assert links.exists() and not links.filter(school__is_rural=False).exists()
    trainee = User.objects.get(username="nb-trainee")
    titles = [item.title for item in inbox.items_for(trainee)]
    assert any(title.startswith("待开展：") for title in titles), titles
