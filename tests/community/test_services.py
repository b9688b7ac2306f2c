"""The community's services (HN-4.0.1): threads and replies per studio and across studios,
who may write and read, notifications, watched words, reports and hiding, all audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.refusals import HAINAN_CAST, check_service
from touyan.audit.models import AuditEntry, Verb
from touyan.community.models import Post, Report, Thread
from touyan.community.services import moderation
from touyan.community.services.threads import reply, start_thread
from touyan.core.transitions import AlreadyDone
from touyan.notifications.models import Notification

from .helpers import as_, hainan_community

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.0.1")]

EVERYONE = pytest.mark.parametrize("name", HAINAN_CAST)
CENTRE = ("superuser", "hn_admin", "hn_centre")


@pytest.fixture
def hn(cast):
    return hainan_community(cast)


@EVERYONE
def test_who_starts_a_thread_in_a_studio(cast, hn, name):
    """The studio's host and members and the centre; the district reads only."""
    check_service(
        cast,
        name,
        (*CENTRE, "host", "member"),
        lambda actor: start_thread(
            actor=actor, programme=hn.programme, studio=hn.studios[0], title="标题", body="内容"
        ),
        Thread,
    )


@EVERYONE
def test_who_starts_a_thread_on_the_board(cast, hn, name):
    """Every studio's people of the programme and the centre."""
    check_service(
        cast,
        name,
        (*CENTRE, "host", "member", "other_host"),
        lambda actor: start_thread(actor=actor, programme=hn.programme, title="跨室", body="内容"),
        Thread,
    )


@EVERYONE
def test_who_hides_a_post_of_a_studio(cast, hn, name):
    thread = start_thread(
        actor=as_(cast.member), programme=hn.programme, studio=hn.studios[0], title="t", body="b"
    )
    post = thread.posts.get()
    check_service(
        cast,
        name,
        (*CENTRE, "host"),
        lambda actor: moderation.hide_post(actor=actor, post=post, reason="与主题无关"),
        lambda: Post.objects.get(pk=post.pk).state,
    )


def test_a_reply_tells_the_threads_author_and_is_audited(cast, hn):
    thread = start_thread(
        actor=as_(cast.host),
        programme=hn.programme,
        studio=hn.studios[0],
        title="如何开展校本研修",
        body="各位谈谈本校的做法。\n第二行",
    )
    first = reply(actor=as_(cast.member), thread=thread, body="我校每周一次教研。")
    assert first.state == Post.State.VISIBLE and first.principal.user == cast.member
    assert Notification.objects.filter(user=cast.host, title__contains="如何开展校本研修").exists()
    answer = reply(actor=as_(cast.host), thread=thread, body="很好", parent=first)
    assert answer.parent == first
    # A reply to a reply goes under the post it answers: one level of nesting.
    deeper = reply(actor=as_(cast.second), thread=thread, body="同意", parent=answer)
    assert deeper.parent == first
    assert Notification.objects.filter(user=cast.member).count() == 2  # host's and second's
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(deeper.pk)).exists()
    assert thread.posts.get(opening=True).body == "各位谈谈本校的做法。\n第二行"


def test_an_empty_or_too_long_post_is_refused_with_reasons(cast, hn):
    with pytest.raises(ValidationError) as error:
        start_thread(
            actor=as_(cast.member), programme=hn.programme, studio=hn.studios[0], title=" ", body=""
        )
    assert set(error.value.message_dict) == {"title", "body"}
    thread = start_thread(
        actor=as_(cast.member), programme=hn.programme, studio=hn.studios[0], title="t", body="b"
    )
    with pytest.raises(ValidationError) as error:
        reply(actor=as_(cast.host), thread=thread, body="字" * 5001)
    assert "最多 5,000 字" in error.value.message_dict["body"][0]


def test_another_studio_cannot_write_or_read_in_a_studio(cast, hn):
    thread = start_thread(
        actor=as_(cast.member), programme=hn.programme, studio=hn.studios[0], title="t", body="b"
    )
    for user in (cast.other_host, cast.longhua):
        with pytest.raises(PermissionDenied):
            reply(actor=as_(user), thread=thread, body="来自外部")
    assert not cast.other_host.has_perm("community.view_thread", thread)
    assert cast.longhua.has_perm("community.view_thread", thread)  # the district reads


def test_a_watched_word_holds_a_post_for_the_hosts_review(cast, hn, settings):
    settings.COMMUNITY_WATCHED_WORDS = ["广告", "Spam"]
    thread = start_thread(
        actor=as_(cast.host), programme=hn.programme, studio=hn.studios[0], title="t", body="b"
    )
    held = reply(actor=as_(cast.member), thread=thread, body="代写论文，加微信 SPAM")
    assert held.state == Post.State.HELD and held.held_for == "Spam"
    assert not Notification.objects.filter(user=cast.host).exists()  # not shown yet
    # The host's own words are not held: they moderate the thread.
    assert reply(actor=as_(cast.host), thread=thread, body="别发广告").state == Post.State.VISIBLE
    with pytest.raises(PermissionDenied):
        moderation.approve_post(actor=as_(cast.second), post=held)
    approved = moderation.approve_post(actor=as_(cast.host), post=held)
    assert approved.state == Post.State.VISIBLE
    entry = AuditEntry.objects.filter(target_id=str(held.pk), verb=Verb.UPDATE).get()
    assert entry.changes["state"] == ["held", "visible"]
    with pytest.raises(AlreadyDone):
        moderation.approve_post(actor=as_(cast.host), post=held)


def test_a_watched_word_in_a_title_holds_the_thread(cast, hn, settings):
    settings.COMMUNITY_WATCHED_WORDS = ["广告"]
    thread = start_thread(
        actor=as_(cast.member), programme=hn.programme, studio=hn.studios[0], title="广告", body="b"
    )
    assert thread.posts.get().state == Post.State.HELD


def test_report_then_hide_with_a_reason(cast, hn):
    thread = start_thread(
        actor=as_(cast.host), programme=hn.programme, studio=hn.studios[0], title="t", body="b"
    )
    post = reply(actor=as_(cast.member), thread=thread, body="不当言论")
    with pytest.raises(ValidationError):
        moderation.report_post(actor=as_(cast.member), post=post, reason="自己")
    with pytest.raises(ValidationError) as error:
        moderation.report_post(actor=as_(cast.second), post=post, reason="")
    assert "reason" in error.value.message_dict
    moderation.report_post(actor=as_(cast.second), post=post, reason="人身攻击")
    with pytest.raises(ValidationError):
        moderation.report_post(actor=as_(cast.second), post=post, reason="再次")
    assert Notification.objects.filter(user=cast.host, title__contains="被举报").exists()
    assert AuditEntry.objects.filter(target_id=str(post.pk), note="举报").exists()

    hidden = moderation.hide_post(actor=as_(cast.host), post=post, reason="违反社区规范")
    assert hidden.state == Post.State.HIDDEN and hidden.hidden_reason == "违反社区规范"
    assert Report.objects.get().outcome == Report.Outcome.HIDDEN
    entry = AuditEntry.objects.filter(target_id=str(post.pk), note="隐藏帖子").get()
    assert entry.changes["hidden_reason"] == ["", "违反社区规范"]
    assert Notification.objects.filter(user=cast.member, body="违反社区规范").exists()
    with pytest.raises(AlreadyDone):
        moderation.hide_post(actor=as_(cast.hn_centre), post=post, reason="再隐藏")
    moderation.restore_post(actor=as_(cast.hn_centre), post=post)
    assert Post.objects.get(pk=post.pk).state == Post.State.VISIBLE


def test_reports_found_groundless_are_dismissed(cast, hn):
    thread = start_thread(
        actor=as_(cast.member), programme=hn.programme, studio=hn.studios[0], title="t", body="b"
    )
    post = thread.posts.get()
    moderation.report_post(actor=as_(cast.second), post=post, reason="看不懂")
    assert moderation.dismiss_reports(actor=as_(cast.host), post=post) == 1
    assert Report.objects.get().outcome == Report.Outcome.DISMISSED
    with pytest.raises(ValidationError):
        moderation.dismiss_reports(actor=as_(cast.host), post=post)


def test_only_the_centre_moderates_the_board(cast, hn):
    thread = start_thread(actor=as_(cast.member), programme=hn.programme, title="t", body="b")
    post = thread.posts.get()
    with pytest.raises(PermissionDenied):
        moderation.hide_post(actor=as_(cast.host), post=post, reason="r")
    moderation.hide_post(actor=as_(cast.hn_centre), post=post, reason="r")
