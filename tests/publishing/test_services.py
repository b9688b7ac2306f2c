"""A post's way to the site through the services (HN-4.1.6): a member's post goes to the host,
the host publishes (or, where the policy says, sends it to the centre), the centre publishes or
returns it and takes a published post down with its reason; every step in the audit trail."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from tests.core.test_uploads import GPS, _gps_exif
from tests.selection_chain import actor_of
from touyan.audit.models import AuditEntry, Verb
from touyan.core.transitions import AlreadyDone
from touyan.notifications.models import Notification
from touyan.publishing import services
from touyan.publishing.models import Post
from touyan.publishing.sanitise import clean_html

from .helpers import draft, photo_upload, published, site_people

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.6")]
S = Post.Status


def test_a_members_post_goes_to_the_host_who_publishes_it(cast):
    studio = site_people(cast).studios[0]
    post = draft(cast.member, studio)
    assert post.status == S.DRAFT and post.author_name == "成员0-0"
    services.submit_post(actor=actor_of(cast.member), post=post)
    assert Notification.objects.filter(user=cast.host, title__contains="请审核").exists()
    post = services.approve_post(actor=actor_of(cast.host), post=post)
    assert post.status == S.PUBLISHED and post.published_at is not None
    assert Notification.objects.filter(user=cast.member, title__contains="已发布").exists()
    verbs = list(
        AuditEntry.objects.filter(target_type__model="post")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == [Verb.CREATE, Verb.UPDATE, Verb.UPDATE]
    with pytest.raises(AlreadyDone):
        services.approve_post(actor=actor_of(cast.host), post=post)


def test_where_the_centre_reviews_the_host_sends_and_the_centre_publishes_or_returns(cast):
    studio = site_people(cast, centre_review=True).studios[0]
    post = services.approve_post(actor=actor_of(cast.host), post=draft(cast.host, studio))
    assert post.status == S.APPROVED and post.published_at is None
    assert Notification.objects.filter(user=cast.hn_centre, title__contains="待审核").exists()
    with pytest.raises(ValidationError) as refused:
        services.return_post(actor=actor_of(cast.hn_centre), post=post, note=" ")
    assert refused.value.message_dict == {"note": ["退回时请写明需要修改的地方"]}
    post = services.return_post(actor=actor_of(cast.hn_centre), post=post, note="请补充照片")
    assert post.status == S.RETURNED and post.note == "请补充照片"
    post = services.approve_post(actor=actor_of(cast.host), post=post)
    post = services.accept_post(actor=actor_of(cast.hn_centre), post=post)
    assert post.status == S.PUBLISHED and post.published_at is not None


def test_the_centre_takes_a_post_down_with_its_reason(cast):
    studio = site_people(cast).studios[0]
    post = published(cast.host, studio)
    with pytest.raises(ValidationError):
        services.take_down_post(actor=actor_of(cast.hn_centre), post=post, reason="")
    post = services.take_down_post(actor=actor_of(cast.hn_centre), post=post, reason="含学生照片")
    assert post.status == S.TAKEN_DOWN and post.note == "含学生照片"
    entry = AuditEntry.objects.filter(target_type__model="post").latest("pk")
    assert entry.changes["status"] == [S.PUBLISHED, S.TAKEN_DOWN] and entry.note == "含学生照片"
    assert Notification.objects.filter(user=cast.host, title__contains="含学生照片").exists()


def test_the_column_and_kind_come_from_the_policy(cast):
    studio = site_people(cast).studios[0]
    with pytest.raises(ValidationError) as refused:
        draft(cast.host, studio, column="sports", kind="gossip", title=" ")
    assert set(refused.value.message_dict) == {"column", "kind", "title"}
    assert not Post.objects.exists()


def test_a_member_edits_only_while_the_post_is_theirs_and_the_host_may_polish_it(cast):
    studio = site_people(cast).studios[0]
    post = draft(cast.member, studio)
    services.submit_post(actor=actor_of(cast.member), post=post)
    from django.core.exceptions import PermissionDenied

    text = {"column": "cases", "kind": "case_review", "title": "新标题", "body": "<p>改</p>"}
    with pytest.raises(PermissionDenied):
        services.edit_post(actor=actor_of(cast.member), post=post, **text)
    post = services.edit_post(actor=actor_of(cast.host), post=post, **text)
    assert (post.title, post.column, post.status) == ("新标题", "cases", S.SUBMITTED)
    entry = AuditEntry.objects.filter(target_type__model="post").latest("pk")
    assert entry.changes["title"] == ["工作室开展读书交流", "新标题"]


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>好<script>alert(1)</script></p>", "<p>好</p>"),
        ('<p onclick="steal()">点</p>', "<p>点</p>"),
        ('<a href="javascript:alert(1)">链接</a>', '<a rel="noopener noreferrer">链接</a>'),
        ('<p style="color:red">红</p>', "<p>红</p>"),
        ('<img src="http://intranet/x.png" onerror="x()">', ""),
        ("<h1>大标题</h1>", "<h2>大标题</h2>"),
        (
            '<a href="https://edu.hainan.gov.cn/">省教育厅</a>',
            '<a href="https://edu.hainan.gov.cn/" rel="noopener noreferrer">省教育厅</a>',
        ),
        ("<iframe src='https://x'></iframe><p>留</p>", "<p>留</p>"),
    ],
)
def test_the_sanitiser_keeps_only_the_allow_list(dirty, clean):
    assert clean_html(dirty) == clean


def test_the_body_is_cleaned_on_saving(cast):
    studio = site_people(cast).studios[0]
    post = draft(cast.host, studio, body='<p onmouseover="x()">内容<script>x()</script></p>')
    assert post.body == "<p>内容</p>"


def test_photos_lose_their_location_and_are_narrowed(cast):
    studio = site_people(cast).studios[0]
    upload = photo_upload(size=(3200, 1600), exif=_gps_exif())
    assert GPS in Image.open(io.BytesIO(upload.read())).getexif()
    upload.seek(0)
    post = draft(cast.host, studio, photos=[upload], captions=["合影"])
    (photo,) = post.photos.all()
    with photo.image.open("rb") as stream:
        stored = Image.open(io.BytesIO(stream.read()))
    assert stored.size == (services.PHOTO_MAX_WIDTH, 800)
    assert GPS not in stored.getexif() and not stored.getexif()
    assert photo.caption == "合影"


def test_a_file_that_is_not_a_photo_is_refused_with_nothing_kept(cast, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    studio = site_people(cast).studios[0]
    fake = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        draft(cast.host, studio, photos=[fake])
    assert "不是允许的文件类型" in refused.value.messages[0]
    assert not Post.objects.exists()


def test_the_host_cannot_publish_a_members_draft_before_it_is_submitted(cast):
    studio = site_people(cast).studios[0]
    post = draft(cast.member, studio)
    with pytest.raises(ValidationError) as refused:
        services.approve_post(actor=actor_of(cast.host), post=post)
    assert refused.value.messages == ["成员尚未提交这篇文章，不能审核"]
    assert Post.objects.get(pk=post.pk).status == S.DRAFT


def test_a_post_as_the_library_takes_it(cast):
    from touyan.publishing.selectors import post_for_library

    studio = site_people(cast).studios[0]
    post = published(cast.host, studio, summary="", body="<p>校长交流的内容。</p>")
    taken = post_for_library(post)
    assert taken["title"] == post.title and taken["summary"] == "校长交流的内容。"
    assert taken["body"] == "<p>校长交流的内容。</p>"
    assert taken["link"] == f"/site/posts/{post.pk}/" and taken["studio"] == studio.name
