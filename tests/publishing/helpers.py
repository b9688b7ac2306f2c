"""The people and posts of the publishing tests: Hainan's studios (tests/records/programme_people)
under the preset's ``[site]``, or under a variant where the centre reviews before publishing."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.policies.helpers import HAINAN, edit
from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan
from tests.selection_chain import actor_of
from touyan.policies.services import publish_policy
from touyan.publishing import services

CENTRE_REVIEWS = edit(
    edit(HAINAN, "centre_review = false", "centre_review = true"),
    'slug = "hainan-studios"',
    'slug = "hainan-reviewed"',
)


def site_people(cast, *, centre_review: bool = False, **options):
    hn = with_hainan(cast, members=options.pop("members", 1), **options)
    if centre_review:
        hn.programme.policy_version = publish_policy(actor=SYSTEM, text=CENTRE_REVIEWS)
        hn.programme.save(update_fields=["policy_version"])
    return hn


def photo_upload(name="photo.jpg", size=(3200, 1600), exif: bytes | None = None):
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif else {}
    Image.new("RGB", size, (40, 120, 200)).save(out, "JPEG", **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def draft(user, studio, **text):
    values = {
        "column": "exchange",
        "kind": "news",
        "title": "工作室开展读书交流",
        "summary": "成员交流读书心得。",
        "body": "<p>三月，工作室成员共读《学校管理》。</p>",
    } | text
    return services.write_post(actor=actor_of(user), studio=studio, **values)


def published(user, studio, **text):
    post = draft(user, studio, **text)
    return services.approve_post(actor=actor_of(user), post=post)
