"""The selection workflows on the transitions tables: what the table allows is what the services
do, a call's stage refusals stay mistakes (not races), and every stage move is in the trail."""

import pytest
from django.core.exceptions import ValidationError

from tests.programmes import SYSTEM
from tests.selection_chain import actor_of, applicant, apply, candidate_call, officer
from touyan.audit.models import AuditEntry, Verb
from touyan.core.transitions import AlreadyDone
from touyan.selection.models import Application, Call
from touyan.selection.services import calls, district
from touyan.selection.states import APPLICATION, CALL

pytestmark = pytest.mark.django_db

S = Application.Status


def test_may_endorse_now_is_asked_of_the_table_the_service_moves_by(db):
    chain = candidate_call()
    application = apply(chain.call, applicant())
    assert APPLICATION.allows(application, "endorse")
    assert not APPLICATION.allows(application, "edit")
    district.review_application(
        actor=actor_of(officer()), application=application, decision="endorse"
    )
    application.refresh_from_db()
    assert not APPLICATION.allows(application, "endorse")
    assert APPLICATION.actions(application) == ["choose", "select", "decline", "place"]


def test_a_call_published_twice_is_told_its_stage_not_already_done(db):
    chain = candidate_call()
    with pytest.raises(ValidationError) as refused:
        calls.publish_call(actor=SYSTEM, call=chain.call)
    assert not isinstance(refused.value, AlreadyDone)
    assert refused.value.messages == ["遴选当前处于“申报与推荐”阶段，不能进行这一步"]
    assert CALL.actions(chain.call) == [
        "start_review",
        "skip_review",
        "edit",
        "apply",
        "first_review",
    ]
    moves = AuditEntry.objects.filter(
        target_type__model="call", target_id=str(chain.call.pk), verb=Verb.UPDATE
    )
    assert [entry.changes["stage"] for entry in moves] == [[Call.Stage.DRAFT, Call.Stage.OPEN]]
