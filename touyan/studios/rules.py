import rules

from touyan.programmes.rules import hosts_studio, manages_programme
from touyan.programmes.selectors import members_visible_to

# The host writes the prospectus; the centre (whoever manages the programme) approves it.
rules.add_perm("studios.edit_prospectus", hosts_studio)
rules.add_perm("studios.review_prospectus", manages_programme)
rules.add_perm("studios.view_prospectus_draft", hosts_studio | manages_programme)


@rules.predicate
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
