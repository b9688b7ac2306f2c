"""Evaluations narrowed to what the user may see: the same engine, run on the subjects the
programme selectors return for the user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Q

from touyan.programmes.access import access_of
from touyan.programmes.models import Programme
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import (
    is_member_of_studio,
    studios_visible_to,
    trainees_visible_to,
)

from .engine import evaluate
from .verdicts import Evaluation

MAX_ID = 2**63


def visible_subject_ids(user, programme: Programme) -> list[int]:
    if spec_of(programme).policy.subject == "studio":
        return list(studios_visible_to(user, programme).values_list("pk", flat=True))
    return list(trainees_visible_to(user, programme).values_list("pk", flat=True))


def own_subject_ids(user, programme: Programme) -> list[int]:
    """The studios the user hosts or belongs to, or their own trainee record."""
    principal = access_of(user).principal_id
    if principal is None:
        return []
    if spec_of(programme).policy.subject == "studio":
        return list(
            programme.studios.filter(Q(host_id=principal) | is_member_of_studio(principal))
            .distinct()
            .values_list("pk", flat=True)
        )
    return list(
        programme.cohorts.filter(trainees__principal_id=principal).values_list(
            "trainees__pk", flat=True
        )
    )


def evaluation_for(
    user,
    programme: Programme,
    *,
    as_of: dt.date,
    subject_ids: Collection[int] | None = None,
) -> Evaluation:
    """The evaluation of the subjects the user may see (of ``subject_ids`` if given)."""
    if subject_ids is not None:
        # Ids come from URLs and query strings; one beyond the database's range is no subject.
        subject_ids = [pk for pk in subject_ids if 0 < pk < MAX_ID]
    if access_of(user).manages(programme):
        return evaluate(programme, as_of=as_of, subject_ids=subject_ids)
    visible = visible_subject_ids(user, programme)
    if subject_ids is not None:
        allowed = set(visible)
        visible = [pk for pk in subject_ids if pk in allowed]
    return evaluate(programme, as_of=as_of, subject_ids=visible)
