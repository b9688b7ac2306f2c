"""Selection's items in the 待办 inbox: a district's applications to review, one item per call
and district with the count, gone once reviewed; an expert's reviews to score."""

import pytest
from django.urls import reverse

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
    assert xihu.due == call.district_deadline.date()
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
