"""What the selection permissions say, state included: may decide now, may send now, may
download; and the district's downloads refused in the service to whoever may not have them."""

import io

import pytest
import rules
from django.core.exceptions import PermissionDenied

from tests.selection_chain import actor_of, applicant, apply, candidate_call, endorse_and_send
from touyan.audit.models import AuditEntry
from touyan.core.personal_data import masked
from touyan.regions.models import Region
from touyan.selection.models import DistrictBatch
from touyan.selection.services import district, exports

pytestmark = pytest.mark.django_db
XIHU = "330106"
OUTSIDERS = ["binjiang", "hn_admin", "expert", "nobody", "own"]


@pytest.fixture
def chain(cast):
    chain = candidate_call()
    chain.application = apply(chain.call, applicant(XIHU))
    return chain


def decides(user, application) -> bool:
    return rules.has_perm("selection.decide_in_district", user, application)


def test_the_first_review_may_be_decided_only_while_it_awaits_one(cast, chain):
    application = chain.application
    assert decides(cast.xihu, application)
    assert not any(decides(cast[name], application) for name in ["hz_centre", *OUTSIDERS])
    district.review_application(
        actor=actor_of(cast.xihu), application=application, decision="endorse"
    )
    application.refresh_from_db()
    assert not decides(cast.xihu, application)


def test_nobody_decides_once_the_district_has_sent_its_batch(cast, chain):
    other = apply(chain.call, applicant(XIHU, name="乙校长"), submit=False)
    endorse_and_send(chain.call, XIHU, [chain.application], user=cast.xihu)
    # Submitted after the batch left: it waits, but not for this district's stamp.
    other.status = other.Status.SUBMITTED
    other.save()
    assert not decides(cast.xihu, other)


def test_sending_is_for_the_districts_officers_while_the_batch_is_open(cast, chain):
    batch = DistrictBatch(call=chain.call, district_id=XIHU)
    assert rules.has_perm("selection.send_batch", cast.xihu, batch)
    assert not any(
        rules.has_perm("selection.send_batch", cast[name], batch)
        for name in ["hz_admin", "hz_centre", *OUTSIDERS]
    )
    sent = endorse_and_send(chain.call, XIHU, [chain.application], user=cast.xihu)
    assert not rules.has_perm("selection.send_batch", cast.xihu, sent)


def test_the_district_and_the_city_download_the_districts_documents(cast, chain):
    batch = DistrictBatch(call=chain.call, district_id=XIHU)
    allowed = {
        name
        for name in ["xihu", "hz_admin", "hz_centre", *OUTSIDERS]
        if rules.has_perm("selection.download_batch", cast[name], batch)
    }
    assert allowed == {"xihu", "hz_admin", "hz_centre"}
    assert not rules.has_perm("selection.view_batch", cast.hz_centre, batch)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_the_export_services_refuse_whoever_may_not_have_the_documents(cast, chain, name):
    actor = actor_of(cast[name])
    area = Region.objects.get(code=XIHU)
    disclosure = masked(cast[name])
    with pytest.raises(PermissionDenied):
        exports.export_district_summary(
            actor=actor, call=chain.call, district=area, disclosure=disclosure, out=io.BytesIO()
        )
    with pytest.raises(PermissionDenied):
        exports.export_district_forms(
            actor=actor, call=chain.call, district=area, disclosure=disclosure
        )
    with pytest.raises(PermissionDenied):
        exports.export_application_form(
            actor=actor, application=chain.application, disclosure=disclosure
        )
    assert not AuditEntry.objects.filter(verb="export").exists()


def test_a_review_is_scored_by_its_expert_while_the_call_is_in_review(cast):
    from tests.selection_chain import to_decision
    from touyan.selection.models import Review

    chain = candidate_call()
    endorse_and_send(chain.call, XIHU, [apply(chain.call, applicant(XIHU))], user=cast.xihu)
    to_decision(chain, experts=1)
    review = Review.objects.get()
    assert rules.has_perm("selection.score", review.expert, review)
    assert not rules.has_perm("selection.score_now", review.expert, review)
    review.submitted_at = None
    assert not rules.has_perm("selection.score_now", review.expert, review)
    review.application.call.stage = review.application.call.Stage.REVIEW
    assert rules.has_perm("selection.score_now", review.expert, review)
    assert not rules.has_perm("selection.score_now", cast.expert, review)
