import pytest

from touyan.core.actors import Actor
from touyan.programmes.models import Trainee
from touyan.training.models import Completion, MentorOpinion, MilestoneVerdict
from touyan.training.services.completion import PASS, Choice, decide_cohort

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from .completion_kit import approved_plan
from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.4.3")]


def _cast_with(cast, c):
    cast.lead, cast.mentor, cast.other_mentor = c.lead, c.mentor, c.other_mentor
    cast.trainee0, cast.trainee1 = c.account(c.trainees[0]), c.account(c.trainees[1])
    return cast


def test_the_cohort_page_is_the_centres(client, cast):
    c = course()
    cast = _cast_with(cast, c)
    url = f"/training/cohorts/{c.hz.cohort.pk}/completion/"
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "hz_admin": ALLOWED,
            "hz_centre": ALLOWED,
            "xihu": NOT_FOUND,
            "hn_admin": NOT_FOUND,
            "expert": NOT_FOUND,
            "lead": NOT_FOUND,
            "trainee0": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )


def test_the_centre_decides_the_cohort_on_one_page(client, cast):
    c = course(trainees=3)
    first, second, third = c.trainees
    third.status = Trainee.Status.REMOVED
    third.save(update_fields=["status"])
    client.force_login(cast.hz_centre)
    url = f"/training/cohorts/{c.hz.cohort.pk}/completion/"
    page = client.get(url)
    text = page.content.decode()
    assert "学时不足" in text and "已淘汰" in text
    assert f"t-{third.pk}-result" not in text  # removed: listed, not decidable
    refused = client.post(url, {f"t-{first.pk}-result": "fail", f"t-{first.pk}-reason": ""})
    assert refused.status_code == 200 and not Completion.objects.exists()
    response = client.post(
        url,
        {
            f"t-{first.pk}-result": "pass",
            f"t-{second.pk}-result": "fail",
            f"t-{second.pk}-reason": "学时严重不足",
        },
    )
    assert response.status_code == 302
    assert dict(Completion.objects.values_list("trainee_id", "result")) == {
        first.pk: "pass",
        second.pk: "fail",
    }


@pytest.mark.clause("HZ-3.3.3")
def test_the_evaluation_page_is_the_mentors_and_the_centres(client, cast):
    c = course()
    cast = _cast_with(cast, c)
    trainee = c.trainees[0]
    plan = approved_plan(trainee)
    url = f"/training/trainees/{trainee.pk}/evaluation/"
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "hz_centre": ALLOWED,
            "lead": ALLOWED,
            "mentor": ALLOWED,
            "other_mentor": NOT_FOUND,
            "trainee0": NOT_FOUND,
            "xihu": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )
    milestone = plan.approved.milestones.first()
    client.force_login(c.lead)
    assert "保存意见" in client.get(url).content.decode()
    client.post(url, {"opinion": "1", "text": "很好"})
    assert MentorOpinion.objects.get(trainee=trainee).text == "很好"
    prefix = f"m{milestone.pk}"
    client.post(
        url,
        {"prefix": prefix, f"{prefix}-milestone": milestone.pk, f"{prefix}-level": "met"},
    )
    assert MilestoneVerdict.objects.get(milestone=milestone).level == "met"
    client.force_login(c.mentor)
    assert "保存意见" not in client.get(url).content.decode()


@pytest.mark.clause("HZ-4.2.4.1")
def test_the_transcript_pages(client, cast):
    c = course()
    cast = _cast_with(cast, c)
    trainee = c.trainees[0]
    decide_cohort(
        actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={trainee.pk: Choice(PASS)}
    )
    matrix = {
        "anonymous": LOGIN,
        "hz_centre": ALLOWED,
        "lead": ALLOWED,
        "trainee0": ALLOWED,
        "xihu": ALLOWED,  # trainee0's district
        "binjiang": NOT_FOUND,
        "trainee1": NOT_FOUND,
        "other_mentor": NOT_FOUND,
        "nobody": NOT_FOUND,
    }
    check_access(client, cast, f"/training/trainees/{trainee.pk}/transcript/", matrix)
    check_access(client, cast, f"/training/trainees/{trainee.pk}/transcript.pdf", matrix)


@pytest.mark.clause("HZ-4.2.4")
def test_the_credit_file_page(client, cast):
    c = course()
    cast = _cast_with(cast, c)
    decide_cohort(
        actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={c.trainees[0].pk: Choice(PASS)}
    )
    check_access(
        client,
        cast,
        f"/training/programmes/{c.programme.pk}/credits.xlsx?full=1",
        {
            "anonymous": LOGIN,
            "hz_admin": ALLOWED,  # manages the programme and sees personal data
            "hz_centre": NOT_FOUND,  # manages it, without the personal-data right
            "xihu": NOT_FOUND,
            "lead": NOT_FOUND,
            "trainee0": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )
