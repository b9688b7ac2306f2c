"""Hainan's host call: voluntary application, the centre's first review, expert review, the
best chosen, and the studios made from the final list (HN-3.4, HN-3.9, HN-3.2)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import PrincipalFactory, SchoolFactory, UserFactory, grant
from tests.programmes import hainan
from tests.selection_chain import actor_of, pdf_upload
from touyan.people.enums import SchoolKind
from touyan.programmes.models import Studio
from touyan.selection.models import Application, Review
from touyan.selection.services import applications, calls, decisions, district, reviews

HOST_STATEMENTS = {
    "ideology": "全面贯彻党的教育方针，依法治校。",
    "law": "遵纪守法，廉洁自律。",
    "results": "学校办学特色鲜明，业绩突出。",
    "leadership": "主持省级课题两项，长期承担校长培训。",
}


def host_applicant():
    school = SchoolFactory(region_id="460106", kind=SchoolKind.COMPLETE)
    return PrincipalFactory(school=school, user=UserFactory())


def host_apply(call, principal):
    actor = actor_of(principal.user)
    application = applications.start_application(actor=actor, call=call, principal=principal)
    applications.save_application(actor=actor, application=application, statements=HOST_STATEMENTS)
    applications.add_evidence(
        actor=actor, application=application, requirement="plan", uploaded=pdf_upload("设想.pdf")
    )
    return applications.submit_application(actor=actor, application=application)


@pytest.mark.clause("HN-3.4", "HN-3.9", "HN-3.2")
def test_hosts_are_reviewed_by_the_centre_and_experts_and_the_chosen_found_studios(db):
    now = timezone.now()
    programme = hainan(studios=0).programme
    centre = UserFactory()
    grant(centre, "centre_staff", "460000")
    call = calls.create_call(
        actor=actor_of(centre),
        programme=programme,
        spec_code="host",
        title="海南省中学卓越校长工作室主持人遴选",
        places=1,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=5),
    )
    call = calls.publish_call(actor=actor_of(centre), call=call)
    assert not call.district_review
    first, second = host_applicant(), host_applicant()
    apps = [host_apply(call, first), host_apply(call, second)]
    hainan_officer = UserFactory()
    grant(hainan_officer, "district_officer", "460106")
    with pytest.raises(PermissionDenied):
        district.review_application(
            actor=actor_of(hainan_officer), application=apps[0], decision="endorse"
        )
    for application in apps:
        district.review_application(
            actor=actor_of(centre), application=application, decision="endorse"
        )
    assert Application.objects.get(pk=apps[0].pk).review_office == "海南省教育厅"
    calls.start_review(
        actor=actor_of(centre), call=call, now=call.closes_at + dt.timedelta(minutes=1)
    )
    panel = []
    for _ in range(3):
        user = UserFactory()
        grant(user, "expert", "460000")
        reviews.add_to_panel(actor=actor_of(centre), call=call, expert=user)
        panel.append(user)
    reviews.assign_automatically(actor=actor_of(centre), call=call)
    for review in Review.objects.filter(application__call=call):
        better = review.application_id == apps[0].pk
        scores = {"results": 35 if better else 25, "leadership": 25, "research": 15, "plan": 8}
        reviews.submit_review(
            actor=actor_of(review.expert), review=review, scores=scores, comment="意见"
        )
    calls.close_review(actor=actor_of(centre), call=call)
    decisions.decide(actor=actor_of(centre), application=apps[0], selected=True, reason="得分最高")
    decisions.decide(actor=actor_of(centre), application=apps[1], selected=False, reason="得分较低")
    monday = dt.date(2026, 11, 23)
    decisions.publish_notice(actor=actor_of(centre), call=call, starts_on=monday, today=monday)
    decisions.finalise(actor=actor_of(centre), call=call, today=dt.date(2026, 11, 30))
    studio = Studio.objects.get(programme=programme)
    assert studio.host == first
    assert studio.name == f"{first.name}中学卓越校长工作室"
    assert studio.base_school == first.school
