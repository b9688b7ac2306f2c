"""The third preset (EX-1 … EX-11): a programme written from the third plan by a policy alone.
It loads, every sentence of the plan is the clause of a rule or a section, every displayed name
has its English, and its readable page reads in Chinese and in English."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from touyan.core.actors import Actor
from touyan.policies import schema
from touyan.policies.loading import load_policy
from touyan.policies.services import publish_policy

from .helpers import NINGBO

SENTENCES = {f"EX-{n}" for n in range(1, 12)}


def _section_clauses(policy: schema.Policy) -> set[str]:
    sections = [policy.calendar, policy.training, policy.assessment, policy.credits]
    if policy.assessment:
        sections += policy.assessment.rounds
    return {item.clause for item in sections if item is not None and item.clause}


@pytest.mark.clause(*sorted(SENTENCES))
def test_every_sentence_of_the_third_plan_is_a_rule_or_a_section():
    policy = load_policy(NINGBO)
    assert (policy.policy.slug, policy.policy.jurisdiction) == ("ningbo-backbone", "330200")
    assert policy.policy.subject == "trainee"
    rules = {rule.clause for rule in policy.rules}
    assert rules | _section_clauses(policy) >= SENTENCES
    assert rules <= SENTENCES


@pytest.mark.clause("EX-1", "EX-9")
def test_the_cycle_has_four_stages_by_semester_and_the_midterm_round_is_in_stage_three():
    policy = load_policy(NINGBO)
    assert (policy.calendar.cycle_length, policy.calendar.cycle_unit) == (3, "years")
    stages = [(s.code, s.semesters) for s in policy.calendar.stages]
    assert stages == [
        ("diagnosis", (1, 1)),
        ("thematic_study", (2, 3)),
        ("showcase", (4, 4)),
        ("outreach", (5, 6)),
    ]
    midterm = policy.assessment.round("midterm")
    assert (midterm.period, midterm.stage) == ("stage", "showcase")
    milestone = next(r for r in policy.rules if r.kind == "assessment_milestone")
    assert (milestone.round, milestone.stage) == ("midterm", "showcase")


@pytest.mark.clause("EX-2", "EX-3", "EX-4", "EX-5", "EX-6", "EX-7", "EX-8", "EX-10")
def test_the_rules_count_over_the_periods_the_plan_names():
    rules = {rule.id: rule for rule in load_policy(NINGBO).rules}
    assert rules["ex-quarterly-seminar"].period == "quarter"
    assert rules["ex-quarterly-seminar"].skip_periods == "touching_exclusions"
    assert rules["ex-group-activity"].period == "2_months"
    assert rules["ex-diagnosis-report"].stages == ["diagnosis"]
    assert (rules["ex-year-plan"].period, rules["ex-year-plan"].within_days) == ("school_year", 30)
    notes = rules["ex-reading-notes"]
    assert (notes.period, notes.at_least, notes.min_chars) == ("school_year", 4, 1500)
    secondment = rules["ex-secondment"]
    assert (secondment.kind, secondment.at_least, secondment.unit) == (
        "cumulative_duration",
        3,
        "months",
    )
    links = rules["ex-link-schools"]
    assert (links.schools_at_least, links.schools_at_most, links.rural_only) == (1, 2, True)
    assert rules["ex-stage-lectures"].period == "stage"
    assert rules["ex-attendance-rate"].kind == "attendance_rate"
    assert rules["ex-leave-beforehand"].at_most == 0


def test_every_displayed_name_of_the_third_preset_has_its_english():
    policy = load_policy(NINGBO)
    named = [
        policy.policy,
        *policy.calendar.semesters,
        *policy.calendar.stages,
        *policy.activity_types,
        *policy.deliverable_kinds,
        *policy.assessment.grades,
        *policy.assessment.rounds,
        *policy.assessment.rubric,
    ]
    assert [item.name for item in named if not item.name_en] == []
    assert [s.reason for s in policy.calendar.excluded if not s.reason_en] == []
    assert [rule.id for rule in policy.rules if not rule.description_en] == []


def test_check_policy_says_the_third_preset_is_valid(tmp_path, capsys):
    path = tmp_path / "ningbo.toml"
    path.write_text(NINGBO, encoding="utf-8")
    call_command("check_policy", str(path))
    assert "宁波市中小学骨干校长研修工程（ningbo-backbone），13 条规则" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.clause("EX-1", "EX-2", "EX-9")
def test_the_readable_page_reads_in_chinese_and_in_english(client, cast):
    publish_policy(actor=Actor.system(), text=NINGBO)
    client.force_login(cast.superuser)
    url = reverse("policies:detail", args=["ningbo-backbone"])
    page = client.get(url).content.decode()
    assert "宁波市中小学骨干校长研修工程" in page
    assert "每季度至少举行一次专题研讨；寒暑假所在季度不作要求。" in page
    assert "第三阶段进行中期考核" in page
    assert "EX-11" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Ningbo Backbone Principals Development Programme" in english
    assert "At least one thematic seminar every quarter" in english
    assert "Mid-term assessment" in english
    assert "每季度至少举行一次专题研讨" not in english
