"""The prospectus on its transitions table, through the services: a second decision names who
made the first and when, and editing a submitted text takes it back to editing in the trail."""

import pytest
from django.utils import timezone

from tests.formation import PROSPECTUS
from tests.records.programme_people import with_hainan
from tests.selection_chain import actor_of
from touyan.audit.models import AuditEntry
from touyan.core.transitions import AlreadyDone
from touyan.studios import services
from touyan.studios.models import Prospectus

pytestmark = pytest.mark.django_db

S = Prospectus.Status


@pytest.mark.clause("HN-3.5")
def test_a_second_decision_names_the_first_reviewer_and_when(cast):
    studio = with_hainan(cast, members=1).studios[0]
    services.save_prospectus(actor=actor_of(cast.host), studio=studio, **PROSPECTUS)
    services.submit_prospectus(actor=actor_of(cast.host), studio=studio)
    cast.hn_centre.full_name = "王审核"
    cast.hn_centre.save()
    services.review_prospectus(actor=actor_of(cast.hn_centre), studio=studio, approve=True)
    at = timezone.localtime(Prospectus.objects.get(studio=studio).reviewed_at)
    with pytest.raises(AlreadyDone) as refused:
        services.review_prospectus(
            actor=actor_of(cast.hn_admin), studio=studio, approve=False, note="再改改"
        )
    stamp = at.strftime("%Y-%m-%d %H:%M")
    assert refused.value.messages == [
        f"简介已是“已审核公开”（王审核，{stamp}），本次操作未重复执行"
    ]


@pytest.mark.clause("HN-3.5")
def test_editing_a_submitted_text_takes_it_back_to_editing_in_one_entry(cast):
    studio = with_hainan(cast, members=1).studios[0]
    services.save_prospectus(actor=actor_of(cast.host), studio=studio, **PROSPECTUS)
    services.submit_prospectus(actor=actor_of(cast.host), studio=studio)
    edited = services.save_prospectus(actor=actor_of(cast.host), studio=studio, goals="新的目标")
    assert edited.status == S.DRAFT
    last = AuditEntry.objects.filter(target_type__model="prospectus").latest("pk")
    assert last.changes == {
        "goals": [PROSPECTUS["goals"], "新的目标"],
        "status": [S.SUBMITTED, S.DRAFT],
    }
