"""The site's pages (HN-4.1.6): who reaches each (check_access), the public pages readable
without JavaScript and linked from the studio's page, the editor loaded from our own static
files under the strict CSP, the host's and the centre's buttons, and an activity as a post."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix
from tests.selection_chain import actor_of
from touyan.audit.models import AuditEntry, Verb
from touyan.publishing import services
from touyan.publishing.models import Post
from touyan.records.models import ActivityFile
from touyan.records.services import create_activity

from .helpers import draft, photo_upload, published, site_people

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.6")]
S = Post.Status


@pytest.fixture
def hn(cast):
    return site_people(cast)


def everyone(cast, outcome=ALLOWED):
    return matrix(cast, outcome, anonymous=outcome)


def test_visitors_read_the_site_a_column_and_a_post_without_signing_in(client, cast, hn):
    studio = hn.studios[0]
    post = published(cast.host, studio, photos=[photo_upload(size=(40, 30))])
    hidden = draft(cast.host, studio, title="还在写的草稿")
    for url in (
        reverse("publishing:site", args=[studio.pk]),
        reverse("publishing:column", args=[studio.pk, "exchange"]),
        reverse("publishing:post", args=[post.pk]),
    ):
        check_access(client, cast, url, everyone(cast))
    check_access(
        client, cast, reverse("publishing:post", args=[hidden.pk]), everyone(cast, NOT_FOUND)
    )
    check_access(
        client,
        cast,
        reverse("publishing:column", args=[studio.pk, "sports"]),
        everyone(cast, NOT_FOUND),
    )
    page = client.get(reverse("publishing:site", args=[studio.pk])).content.decode()
    assert post.title in page and "还在写的草稿" not in page
    # No script but the language switcher's, which every page has (the page works without it).
    assert page.count("<script") == 1 and "touyan/language" in page
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert reverse("publishing:atom", args=[studio.pk]) in page
    photo = post.photos.get()
    response = client.get(reverse("publishing:photo", args=[photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_the_public_studio_page_and_my_studios_link_the_site(client, cast, hn):
    from tests.formation import PROSPECTUS
    from touyan.studios import services as studio_services

    studio = hn.studios[0]
    studio_services.save_prospectus(actor=actor_of(cast.host), studio=studio, **PROSPECTUS)
    studio_services.submit_prospectus(actor=actor_of(cast.host), studio=studio)
    studio_services.review_prospectus(actor=actor_of(cast.hn_centre), studio=studio, approve=True)
    page = client.get(reverse("studios:public", args=[studio.pk])).content.decode()
    assert reverse("publishing:site", args=[studio.pk]) in page
    client.force_login(cast.member)
    page = client.get(reverse("studios:mine")).content.decode()
    assert reverse("publishing:studio_posts", args=[studio.pk]) in page


def test_who_reaches_the_writers_pages(client, cast, hn):
    studio = hn.studios[0]
    own = draft(cast.member, studio)
    writers = matrix(
        cast, NOT_FOUND, anonymous=LOGIN, host=ALLOWED, member=ALLOWED, superuser=ALLOWED
    )
    check_access(
        client,
        cast,
        reverse("publishing:write", args=[studio.pk]),
        writers,
    )
    check_access(
        client,
        cast,
        reverse("publishing:studio_posts", args=[studio.pk]),
        writers | {"hn_centre": ALLOWED, "hn_admin": ALLOWED},
    )
    # A draft is its writer's alone; once sent on, the host and the centre see it too, and the
    # host may polish it while the member may not.
    mine = matrix(cast, NOT_FOUND, member=ALLOWED, superuser=ALLOWED)
    check_access(client, cast, reverse("publishing:manage", args=[own.pk]), mine)
    check_access(client, cast, reverse("publishing:edit", args=[own.pk]), mine)
    services.submit_post(actor=actor_of(cast.member), post=own)
    check_access(
        client,
        cast,
        reverse("publishing:manage", args=[own.pk]),
        mine | {"host": ALLOWED, "hn_centre": ALLOWED, "hn_admin": ALLOWED},
    )
    check_access(
        client,
        cast,
        reverse("publishing:edit", args=[own.pk]),
        matrix(cast, NOT_FOUND, host=ALLOWED, superuser=ALLOWED),
    )
    check_access(
        client,
        cast,
        reverse("publishing:queue", args=[hn.programme.slug]),
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hn_centre=ALLOWED, hn_admin=ALLOWED),
    )


def test_the_editor_comes_from_our_static_files_with_no_inline_code(client, cast, hn):
    client.force_login(cast.host)
    page = client.get(reverse("publishing:write", args=[hn.studios[0].pk])).content.decode()
    assert 'type="module"' in page and "/static/touyan/post-editor" in page
    assert "/static/django_prose_editor/editor" in page
    assert "importmap" not in page and "cdn" not in page.lower()
    assert "data-post-editor" in page


def test_a_member_writes_and_submits_and_the_host_publishes_from_the_pages(client, cast, hn):
    studio = hn.studios[0]
    client.force_login(cast.member)
    response = client.post(
        reverse("publishing:write", args=[studio.pk]),
        {
            "column": "profiles",
            "kind": "story",
            "title": "一位乡村校长的三年",
            "summary": "",
            "body": '<p>开学第一天<img src=x onerror="alert(1)"></p>',
            "photos": [photo_upload(size=(40, 30))],
            "submit": "",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302 and post.status == S.SUBMITTED
    assert post.body == "<p>开学第一天</p>" and post.photos.count() == 1
    client.force_login(cast.host)
    page = client.get(reverse("publishing:studio_posts", args=[studio.pk])).content.decode()
    assert "成员提交，待我审核" in page and "一位乡村校长的三年" in page
    client.post(reverse("publishing:manage", args=[post.pk]), {"action": "approve"})
    post.refresh_from_db()
    assert post.status == S.PUBLISHED


def test_the_host_returns_with_a_note_and_a_missing_note_is_said(client, cast, hn):
    post = draft(cast.member, hn.studios[0])
    services.submit_post(actor=actor_of(cast.member), post=post)
    client.force_login(cast.host)
    url = reverse("publishing:manage", args=[post.pk])
    response = client.post(url, {"action": "return", "note": ""})
    assert response.status_code == 200 and "退回时请写明需要修改的地方" in response.content.decode()
    client.post(url, {"action": "return", "note": "请加一张照片"})
    post.refresh_from_db()
    assert post.status == S.RETURNED and post.note == "请加一张照片"


def test_the_centre_takes_a_post_down_and_visitors_no_longer_see_it(client, cast, hn):
    post = published(cast.host, hn.studios[0])
    client.force_login(cast.hn_centre)
    page = client.get(reverse("publishing:manage", args=[post.pk])).content.decode()
    assert 'value="take_down"' in page
    client.post(
        reverse("publishing:manage", args=[post.pk]), {"action": "take_down", "note": "涉及隐私"}
    )
    client.logout()
    assert client.get(reverse("publishing:post", args=[post.pk])).status_code == 404


def test_the_wechat_export_has_inline_styles_and_embedded_photos_and_is_audited(client, cast, hn):
    post = published(
        cast.host,
        hn.studios[0],
        body="<h2>小标题</h2><p>正文</p><blockquote>引文</blockquote>",
        photos=[photo_upload(size=(40, 30))],
        captions=["活动合影"],
    )
    client.force_login(cast.host)
    response = client.post(reverse("publishing:wechat", args=[post.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    html = response.content.decode()
    assert '<h2 style="' in html and '<p style="' in html and '<blockquote style="' in html
    assert 'src="data:image/jpeg;base64,' in html
    assert "/site/photos/" not in html and "<link" not in html and "<script" not in html
    encoded = html.split("data:image/jpeg;base64,")[1].split('"')[0]
    import base64

    assert Image.open(io.BytesIO(base64.b64decode(encoded))).size == (40, 30)
    entry = AuditEntry.objects.filter(verb=Verb.EXPORT).latest("pk")
    assert "公众号文章" in entry.note
    client.force_login(cast.other_host)
    assert client.post(reverse("publishing:wechat", args=[post.pk])).status_code == 404


def test_the_host_publishes_an_activity_with_its_photos_in_one_step(client, cast, hn):
    studio = hn.studios[0]
    activity = create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[studio],
        activity_type="seminar",
        title="三月专题研讨",
        date=dt.date(2025, 10, 15),
        place="海口市第一中学",
        description="围绕课堂诊断展开研讨。\n成员分享案例。",
    )
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), (10, 90, 30)).save(out, "JPEG")
    ActivityFile.objects.create(
        activity=activity,
        kind="photo",
        name="研讨现场.jpg",
        file=ContentFile(out.getvalue(), "a.jpg"),
    )
    url = reverse("publishing:from_activity", args=[activity.pk])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, host=ALLOWED),
    )
    client.force_login(cast.host)
    detail = client.get(reverse("records:activity", args=[hn.programme.slug, activity.pk]))
    assert url in detail.content.decode()
    client.post(url, {"column": "exchange", "kind": "photos", "publish": "on"})
    post = Post.objects.get(activity=activity)
    assert post.status == S.PUBLISHED and post.title == "三月专题研讨"
    assert "围绕课堂诊断展开研讨。" in post.body and "海口市第一中学" in post.body
    (photo,) = post.photos.all()
    assert photo.caption == "研讨现场.jpg"
    with photo.image.open("rb") as stream:
        assert Image.open(io.BytesIO(stream.read())).width == services.PHOTO_MAX_WIDTH
