"""Who may do what with the rotation. Each predicate asks the selector that lists the same
objects (``diagnosis.selectors``): what a page offers and what a service accepts agree."""

from __future__ import annotations

import rules

from touyan.programmes.access import access_of
from touyan.programmes.selectors import programmes_followed_by

from .selectors import diagnosis_of, rotations_planned_by, rotations_visible_to, visits_visible_to


@rules.predicate
def sees_rotation(user, studio) -> bool:
    return studio is not None and (
        rotations_visible_to(user, studio.programme).filter(pk=studio.pk).exists()
    )


@rules.predicate
def plans_rotation(user, studio) -> bool:
    return studio is not None and (
        rotations_planned_by(user, studio.programme).filter(pk=studio.pk).exists()
    )


@rules.predicate
def sees_visit(user, visit) -> bool:
    return visit is not None and (
        visits_visible_to(user, visit.studio.programme).filter(pk=visit.pk).exists()
    )


@rules.predicate
def reports_visit(user, visit) -> bool:
    return visit is not None and plans_rotation(user, visit.studio)


@rules.predicate
def is_visited_member(user, visit) -> bool:
    """The member whose school was visited: they record its follow-up once it is reported."""
    principal = access_of(user).principal_id
    return (
        visit is not None
        and principal is not None
        and visit.reported_at is not None
        and visit.member.principal_id == principal
    )


@rules.predicate
def follows_programme(user, programme) -> bool:
    """The centre, the authority, a district officer: the rotations of the programme's studios
    at a glance."""
    return (
        programme is not None
        and diagnosis_of(programme) is not None
        and programmes_followed_by(user).filter(pk=programme.pk).exists()
    )


rules.add_perm("diagnosis.view_rotation", sees_rotation)
rules.add_perm("diagnosis.plan_rotation", plans_rotation)
rules.add_perm("diagnosis.view_visit", sees_visit)
rules.add_perm("diagnosis.report_visit", reports_visit)
rules.add_perm("diagnosis.follow_up", is_visited_member)
rules.add_perm("diagnosis.view_programme", follows_programme)
