"""A finished allocation run waits in the centre's 待办 until one run of the call is published."""

import pytest
from django.urls import reverse

from tests.formation import (
    close_and_approve,
    formation,
    member_applicant,
    member_apply,
    member_call,
)
from tests.selection_chain import actor_of
from touyan.allocation import jobs, services
from touyan.core import inbox

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-3.8")]


def allocation_items(user):
    return [item for item in inbox.items_for(user) if item.key.startswith("allocation.")]


def test_a_finished_run_waits_to_be_published(cast):
    f = formation(carried=1, members=2, new=1)
    member_call(f)
    kept, new = f.studios
    member_apply(f.call, member_applicant("460106"), [kept, new])
    close_and_approve(f)
    assert allocation_items(f.centre) == []
    run = jobs.start_run(actor=actor_of(f.centre), call=f.call)
    (item,) = allocation_items(f.centre)
    assert item.key == f"allocation.publish:{f.call.pk}"
    assert item.url == reverse("allocation:runs", args=[f.call.pk])
    assert allocation_items(cast.nobody) == [] and allocation_items(cast.hz_centre) == []
    services.publish_run(actor=actor_of(f.centre), run=run)
    assert allocation_items(f.centre) == []
