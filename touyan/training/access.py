"""How a user stands towards trainees beyond managing their programme: the trainees they
mentor and the programmes whose research they guide, read once per request."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from touyan.accounts.roles import Role
from touyan.accounts.scopes import grant_rows

_MENTORED = "_touyan_mentored_trainees"


def mentored_trainee_ids(user) -> frozenset[int]:
    """The trainees on the teams the user belongs to."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _MENTORED, None)
    if cached is None:
        from .models import MentorTeam

        cached = frozenset(
            MentorTeam.trainees.through.objects.filter(mentorteam__mentors__user=user).values_list(
                "trainee_id", flat=True
            )
        )
        setattr(user, _MENTORED, cached)
    return cached


def forget(user) -> None:
    """After a team changes within the request that reads it."""
    if hasattr(user, _MENTORED):
        delattr(user, _MENTORED)


def research_programme_ids(user) -> frozenset[int]:
    """The programmes on which the user holds the research institute's role (HZ-4.2.1)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    from touyan.programmes.models import Programme

    programme_type = ContentType.objects.get_for_model(Programme).pk
    return frozenset(
        row.scope_id
        for row in grant_rows(user)
        if row.role == Role.RESEARCH_INSTITUTE and row.scope_type_id == programme_type
    )
