"""The expert's pages: the list of assigned reviews and one review, anonymised when the call
says so, scored on the rubric, or withdrawn by declaring a conflict."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory, UserFactory, grant
from tests.programmes import SYSTEM, hainan
from tests.selection_chain import (
    STATEMENTS,
    actor_of,
    after_closing,
    apply,
    candidate_call,
    endorse_and_send,
    expert,
    pdf_upload,
)
from touyan.people.enums import SchoolKind
from touyan.selection.models import Application, Call, Conflict, Review
from touyan.selection.services import applications, calls, district, reviews

pytestmark = pytest.mark.django_db

SCORES = {
    "score_ideas": "22",
    "score_moral_education": "18",
    "score_development": "21",
    "score_reputation": "17",
    "score_contribution": "8",
}


def assigned(cast, principal=None, **extra) -> Review:
    """The cast's expert assigned to one application of a call in expert review."""
    chain = candidate_call(**extra)
    application = apply(chain.call, principal or cast.xihu_principal)
    endorse_and_send(chain.call, "330106", [application])
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    reviews.add_to_panel(actor=SYSTEM, call=chain.call, expert=cast.expert)
    return reviews.assign_expert(actor=SYSTEM, application=application, expert=cast.expert)


@pytest.mark.clause("HZ-4.1.3")
def test_only_the_assigned_expert_sees_a_review(client, cast):
    review = assigned(cast)
    other = expert()
    cast.other_expert = other
    expected = {
        "expert": ALLOWED,
        "other_expert": NOT_FOUND,
        "superuser": NOT_FOUND,
        "hz_admin": NOT_FOUND,
        "hz_centre": NOT_FOUND,
        "xihu": NOT_FOUND,
        "own": NOT_FOUND,
        "nobody": NOT_FOUND,
        "anonymous": LOGIN,
    }
    check_access(client, cast, reverse("selection:review", args=[review.pk]), expected)
    listing = expected | {"other_expert": ALLOWED}
    check_access(client, cast, reverse("selection:my_reviews"), listing)


@pytest.mark.clause("HZ-4.1.3")
def test_an_anonymised_review_hides_name_school_and_district(client, cast):
    school = SchoolFactory(name="杭州市求是实验学校", region_id="330106", kind=SchoolKind.PRIMARY)
    principal = PrincipalFactory(name="钱塘江", school=school, user=UserFactory())
    chain = candidate_call(anonymised=True)
    statements = STATEMENTS | {"management": "在杭州市求是实验学校推进课程改革，钱塘江校长主持。"}
    application = apply(chain.call, principal, statements=statements)
    endorse_and_send(chain.call, "330106", [application])
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    reviews.add_to_panel(actor=SYSTEM, call=chain.call, expert=cast.expert)
    review = reviews.assign_expert(actor=SYSTEM, application=application, expert=cast.expert)
    client.force_login(cast.expert)
    page = client.get(reverse("selection:review", args=[review.pk])).content.decode()
    assert f"申报人 A-{application.pk:06d}" in page
    for secret in ("钱塘江", "求是实验学校", "西湖区", "推荐表.pdf", "杭州市西湖区教育局"):
        assert secret not in page, secret
    assert "推进课程改革" in page
    listing = client.get(reverse("selection:my_reviews")).content.decode()
    assert "钱塘江" not in listing and "求是实验学校" not in listing
    evidence = application.evidence.get()
    download = client.get(reverse("selection:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert "钱塘江" not in download["Content-Disposition"]
    assert f"evidence-{evidence.pk}.pdf" in download["Content-Disposition"]


def test_a_review_not_anonymised_names_the_applicant(client, cast):
    review = assigned(cast)
    client.force_login(cast.expert)
    page = client.get(reverse("selection:review", args=[review.pk])).content.decode()
    assert cast.xihu_principal.name in page and cast.xihu_school.name in page


@pytest.mark.clause("HZ-4.1.3")
def test_the_rubric_is_scored_once_and_then_read_only(client, cast):
    review = assigned(cast)
    url = reverse("selection:review", args=[review.pk])
    client.force_login(cast.expert)
    page = client.get(url).content.decode()
    assert 'max="25"' in page and "提交评审" in page
    too_much = SCORES | {"score_ideas": "30"}
    response = client.post(url, too_much | {"comment": "材料翔实", "recommend": "1"})
    assert response.status_code == 200
    assert Review.objects.get(pk=review.pk).submitted_at is None
    client.post(url, SCORES | {"comment": "材料翔实，办学成效显著。", "recommend": "1"})
    review.refresh_from_db()
    assert review.submitted_at is not None and review.total == 86 and review.recommend
    page = client.get(url).content.decode()
    assert "提交评审" not in page and "86" in page and "不能再修改" in page
    client.post(url, SCORES | {"score_ideas": "0", "comment": "改", "recommend": "0"})
    review.refresh_from_db()
    assert review.total == 86
    application = Application.objects.get(pk=review.application_id)
    assert application.scored_reviews == 1


@pytest.mark.clause("HZ-4.1.3")
def test_declaring_a_conflict_withdraws_the_review(client, cast):
    review = assigned(cast)
    url = reverse("selection:review", args=[review.pk])
    client.force_login(cast.expert)
    response = client.post(url, {"action": "conflict", "reason": "曾为该校长的指导老师"})
    assert response.url == reverse("selection:my_reviews")
    assert not Review.objects.filter(pk=review.pk).exists()
    conflict = Conflict.objects.get(expert=cast.expert)
    assert conflict.principal_id == cast.xihu_principal.pk
    assert client.get(url).status_code == 404


@pytest.mark.clause("HN-3.4")
def test_hainan_host_applications_are_scored_by_the_experts(client, cast):
    hn = hainan(studios=0, members=0)
    call = calls.create_call(
        actor=SYSTEM,
        programme=hn.programme,
        spec_code="host",
        title="海南省卓越校长工作室主持人遴选",
        places=1,
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=10),
    )
    call = calls.publish_call(actor=SYSTEM, call=call)
    school = SchoolFactory(name="海口测试中学", region_id="460106", kind=SchoolKind.COMPLETE)
    host = PrincipalFactory(school=school, user=UserFactory())
    actor = actor_of(host.user)
    application = applications.start_application(actor=actor, call=call, principal=host)
    applications.save_application(
        actor=actor,
        application=application,
        statements={
            "ideology": "全面贯彻党的教育方针。",
            "law": "遵纪守法，廉洁自律。",
            "results": "办学特色鲜明，业绩突出。",
            "leadership": "主持省级课题两项。",
        },
    )
    applications.add_evidence(
        actor=actor, application=application, requirement="plan", uploaded=pdf_upload("设想.pdf")
    )
    application = applications.submit_application(actor=actor, application=application)
    district.review_application(actor=SYSTEM, application=application, decision="endorse")
    calls.start_review(actor=SYSTEM, call=call, now=after_closing(call))
    judge = UserFactory()
    grant(judge, "expert", "460000")
    reviews.add_to_panel(actor=SYSTEM, call=call, expert=judge)
    review = reviews.assign_expert(actor=SYSTEM, application=application, expert=judge)
    client.force_login(judge)
    url = reverse("selection:review", args=[review.pk])
    page = client.get(url).content.decode()
    assert "工作室建设设想" in page and 'max="40"' in page
    client.post(
        url,
        {
            "score_results": "35",
            "score_leadership": "25",
            "score_research": "15",
            "score_plan": "8",
            "comment": "办学业绩突出，建设设想可行。",
            "recommend": "1",
        },
    )
    review.refresh_from_db()
    assert review.total == 83
    assert Call.objects.get(pk=call.pk).stage == Call.Stage.REVIEW
    client.force_login(cast.hn_admin)
    ranking = client.get(reverse("selection:ranking", args=[call.pk])).content.decode()
    assert host.name in ranking and "83.00" in ranking
