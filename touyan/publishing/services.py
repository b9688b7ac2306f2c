"""Writing a studio's posts (HN-4.1.6): the host and members write, a member submits to the
host, the host approves (to the centre where the policy has it review, else onto the site),
the centre publishes or returns, and takes a published post down with its reason. An activity
becomes a post in one step; a post leaves as a WeChat article, audited as an export."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record, record_export
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.core.uploads import (
    IMAGES,
    atomic_with_files,
    delete_on_commit,
    prepare_upload,
    save_file,
)
from touyan.notifications.services import notify
from touyan.people.models import Principal
from touyan.programmes.access import access_of
from touyan.programmes.models import Studio
from touyan.programmes.selectors import programme_managers

from .models import BODY_MAX, NOTE_MAX, SUMMARY_MAX, TITLE_MAX, Post, PostPhoto
from .sanitise import clean_html, plain_text
from .site import required_site
from .states import POST
from .wechat import wechat_fragment

S = Post.Status
UPLOAD_KIND = "post"
# Photos are narrowed to this width on upload: wide enough for any phone and a laptop screen.
PHOTO_MAX_WIDTH = 1600
PHOTOS_MAX = 30


def _text(
    studio: Studio, *, column: str, kind: str, title: str, summary: str, body: str
) -> dict[str, str]:
    """The post's fields checked against the policy's site and cleaned; a ValidationError per
    field otherwise."""
    site = required_site(studio)
    errors = {}
    if site.column(column) is None:
        errors["column"] = _("请选择栏目")
    if site.post_kind(kind) is None:
        errors["kind"] = _("请选择文章类别")
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("请填写标题")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("标题不超过 %(n)d 字") % {"n": TITLE_MAX}
    summary = " ".join((summary or "").split())
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = _("摘要不超过 %(n)d 字") % {"n": SUMMARY_MAX}
    body = clean_html(body)
    if len(body) > BODY_MAX:
        errors["body"] = _("正文过长，请分篇发布")
    if errors:
        raise ValidationError(errors)
    return {"column": column, "kind": kind, "title": title, "summary": summary, "body": body}


def _author_of(actor: Actor, studio: Studio, author: Principal | None) -> Principal:
    """Who writes: the signed-in principal; the system (the demo, a command) names them."""
    if actor.user is not None:
        principal_id = access_of(actor.user).principal_id
        if principal_id is None:
            raise ValidationError(_("只有工作室的主持人和成员可以写文章"))
        return Principal.objects.get(pk=principal_id)
    return author or studio.host


def _add_photos(post: Post, photos, captions=()) -> list[PostPhoto]:
    if post.photos.count() + len(photos) > PHOTOS_MAX:
        raise ValidationError({"photos": _("每篇文章最多 %(n)d 张图片") % {"n": PHOTOS_MAX}})
    position = post.photos.order_by("-position").values_list("position", flat=True).first() or 0
    added = []
    captions = list(captions)
    for index, uploaded in enumerate(photos):
        _type, content = prepare_upload(
            uploaded, IMAGES, kind=UPLOAD_KIND, max_width=PHOTO_MAX_WIDTH
        )
        position += 1
        photo = PostPhoto(
            post=post,
            position=position,
            caption=(captions[index] if index < len(captions) else "")[:120],
        )
        save_file(photo.image, content)
        photo.save()
        added.append(photo)
    return added


def write_post(
    *,
    actor: Actor,
    studio: Studio,
    column: str,
    kind: str,
    title: str,
    summary: str = "",
    body: str = "",
    photos=(),
    captions=(),
    author: Principal | None = None,
    activity=None,
) -> Post:
    """A new post, a draft of its writer's."""
    with atomic_with_files():
        require(actor, "publishing.write_post", studio)
        text = _text(studio, column=column, kind=kind, title=title, summary=summary, body=body)
        writer = _author_of(actor, studio, author)
        post = Post.objects.create(
            studio=studio,
            author=actor.user or writer.user,
            author_principal=writer,
            author_name=writer.name,
            activity=activity,
            **text,
        )
        added = _add_photos(post, photos, captions)
        record(
            actor=actor,
            verb=Verb.CREATE,
            target=post,
            scope_code=studio.region_id,
            changes={
                "title": [None, post.title],
                "column": [None, post.column],
                "kind": [None, post.kind],
                "body": [None, plain_text(post.body)[:200]],
                **({"photos": [None, len(added)]} if added else {}),
            },
        )
        return post


def edit_post(
    *,
    actor: Actor,
    post: Post,
    column: str,
    kind: str,
    title: str,
    summary: str = "",
    body: str = "",
    photos=(),
    captions=(),
    remove_photos=(),
) -> Post:
    """Change a post while its writer (or, for a member's post sent to them, the host) may."""
    with atomic_with_files():
        post = POST.lock(post)
        require(actor, "publishing.edit_post", post)
        POST.check(post, "edit")
        text = _text(post.studio, column=column, kind=kind, title=title, summary=summary, body=body)
        changes = {}
        for name, value in text.items():
            old = getattr(post, name)
            if old != value:
                changes[name] = (
                    [plain_text(old)[:200], plain_text(value)[:200]]
                    if name == "body"
                    else [old, value]
                )
                setattr(post, name, value)
        doomed = list(post.photos.filter(pk__in=[int(pk) for pk in remove_photos]))
        if doomed:
            delete_on_commit(*(photo.image for photo in doomed))
            PostPhoto.objects.filter(pk__in=[photo.pk for photo in doomed]).delete()
            changes["photos_removed"] = [None, len(doomed)]
        added = _add_photos(post, photos, captions)
        if added:
            changes["photos_added"] = [None, len(added)]
        if not changes:
            return post
        post.updated_at = timezone.now()
        post.save()
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=post,
            scope_code=post.studio.region_id,
            changes=changes,
        )
        return post


def submit_post(*, actor: Actor, post: Post) -> Post:
    """A member sends their post to the host, who is told."""
    with atomic_with_files():
        post = POST.lock(post)
        require(actor, "publishing.submit_post", post)
        POST.move(actor=actor, obj=post, action="submit", fields={"submitted_at": timezone.now()})
        notify(
            users=[getattr(post.studio.host, "user", None)],
            title=_("%(name)s 提交了文章《%(title)s》，请审核")
            % {"name": post.author_name, "title": post.title},
            url=_manage_url(post),
        )
        return post


def approve_post(*, actor: Actor, post: Post) -> Post:
    """The host approves a member's post or their own: to the centre where the policy has it
    review first, else published at once."""
    with atomic_with_files():
        post = POST.lock(post)
        require(actor, "publishing.approve_post", post)
        if post.by_member and post.status != S.SUBMITTED and POST.allows(post, "publish"):
            raise ValidationError(_("成员尚未提交这篇文章，不能审核"))
        site = required_site(post.studio)
        now = timezone.now()
        stamp = {"decider_name": display_name(actor), "decided_at": now, "note": ""}
        if site.centre_review:
            POST.move(actor=actor, obj=post, action="send", fields=stamp)
            notify(
                users=programme_managers(post.studio.programme),
                title=_("“%(studio)s”的文章《%(title)s》待审核发布")
                % {"studio": post.studio.name, "title": post.title},
                url=_manage_url(post),
            )
        else:
            POST.move(
                actor=actor, obj=post, action="publish", fields={**stamp, "published_at": now}
            )
        _tell_writer(actor, post)
        return post


def return_post(*, actor: Actor, post: Post, note: str) -> Post:
    """The host returns a member's post, or the centre a post the host approved, with what to
    change; the writer is told."""
    with atomic_with_files():
        post = POST.lock(post)
        permission = (
            "publishing.review_post" if post.status == S.APPROVED else "publishing.approve_post"
        )
        require(actor, permission, post)
        POST.check(post, "return")
        note = (note or "").strip()[:NOTE_MAX]
        if not note:
            raise ValidationError({"note": _("退回时请写明需要修改的地方")})
        POST.move(
            actor=actor,
            obj=post,
            action="return",
            fields={
                "decider_name": display_name(actor),
                "decided_at": timezone.now(),
                "note": note,
            },
            note=note,
        )
        _tell_writer(actor, post)
        return post


def accept_post(*, actor: Actor, post: Post) -> Post:
    """The centre publishes a post the host approved."""
    with atomic_with_files():
        post = POST.lock(post)
        require(actor, "publishing.review_post", post)
        now = timezone.now()
        POST.move(
            actor=actor,
            obj=post,
            action="accept",
            fields={"decider_name": display_name(actor), "decided_at": now, "published_at": now},
        )
        _tell_writer(actor, post)
        return post


def take_down_post(*, actor: Actor, post: Post, reason: str) -> Post:
    """The centre takes a published post off the site, with its reason; writer and host are
    told."""
    with atomic_with_files():
        post = POST.lock(post)
        require(actor, "publishing.take_down_post", post)
        POST.check(post, "take_down")
        reason = (reason or "").strip()[:NOTE_MAX]
        if not reason:
            raise ValidationError({"note": _("撤下文章时请写明原因")})
        POST.move(
            actor=actor,
            obj=post,
            action="take_down",
            fields={
                "decider_name": display_name(actor),
                "decided_at": timezone.now(),
                "note": reason,
            },
            note=reason,
        )
        notify(
            users=[post.author, getattr(post.studio.host, "user", None)],
            title=_("文章《%(title)s》已被培训中心撤下：%(reason)s")
            % {"title": post.title, "reason": reason},
            url=_manage_url(post),
        )
        return post


def export_wechat(*, actor: Actor, post: Post) -> str:
    """The post as an HTML fragment to paste into a WeChat public-account article: styles
    inline, photos embedded (WeChat cannot fetch them from an intranet). Audited as an export."""
    require(actor, "publishing.export_post", post)
    fragment = wechat_fragment(post)
    record_export(
        actor=actor,
        what=_("公众号文章（%(title)s）") % {"title": post.title},
        count=1,
        unit=_("篇"),
        target=post,
        scope_code=post.studio.region_id,
    )
    return fragment


def post_activity(
    *, actor: Actor, activity, studio: Studio, column: str, kind: str, publish: bool = False
) -> Post:
    """An activity the studio organised, as a post in one step: its title, date, place and
    description, and its photos. Published at once when asked (and the host may), else a
    draft to finish."""
    with atomic_with_files():
        require(actor, "publishing.post_activity", studio)
        if not activity.organisers.filter(studio=studio).exists():
            raise ValidationError(_("这项活动不是本工作室组织的"))
        lines = [_("%(day)s") % {"day": activity.date.strftime("%Y-%m-%d")}]
        if activity.place:
            lines.append(_("地点：%(place)s") % {"place": activity.place})
        paragraphs = "".join(
            f"<p>{_escape(line)}</p>" for line in (activity.description or "").splitlines() if line
        )
        body = f"<p>{_escape('　'.join(lines))}</p>{paragraphs}"
        photos = [
            _stored_photo(item.file, item.name)
            for item in activity.files.filter(kind="photo").order_by("pk")
        ]
        post = write_post(
            actor=actor,
            studio=studio,
            column=column,
            kind=kind,
            title=activity.title,
            summary=" ".join((activity.description or "").split())[:120],
            body=body,
            photos=photos[:PHOTOS_MAX],
            captions=[photo.name for photo in photos],
            activity=activity,
        )
        if publish:
            approve_post(actor=actor, post=post)
            post.refresh_from_db()
        return post


def _stored_photo(field_file, name: str) -> ContentFile:
    """A stored activity photo read again as an upload: it passes the same checks."""
    with field_file.open("rb") as stream:
        return ContentFile(stream.read(), name=name)


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


def _tell_writer(actor: Actor, post: Post) -> None:
    if post.author is None or post.author == actor.user:
        return
    words = {
        S.APPROVED: _("您的文章《%(title)s》主持人已审核，等待培训中心审核发布"),
        S.PUBLISHED: _("您的文章《%(title)s》已发布"),
        S.RETURNED: _("您的文章《%(title)s》被退回修改：%(note)s"),
    }[post.status]
    notify(
        users=[post.author],
        title=words % {"title": post.title, "note": post.note},
        url=_manage_url(post),
    )


def _manage_url(post: Post) -> str:
    return reverse("publishing:manage", args=[post.pk])
