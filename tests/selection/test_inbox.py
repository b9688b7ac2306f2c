"""Selection's items in the 待办 inbox: a district's applications to review, one item per call
and district with the count, gone once reviewed; an expert's reviews to score."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.selection_chain import actor_of, applicant, apply, candidate_call, officer
from touyan.core import inbox
from touyan.selection.services import district

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")]


def selection_items(user):
    return [item for item in inbox.items_for(user) if item.key.startswith("selection.")]


def test_each_district_sees_its_own_applications_to_review_as_one_item(cast):
    chain = candidate_call()
    call = chain.call
    first, second = (apply(call, applicant("330106")) for _ in range(2))
    apply(call, applicant("330108"))
    apply(call, applicant("330106"), submit=False)  # a draft is nobody's work yet

    (xihu,) = selection_items(cast.xihu)
    assert xihu.key == f"selection.district:{call.pk}:330106"
    assert xihu.count == 2 and xihu.title == "2 份申报待区县审核"
    assert xihu.url == reverse("selection:district_list", args=[call.pk, "330106"])
    assert xihu.due == timezone.localdate(call.district_deadline)
    (binjiang,) = selection_items(cast.binjiang)
    assert binjiang.count == 1
    assert selection_items(cast.nobody) == [] and selection_items(cast.expert) == []

    district.review_application(
        actor=actor_of(officer("330106")), application=first, decision="endorse"
    )
    (xihu,) = selection_items(cast.xihu)
    assert xihu.count == 1
    district.review_application(
        actor=actor_of(officer("330106")), application=second, decision="reject", note="材料不全"
    )
    assert selection_items(cast.xihu) == []


@pytest.mark.clause("HN-3.4")
def test_the_centre_reviews_first_on_a_call_without_a_district_stage(cast):
    from tests.factories import UserFactory, grant
    from tests.programmes import hainan
    from tests.selection.test_host_call import host_applicant, host_apply
    from touyan.selection.services import calls

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
    host_apply(call, host_applicant())
    host_apply(call, host_applicant())
    (item,) = selection_items(centre)
    assert item.key == f"selection.first_review:{call.pk}" and item.count == 2
    assert item.url == reverse("selection:district", args=[call.pk])
    assert item.due == timezone.localdate(call.closes_at)
    # Hangzhou's centre and the district officers have no part in a Hainan host call.
    assert selection_items(cast.hz_centre) == [] and selection_items(cast.xihu) == []


def test_the_district_item_tells_the_days_left_to_its_deadline(client, cast):
    chain = candidate_call()
    apply(chain.call, applicant("330106"))
    left = (timezone.localdate(chain.call.district_deadline) - timezone.localdate()).days
    client.force_login(cast.xihu)
    page = client.get(reverse("core:inbox")).content.decode()
    assert "1 份申报待区县审核" in page and f"还剩 {left} 天" in page


def test_an_experts_reviews_are_one_undated_item_saying_since_when(cast):
    from tests.selection.test_role_places import panel_of_three

    first, *_rest = panel_of_three(cast)
    (item,) = selection_items(cast.expert)
    assert item.key == f"selection.reviews:{first.application.call_id}" and item.count == 3
    assert item.due is None  # a call sets no date for its expert review (docs/inbox.md)
    assert item.subject.endswith(f"（{timezone.localdate(first.assigned_at).isoformat()} 分配）")
    assert item.url == reverse("selection:my_reviews")
