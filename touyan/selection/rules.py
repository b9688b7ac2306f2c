import rules

from touyan.programmes.access import access_of
from touyan.programmes.rules import manages_programme
from touyan.regions import codes

from . import states


@rules.predicate
def manages_call(user, call) -> bool:
    return call is not None and manages_programme(user, call.programme)


def follows_district(user, district_code: str) -> bool:
    return any(codes.contains(code, district_code) for code in access_of(user).district_codes)


@rules.predicate
def is_applicant(user, application) -> bool:
    principal = access_of(user).principal_id
    return (
        application is not None and principal is not None and application.principal_id == principal
    )


@rules.predicate
def reviews_in_district(user, application) -> bool:
    """The first review: the applicant's district, or the centre when the call has none."""
    if application is None:
        return False
    if application.call.district_review:
        return follows_district(user, application.district_id)
    return manages_call(user, application.call)


@rules.predicate
def follows_batch(user, batch) -> bool:
    return batch is not None and follows_district(user, batch.district_id)


def is_candidate_in(user, call, district_code: str) -> bool:
    """The user has a submitted application of ``call`` in the district: ranking and sending
    that district's batch is then another officer's work, as reviewing one's own case is."""
    principal = access_of(user).principal_id
    return (
        principal is not None
        and call.applications.filter(district_id=district_code, principal_id=principal)
        .exclude(status="draft")
        .exists()
    )


@rules.predicate
def manages_batch_call(user, batch) -> bool:
    return batch is not None and manages_call(user, batch.call)


@rules.predicate
def applies_in_batch(user, batch) -> bool:
    return batch is not None and is_candidate_in(user, batch.call, batch.district_id)


def _submitted(application) -> bool:
    return application is not None and application.status != application.Status.DRAFT


@rules.predicate
def manages_application(user, application) -> bool:
    return _submitted(application) and manages_call(user, application.call)


@rules.predicate
def handles_objection(user, objection) -> bool:
    """The staff handling an objection: those who manage the call, except the candidate it is
    about, who learns neither who objected nor how to reach them."""
    if objection is None:
        return False
    if objection.application_id is not None:
        return manages_application(user, objection.application) and not is_applicant(
            user, objection.application
        )
    return manages_call(user, objection.notice.call)


@rules.predicate
def owns_review(user, review) -> bool:
    return review is not None and review.expert_id == user.pk


# What may be done now: the state of the application, the call and the batch. The moves an
# application allows come from its transition table.

FIRST_REVIEW = ("endorse", "return", "reject")


def batch_sent(call, district_code: str) -> bool:
    sent = call.batches.model.Status.SUBMITTED
    return call.batches.filter(district_id=district_code, status=sent).exists()


@rules.predicate
def awaits_first_review(user, application) -> bool:
    """Submitted, the call still open, and (with a district stage) the batch not yet sent."""
    if application is None:
        return False
    call = application.call
    if not states.CALL.allows(call, "first_review"):
        return False
    if not any(states.APPLICATION.allows(application, action) for action in FIRST_REVIEW):
        return False
    return not (call.district_review and batch_sent(call, application.district_id))


DECISION = ("select", "decline")


@rules.predicate
def awaits_decision(user, application) -> bool:
    """Forwarded to the city, the call in its decision stage, and a decision the table allows."""
    if application is None:
        return False
    call = application.call
    if not states.CALL.allows(call, "decide"):
        return False
    if not any(states.APPLICATION.allows(application, action) for action in DECISION):
        return False
    from .selectors import forwarded

    return forwarded(call).filter(pk=application.pk).exists()


@rules.predicate
def review_open(user, review) -> bool:
    """Not yet handed in, and the call still in its expert review."""
    if review is None or review.submitted_at is not None:
        return False
    return states.CALL.allows(review.application.call, "expert_review")


@rules.predicate
def batch_open(user, batch) -> bool:
    """The call still takes the district's work, and the batch has not been sent."""
    if batch is None:
        return False
    return states.CALL.allows(batch.call, "first_review") and states.BATCH.allows(batch, "work")


@rules.predicate
def is_principal(user) -> bool:
    return access_of(user).principal_id is not None


rules.add_perm("selection.manage_call", manages_call)
rules.add_perm("selection.decide", manages_call)
rules.add_perm("selection.apply", is_principal)
rules.add_perm("selection.change_application", is_applicant)
# Nobody reviews or decides their own application, whatever else they hold (a principal may
# also work for their district's bureau or the centre).
first_reviewer = reviews_in_district & ~is_applicant
rules.add_perm("selection.review_application", first_reviewer)
rules.add_perm("selection.decide_in_district", first_reviewer & awaits_first_review)
rules.add_perm("selection.decide_application", manages_application & ~is_applicant)
rules.add_perm("selection.decide_now", manages_application & ~is_applicant & awaits_decision)
rules.add_perm("selection.view_batch", follows_batch)
rules.add_perm("selection.submit_batch", follows_batch & ~applies_in_batch)
rules.add_perm("selection.send_batch", follows_batch & ~applies_in_batch & batch_open)
# The district's documents: for the district, and for the city that receives them.
rules.add_perm("selection.download_batch", follows_batch | manages_batch_call)
rules.add_perm("selection.download_form", first_reviewer | manages_application)
rules.add_perm("selection.handle_objection", handles_objection)
rules.add_perm("selection.score", owns_review)
rules.add_perm("selection.score_now", owns_review & review_open)
