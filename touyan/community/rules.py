"""Who may read, write and moderate in the community. The reading predicates ask the selectors
that list the same objects (``community.selectors``)."""

import rules

from touyan.programmes.access import access_of
from touyan.programmes.rules import hosts_studio, manages_programme

from . import selectors


@rules.predicate
def sees_studio(user, studio) -> bool:
    return studio is not None and (
        selectors.community_studios(user, studio.programme).filter(pk=studio.pk).exists()
    )


@rules.predicate
def belongs_to_studio(user, studio) -> bool:
    """The studio's host or one of its current members."""
    return studio is not None and selectors.own_studios(user).filter(pk=studio.pk).exists()


@rules.predicate
def reads_board(user, programme) -> bool:
    return programme is not None and selectors.reads_board(user, programme)


@rules.predicate
def takes_part_in_programme(user, programme) -> bool:
    return programme is not None and selectors.own_studios(user, programme).exists()


@rules.predicate
def reads_thread(user, thread) -> bool:
    if thread is None:
        return False
    if thread.studio_id:
        return sees_studio(user, thread.studio)
    return reads_board(user, thread.programme)


@rules.predicate
def writes_in_thread(user, thread) -> bool:
    if thread is None:
        return False
    if manages_programme(user, thread.programme):
        return True
    if thread.studio_id:
        return belongs_to_studio(user, thread.studio)
    return takes_part_in_programme(user, thread.programme)


@rules.predicate
def moderates_thread(user, thread) -> bool:
    return thread is not None and selectors.moderates(user, thread)


@rules.predicate
def reads_post(user, post) -> bool:
    return post is not None and reads_thread(user, post.thread)


@rules.predicate
def moderates_post(user, post) -> bool:
    return post is not None and selectors.moderates(user, post.thread)


@rules.predicate
def moderates_somewhere(user, programme) -> bool:
    return programme is not None and (
        access_of(user).manages(programme) or bool(selectors.hosted_studio_ids(user, programme))
    )


@rules.predicate
def reads_session(user, session) -> bool:
    return session is not None and sees_studio(user, session.studio)


@rules.predicate
def runs_session(user, session) -> bool:
    return session is not None and (
        hosts_studio(user, session.studio) or manages_programme(user, session.studio)
    )


# A studio's community: reading for whoever sees the studio (the district read-only);
# writing for its host and members and the centre.
rules.add_perm("community.view_studio", sees_studio)
rules.add_perm("community.post_in_studio", belongs_to_studio | manages_programme)
# The cross-studio board of a programme.
rules.add_perm("community.view_board", reads_board)
rules.add_perm("community.post_on_board", takes_part_in_programme | manages_programme)
rules.add_perm("community.view_thread", reads_thread)
rules.add_perm("community.reply", writes_in_thread)
# Anyone who reads a post may report it; its studio's host and the centre hide it.
rules.add_perm("community.report_post", reads_post)
rules.add_perm("community.moderate_post", moderates_post)
rules.add_perm("community.moderation_queue", moderates_somewhere)
# Online study sessions: the host sets them for their studio (the centre may too).
rules.add_perm("community.add_session", hosts_studio | manages_programme)
rules.add_perm("community.view_session", reads_session)
rules.add_perm("community.close_session", runs_session)
