"""Who may do what with a studio's posts (HN-4.1.6): the host and the studio's current members
write; the host approves; whoever manages the programme (the centre) reviews and takes down."""

import rules

from touyan.programmes.access import access_of
from touyan.programmes.rules import hosts_studio, manages_programme
from touyan.programmes.selectors import still_member

from .models import Post
from .states import EDITABLE

SUBMITTED = Post.Status.SUBMITTED


@rules.predicate
def is_current_member(user, studio) -> bool:
    principal = access_of(user).principal_id
    if studio is None or principal is None:
        return False
    return studio.members.filter(still_member(), principal_id=principal).exists()


@rules.predicate
def writes_for_studio(user, studio) -> bool:
    return hosts_studio(user, studio) or is_current_member(user, studio)


@rules.predicate
def wrote_post(user, post) -> bool:
    principal = access_of(user).principal_id
    return post is not None and principal is not None and post.author_principal_id == principal


@rules.predicate
def hosts_posts_studio(user, post) -> bool:
    return post is not None and hosts_studio(user, post.studio)


@rules.predicate
def may_edit(user, post) -> bool:
    """The writer while the post is theirs to change; the host also while a member's post waits
    for them (not a member's draft). Only someone still writing for the studio."""
    if post is None or not writes_for_studio(user, post.studio):
        return False
    if wrote_post(user, post):
        return post.status in EDITABLE
    return hosts_posts_studio(user, post) and post.status == SUBMITTED


@rules.predicate
def may_submit(user, post) -> bool:
    """A member sends their own post to the host."""
    return (
        post is not None
        and wrote_post(user, post)
        and not hosts_posts_studio(user, post)
        and is_current_member(user, post.studio)
    )


# Write a new post for a studio; see the studio's posts (the host all, a member their own).
rules.add_perm("publishing.write_post", writes_for_studio)
rules.add_perm("publishing.view_studio_posts", writes_for_studio | manages_programme)
rules.add_perm("publishing.edit_post", may_edit)
rules.add_perm("publishing.submit_post", may_submit)
rules.add_perm("publishing.approve_post", hosts_posts_studio)
rules.add_perm("publishing.review_post", manages_programme)
rules.add_perm("publishing.take_down_post", manages_programme)


@rules.predicate
def sent_on(_user, post) -> bool:
    """Its writer has let it go: a draft is theirs alone."""
    return post is not None and post.status != Post.Status.DRAFT


# The post as the writer sees it whatever its state, and as the host and the centre see it once
# it is sent on.
rules.add_perm(
    "publishing.view_post", wrote_post | ((hosts_posts_studio | manages_programme) & sent_on)
)
# The WeChat export: the writer and the host.
rules.add_perm("publishing.export_post", wrote_post | hosts_posts_studio)
# An activity becomes a post: the studio's host, for an activity their studio organised.
rules.add_perm("publishing.post_activity", hosts_studio)
