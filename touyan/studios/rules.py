import rules
from django.utils import timezone

from touyan.programmes.access import access_of
from touyan.programmes.rules import hosts_studio, manages_programme
from touyan.programmes.selectors import members_visible_to, studios_visible_to

# The host writes the prospectus; the centre (whoever manages the programme) approves it.
rules.add_perm("studios.edit_prospectus", hosts_studio)
rules.add_perm("studios.review_prospectus", manages_programme)
rules.add_perm("studios.view_prospectus_draft", hosts_studio | manages_programme)


@rules.predicate
def sees_studio(user, studio) -> bool:
    """The studio is among those ``studios_visible_to`` gives: its host and members, the
    centre, the authority following the programme and the district officer of its place."""
    return (
        studio is not None
        and studios_visible_to(user, studio.programme).filter(pk=studio.pk).exists()
    )


def _studio_of(obj):
    """The studio of a task or of a member's part of one."""
    if obj is None:
        return None
    task = getattr(obj, "task", obj)
    return task.studio


@rules.predicate
def hosts_studio_of(user, obj) -> bool:
    """A task, or a member's part of one: the user hosts its studio."""
    return hosts_studio(user, _studio_of(obj))


@rules.predicate
def is_own_assignment(user, assignment) -> bool:
    principal = access_of(user).principal_id
    return (
        assignment is not None
        and principal is not None
        and assignment.member.principal_id == principal
    )


@rules.predicate
def still_serves(user, assignment) -> bool:
    """The member has not left the studio: a member who left hands in nothing more."""
    if assignment is None:
        return False
    left_on = assignment.member.left_on
    return left_on is None or left_on >= timezone.localdate()


# The host's documents (HN-4.2.1): the host writes them; whoever sees the studio reads them.
rules.add_perm("studios.write_documents", hosts_studio)
rules.add_perm("studios.view_documents", sees_studio)
# Tasks (HN-4.2.2): the host gives and reviews them; a serving member hands in their own part.
rules.add_perm("studios.assign_task", hosts_studio)
rules.add_perm("studios.review_task", hosts_studio_of)
rules.add_perm("studios.submit_task", is_own_assignment & still_serves)
rules.add_perm("studios.view_assignment", is_own_assignment | hosts_studio_of)


def reads_member_archive(user, membership) -> bool:
    """The one answer for a member's archive: the selector's (the member, their host, the
    district of the studio, whoever follows the programme)."""
    if membership is None:
        return False
    visible = members_visible_to(user, membership.studio.programme)
    return visible.filter(pk=membership.pk).exists()


rules.add_perm("studios.view_member_archive", reads_member_archive)


@rules.predicate
def hosts_members_studio(user, membership) -> bool:
    return membership is not None and hosts_studio(user, membership.studio)


# The host guides their members (HN-4.2.3).
rules.add_perm("studios.guide_member", hosts_members_studio)
