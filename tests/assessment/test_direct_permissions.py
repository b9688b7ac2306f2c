"""The survey, direct grading and output services refuse whoever may not act (the pages answer
404 for what the services refuse; these tests call the services directly)."""

import datetime as dt
import io

import pytest

from tests.records.programme_people import with_hainan
from tests.refusals import HAINAN_CAST, check_service
from touyan.assessment import exports
from touyan.assessment.models import Case, Round, SurveyAnswer
from touyan.assessment.services.direct import grade_case, publish_direct_round
from touyan.assessment.services.survey import answer_survey

from .rounds import annual, member_regular

pytestmark = pytest.mark.django_db

EVERYONE = pytest.mark.parametrize("name", HAINAN_CAST)
MANAGERS = ("superuser", "hn_admin", "hn_centre")


@pytest.fixture
def graded(cast):
    hn = with_hainan(cast, members=2)
    round_ = member_regular(hn)
    return round_, round_.cases.filter(member__principal__user=cast.member).get()


def grade_state(case):
    return lambda: Case.objects.filter(pk=case.pk).values_list("status", "grade").get()


@EVERYONE
@pytest.mark.clause("HN-4.2.4")
def test_grading_a_member(cast, name, graded):
    _round, case = graded
    check_service(
        cast,
        name,
        ("superuser", "host"),
        lambda actor: grade_case(actor=actor, case=case, grade="good"),
        grade_state(case),
    )


@EVERYONE
@pytest.mark.clause("HN-4.2.4")
def test_publishing_a_member_round(cast, name, graded):
    round_, _case = graded
    Case.objects.filter(round=round_).update(status=Case.Status.DECIDED, grade="pass")
    check_service(
        cast,
        name,
        MANAGERS,
        lambda actor: publish_direct_round(actor=actor, round_=round_),
        lambda: Round.objects.get(pk=round_.pk).stage,
    )


@EVERYONE
@pytest.mark.clause("HN-5.3")
def test_answering_the_survey(cast, name, pin_today):
    hn = with_hainan(cast, members=2)
    round_ = annual(hn)
    pin_today(round_.opens_on + dt.timedelta(days=1))
    case = round_.cases.get(studio=hn.studios[0])
    answers = {"plan_followed": 5, "useful": 5, "guidance": 5, "climate": 5}
    check_service(
        cast,
        name,
        ("member",),
        lambda actor: answer_survey(actor=actor, case=case, answers=answers),
        SurveyAnswer,
    )


@EVERYONE
@pytest.mark.clause("HN-5.4")
def test_exporting_results_and_reports(cast, name, graded):
    round_, case = graded
    check_service(
        cast,
        name,
        MANAGERS,
        lambda actor: exports.export_round_sheet(actor=actor, round_=round_, out=io.BytesIO()),
    )
    check_service(
        cast, name, MANAGERS, lambda actor: exports.export_case_report(actor=actor, case=case)
    )
