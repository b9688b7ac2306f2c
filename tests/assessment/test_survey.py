"""The members' survey (调查访谈, HN-5.3): invited members answer once while the window is open;
who answered is kept apart from what; experts see aggregates of five or more, the host only the
count."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.records.programme_people import account_for
from tests.selection_chain import actor_of
from touyan.assessment import survey
from touyan.assessment.models import Round, SurveyAnswer, SurveyInvitation
from touyan.assessment.selectors import response_count
from touyan.assessment.services.survey import answer_survey
from touyan.audit.models import AuditEntry

from ..programmes import hainan
from .rounds import annual

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.3")]

ALL_AGREE = {"plan_followed": 5, "useful": 4, "guidance": 5, "climate": 3}


@pytest.fixture
def studio_round(pin_today):
    hn = hainan(studios=2, members=6)
    round_ = annual(hn)
    pin_today(round_.opens_on + dt.timedelta(days=1))
    studio = hn.studios[0]
    case = round_.cases.get(studio=studio)
    members = [account_for(p, f"member-{n}") for n, p in enumerate(hn.members[studio.pk])]
    return hn, round_, case, members


def answer(user, case, answers=ALL_AGREE):
    answer_survey(actor=actor_of(user), case=case, answers=answers)


def test_a_member_answers_once_and_the_answer_names_nobody(studio_round):
    _hn, _round, case, members = studio_round
    answer(members[0], case)
    invitation = SurveyInvitation.objects.get(case=case, principal__user=members[0])
    assert invitation.answered
    stored = SurveyAnswer.objects.get(case=case)
    assert stored.answers == ALL_AGREE
    assert {f.name for f in SurveyAnswer._meta.concrete_fields} == {"id", "case", "answers"}
    with pytest.raises(ValidationError, match="只能回答一次"):
        answer(members[0], case, {**ALL_AGREE, "useful": 1})
    assert SurveyAnswer.objects.filter(case=case).count() == 1


def test_the_audit_entry_says_that_the_member_answered_never_what(studio_round):
    _hn, _round, case, members = studio_round
    answer(members[0], case)
    entry = AuditEntry.objects.latest("pk")
    assert entry.actor == members[0]
    assert entry.changes == {"answered": [False, True]}
    answer_id = str(SurveyAnswer.objects.get(case=case).pk)
    text = repr(entry.changes) + entry.note + entry.target_id + entry.target_label
    assert answer_id not in text
    assert "plan_followed" not in text
    assert entry.target_type.model == "surveyinvitation"
    assert not AuditEntry.objects.filter(target_id=answer_id).exists()


def test_only_invited_members_answer(studio_round):
    hn, _round, case, _members = studio_round
    other_studio_member = account_for(hn.members[hn.studios[1].pk][0], "elsewhere")
    host = account_for(hn.studios[0].host, "the-host")
    for user in (other_studio_member, host):
        with pytest.raises(PermissionDenied):
            answer(user, case)
    assert not SurveyAnswer.objects.exists()


def test_answers_are_taken_only_in_the_window_and_while_the_round_prepares(studio_round, pin_today):
    _hn, round_, case, members = studio_round
    pin_today(round_.closes_on + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="开放时间"):
        answer(members[0], case)
    pin_today(round_.opens_on)
    Round.objects.filter(pk=round_.pk).update(stage=Round.Stage.SCORING)
    with pytest.raises(ValidationError, match="专家评审"):
        answer(members[0], case)
    assert not SurveyAnswer.objects.exists()
    assert not SurveyInvitation.objects.filter(answered=True).exists()


def test_every_question_needs_an_answer_from_one_to_five(studio_round):
    _hn, _round, case, members = studio_round
    with pytest.raises(ValidationError) as refused:
        answer(members[0], case, {"plan_followed": 0, "useful": 6, "guidance": "x"})
    assert set(refused.value.message_dict) == {"plan_followed", "useful", "guidance", "climate"}
    with pytest.raises(ValidationError):
        answer(members[0], case, {**ALL_AGREE, "invented": 3})
    assert not SurveyAnswer.objects.exists()
    assert not SurveyInvitation.objects.filter(answered=True).exists()


def test_four_answers_show_the_experts_nothing_five_show_the_aggregate(studio_round):
    _hn, _round, case, members = studio_round
    for user, level in zip(members[:4], (1, 2, 2, 5), strict=True):
        answer(user, case, {**ALL_AGREE, "useful": level})
    below = survey.aggregate(case)
    assert below.respondents == 4 and below.invited == 6
    assert not below.shown and below.questions == ()
    assert response_count(case) == 4
    answer(members[4], case, {**ALL_AGREE, "useful": 4})
    assert not survey.aggregate(case).shown, "nothing while members may still answer"
    Round.objects.filter(pk=case.round_id).update(stage=Round.Stage.SCORING)
    case.round.refresh_from_db()
    shown = survey.aggregate(case)
    assert shown.shown and shown.respondents == 5
    useful = next(q for q in shown.questions if q.code == "useful")
    assert useful.counts == (1, 2, 0, 1, 1)
    assert str(useful.mean) == "2.80"
    assert response_count(case) == 5


def test_a_round_without_survey_has_no_aggregate():
    from .rounds import member_regular

    hn = hainan(studios=1, members=2)
    case = member_regular(hn).cases.first()
    assert survey.aggregate(case) is None
