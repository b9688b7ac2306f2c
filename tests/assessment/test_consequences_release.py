"""Members released by a revocation are free to join another studio through a member call and
the allocation; the revoked studio is no longer offered (HN-5.4.1)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.formation import close_and_approve, formation, member_apply, member_call, with_user
from tests.selection_chain import actor_of
from touyan.allocation import jobs
from touyan.allocation import services as allocation
from touyan.allocation.inputs import problem_of
from touyan.assessment.consequences import apply_due
from touyan.core.actors import Actor
from touyan.programmes.models import StudioMember
from touyan.selection.models import Application
from touyan.selection.services import applications, choices
from touyan.studios.selectors import choosable_studios

from .decided import published

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.4.1")]


def test_a_released_member_joins_another_studio_and_the_revoked_one_is_not_offered():
    f = formation(carried=2, members=3, new=1)
    revoked, kept, new = f.studios
    today = timezone.localdate()
    published(f, ["fail", "pass", "good"], today=today - dt.timedelta(days=30))
    assert apply_due(actor=Actor.system(), today=today) == 1
    revoked.refresh_from_db()
    assert revoked.revoked_on == today
    released = StudioMember.objects.filter(studio=revoked).select_related("principal").first()
    assert released.left_on == today - dt.timedelta(days=1)

    member_call(f)
    assert revoked.pk not in set(choosable_studios(f.programme).values_list("pk", flat=True))
    principal = with_user(released.principal)
    # The released member may apply (eligibility) but not rank the revoked studio.
    application = member_apply(f.call, principal, [new], submit=False)
    with pytest.raises(ValidationError):
        choices.set_choices(
            actor=actor_of(principal.user), application=application, studios=[revoked]
        )
    application = applications.submit_application(
        actor=actor_of(principal.user), application=application
    )
    close_and_approve(f)
    assert revoked.pk not in {studio["id"] for studio in problem_of(f.call)["studios"]}
    run = jobs.start_run(actor=actor_of(f.centre), call=f.call)
    allocation.publish_run(actor=actor_of(f.centre), run=run)
    application.refresh_from_db()
    assert application.status == Application.Status.CONFIRMED
    assert application.placed_studio_id == new.pk
    assert StudioMember.objects.filter(
        studio=new, principal=principal, left_on__isnull=True
    ).exists()
