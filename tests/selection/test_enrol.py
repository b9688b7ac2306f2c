"""The final list of a host call: a confirmed host who already runs a studio of the programme
keeps it; the others get a new one. A host cannot apply while running one (eligibility's
``standing``), so this is the host whose studio came while the call ran (carried over, say)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import UserFactory, grant
from tests.programmes import SYSTEM, hainan
from tests.selection.test_host_call import host_applicant, host_apply
from tests.selection_chain import actor_of
from touyan.audit.models import AuditEntry
from touyan.programmes import services as programmes
from touyan.programmes.models import Studio
from touyan.selection.models import Application, Review
from touyan.selection.services import calls, decisions, district, reviews

S = Application.Status


@pytest.mark.clause("HN-3.4")
def test_a_host_chosen_again_keeps_their_studio_and_the_new_one_gets_a_studio(db):
    now = timezone.now()
    programme = hainan(studios=0, members=0).programme
    centre = UserFactory()
    grant(centre, "centre_staff", "460000")
    actor = actor_of(centre)
    call = calls.create_call(
        actor=actor,
        programme=programme,
        spec_code="host",
        title="海南省中学卓越校长工作室主持人遴选",
        places=2,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=5),
    )
    call = calls.publish_call(actor=actor, call=call)
    returning, newcomer = host_applicant(), host_applicant()
    apps = [host_apply(call, returning), host_apply(call, newcomer)]
    existing = programmes.create_studio(actor=SYSTEM, programme=programme, host=returning)
    for application in apps:
        district.review_application(actor=actor, application=application, decision="endorse")
    calls.start_review(actor=actor, call=call, now=call.closes_at + dt.timedelta(minutes=1))
    for _ in range(3):
        user = UserFactory()
        grant(user, "expert", "460000")
        reviews.add_to_panel(actor=actor, call=call, expert=user)
    reviews.assign_automatically(actor=actor, call=call)
    for review in Review.objects.filter(application__call=call):
        scores = {"results": 35, "leadership": 25, "research": 15, "plan": 8}
        reviews.submit_review(
            actor=actor_of(review.expert), review=review, scores=scores, comment="意见"
        )
    calls.close_review(actor=actor, call=call)
    for application in apps:
        decisions.decide(actor=actor, application=application, selected=True, reason="择优")
    decisions.publish_notice(
        actor=actor, call=call, starts_on=dt.date(2026, 11, 23), today=dt.date(2026, 11, 23)
    )
    studios_created = AuditEntry.objects.filter(target_type__model="studio", verb="create").count()

    confirmed = decisions.finalise(actor=actor, call=call, today=dt.date(2026, 11, 30))

    assert {a.principal for a in confirmed} == {returning, newcomer}
    assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {
        S.CONFIRMED
    }
    assert Studio.objects.filter(programme=programme, host=returning).get() == existing
    assert Studio.objects.filter(programme=programme, host=newcomer).count() == 1
    assert Studio.objects.filter(programme=programme).count() == 2
    assert (
        AuditEntry.objects.filter(target_type__model="studio", verb="create").count()
        == studios_created + 1
    )
