"""Who may read, share and withdraw library resources. Reading asks the selector
(``resources_visible_to``); sharing from the record asks who owns the source."""

from __future__ import annotations

from collections.abc import Callable

import rules

from touyan.programmes.access import access_of
from touyan.programmes.rules import manages_programme
from touyan.programmes.selectors import programmes_visible_to

from .selectors import programmes_shared_for, resources_visible_to, studios_shared_for


@rules.predicate
def sees_resource(user, resource) -> bool:
    return resource is not None and resources_visible_to(user).filter(pk=resource.pk).exists()


@rules.predicate
def sees_some_programme(user) -> bool:
    return programmes_visible_to(user).exists()


@rules.predicate
def shares_somewhere(user) -> bool:
    return studios_shared_for(user).exists() or programmes_shared_for(user).exists()


@rules.predicate
def shares_for(user, resource) -> bool:
    """For an unsaved resource: the user may share it for its studio (host, current member,
    the programme's managers) or, without a studio, for its programme (managers, trainees)."""
    if resource is None:
        return False
    if resource.studio_id is not None:
        return studios_shared_for(user).filter(pk=resource.studio_id).exists()
    return programmes_shared_for(user).filter(pk=resource.programme_id).exists()


def _current_member(principal_id: int, studio) -> bool:
    from touyan.programmes.selectors import still_member

    return studio.members.filter(still_member(), principal_id=principal_id).exists()


def _owns_deliverable(principal_id: int, deliverable) -> bool:
    """A member's or trainee's own deliverable; a studio's for its host and current members;
    a member's plan for their host too."""
    if deliverable.principal_id == principal_id:
        return True
    studio = deliverable.studio
    if studio is None:
        return False
    if studio.host_id == principal_id:
        return True
    return deliverable.principal_id is None and _current_member(principal_id, studio)


def _owns_outcome(principal_id: int, outcome) -> bool:
    """A studio project's outcome: the studio's host and current members; a trainee's project's
    outcome: the trainee who leads it."""
    project = outcome.project
    if project.studio_id is not None:
        return project.studio.host_id == principal_id or _current_member(
            principal_id, project.studio
        )
    return project.leader_id == principal_id


def _owns_post(principal_id: int, post) -> bool:
    """A published post of the studio's site: the studio's host and the post's writer."""
    return post.is_public and principal_id in (post.studio.host_id, post.author_principal_id)


# What a resource may come from, by model label, with who owns one; each also has its field in
# ``services.SOURCE_FIELDS``.
SOURCE_OWNERS: dict[str, Callable[[int, object], bool]] = {
    "records.deliverable": _owns_deliverable,
    "records.researchoutcome": _owns_outcome,
    "publishing.post": _owns_post,
}


@rules.predicate
def owns_source(user, source) -> bool:
    principal = access_of(user).principal_id
    owns = SOURCE_OWNERS.get(source._meta.label_lower) if source is not None else None
    return principal is not None and owns is not None and owns(principal, source)


@rules.predicate
def is_author(user, resource) -> bool:
    return resource is not None and resource.author_id is not None and resource.author_id == user.pk


# The library pages (and the menu entry): whoever takes part in or follows a programme.
# Everyone else reads the public library.
rules.add_perm("library.view_library", sees_some_programme)
rules.add_perm("library.view_resource", sees_resource)
rules.add_perm("library.share", shares_somewhere)
rules.add_perm("library.share_resource", shares_for)
# Sharing a deliverable or a research outcome in one step: the people who own it.
rules.add_perm("library.share_source", owns_source)
# Taking a resource out of the library: whoever shared it, or the programme's managers.
rules.add_perm("library.withdraw_resource", is_author | manages_programme)
