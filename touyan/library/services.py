"""Sharing resources in the library, taking them out, and counting downloads (HN-4.1.5).

``share_resource`` is the one way in: a resource typed into the share form, or made in one step
from something already in the record (a deliverable, a research outcome; later a post of the
studio's site), whose row it keeps as its source."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor, Source
from touyan.core.steps import require
from touyan.core.text import too_long
from touyan.core.uploads import (
    DOCUMENTS,
    IMAGES,
    atomic_with_files,
    delete_on_commit,
    excerpt,
    prepare_upload,
    save_file,
)
from touyan.programmes.models import Programme, Studio

from .models import FILE_NAME_MAX, TAG_MAX, TAGS_MAX, Kind, Resource, Tag, Visibility
from .search import normalise, search_text

# The resource's field that keeps each kind of source, by model label (rules.SOURCE_OWNERS says
# who owns one).
SOURCE_FIELDS = {
    "records.deliverable": "deliverable",
    "records.researchoutcome": "outcome",
    "publishing.post": "post",
}
FILE_TYPES = (*DOCUMENTS, *IMAGES)


def parse_tags(tags) -> list[str]:
    """Tags as typed (one string, split at commas, 、 and spaces) or as a list: normalised,
    each once, in the order given."""
    if isinstance(tags, str):
        tags = tags.replace("，", ",").replace("、", ",").replace(" ", ",").split(",")
    found: list[str] = []
    for tag in tags or ():
        name = normalise(tag)
        if name and name not in found:
            found.append(name)
    too_long_tags = [name for name in found if len(name) > TAG_MAX]
    if too_long_tags:
        raise ValidationError(
            {
                "tags": _("标签“%(tag)s”超过 %(limit)d 个字")
                % {"tag": excerpt(too_long_tags[0], 30), "limit": TAG_MAX}
            }
        )
    if len(found) > TAGS_MAX:
        raise ValidationError(
            {
                "tags": _("最多 %(limit)d 个标签，现有 %(count)d 个")
                % {"limit": TAGS_MAX, "count": len(found)}
            }
        )
    return found


def scope_code(resource: Resource) -> str:
    """Where a resource's audit entries are filed: its studio's district, else the programme's
    jurisdiction."""
    return resource.studio.region_id if resource.studio_id else resource.programme.jurisdiction_id


def _source_programme_id(source) -> int | None:
    """A deliverable's programme, a research outcome's project's, a post's studio's."""
    if hasattr(source, "programme_id"):
        return source.programme_id
    owner = getattr(source, "project", None) or getattr(source, "studio", None)
    return owner.programme_id if owner is not None else None


def share_resource(
    *,
    actor: Actor,
    programme: Programme,
    title: str,
    summary: str,
    kind: str,
    tags,
    visibility: str,
    studio: Studio | None = None,
    file=None,
    file_name: str = "",
    link: str = "",
    body: str = "",
    source=None,
) -> Resource:
    """A resource of ``studio`` (or of the programme itself), seen as ``visibility`` says, with
    a checked file, a link or a text. ``source``, when given, is what it was made from; only the
    people who own it may share it."""
    probe = Resource(programme=programme, studio=studio)
    require(actor, "library.share_resource", probe, _("您不能为所指的工作室或项目分享资源"))
    label = source._meta.label_lower if source is not None else None
    if source is not None:
        if label not in SOURCE_FIELDS:
            raise ValueError(f"a resource cannot come from {label}")
        require(actor, "library.share_source", source, _("只有成果的所有者可以把它分享到资源库"))
    title, summary, link = (title or "").strip(), (summary or "").strip(), (link or "").strip()
    errors = too_long(Resource, {"title": title, "summary": summary, "link": link})
    if not title:
        errors["title"] = _("请填写标题")
    if kind not in Kind.values:
        errors["kind"] = _("请选择资源类别")
    if visibility not in Visibility.values:
        errors["visibility"] = _("请选择可见范围")
    elif visibility == Visibility.STUDIO and studio is None:
        errors["visibility"] = _("不属于某个工作室的资源不能设为“仅本工作室可见”")
    if studio is not None and studio.programme_id != programme.pk:
        errors["studio"] = _("工作室不属于本项目")
    if source is not None and _source_programme_id(source) != programme.pk:
        errors["studio"] = _("来源不属于本项目")
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link"] = _("链接须以 http:// 或 https:// 开头，且是完整的网址")
    if not file and not link and not (body or "").strip():
        errors["file"] = _("请上传文件或填写链接")
    try:
        names = parse_tags(tags)
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with atomic_with_files():
        resource = Resource(
            programme=programme,
            studio=studio,
            title=title,
            kind=kind,
            summary=summary,
            body=body or "",
            link=link,
            visibility=visibility,
            author=actor.user,
            author_name=(actor.user.full_name or actor.user.get_username()) if actor.user else "",
            search_text=search_text(title, names, summary),
        )
        if label is not None:
            setattr(resource, SOURCE_FIELDS[label], source)
        if file:
            _file_type, content = prepare_upload(file, FILE_TYPES, kind="resource")
            save_file(resource.file, content)
            resource.file_name = (file_name or excerpt(file.name, FILE_NAME_MAX))[:FILE_NAME_MAX]
        resource.save()
        if names:
            existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
            missing = [Tag(name=name) for name in names if name not in existing]
            Tag.objects.bulk_create(missing, ignore_conflicts=True)
            resource.tags.set(Tag.objects.filter(name__in=names))
        changes = {
            "title": [None, title],
            "kind": [None, kind],
            "visibility": [None, visibility],
        }
        if names:
            changes["tags"] = [None, "、".join(names)]
        if resource.file_name:
            changes["file"] = [None, resource.file_name]
        if link:
            changes["link"] = [None, link]
        if source is not None:
            changes["source"] = [None, f"{source._meta.verbose_name}：{source}"]
        record(
            actor=actor,
            verb=Verb.CREATE,
            target=resource,
            scope_code=scope_code(resource),
            changes=changes,
            note=_("分享到资源库"),
        )
    return resource


@transaction.atomic
def withdraw_resource(*, actor: Actor, resource: Resource) -> None:
    """Take a resource out of the library (its file is deleted once that commits); the source
    it came from stays in the record."""
    require(actor, "library.withdraw_resource", resource, _("只有分享人或培训中心可以撤下资源"))
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=resource,
        scope_code=scope_code(resource),
        changes={"title": [resource.title, None], "visibility": [resource.visibility, None]},
        note=_("从资源库撤下"),
    )
    delete_on_commit(resource.file)
    resource.delete()


def record_download(*, actor: Actor, resource: Resource) -> None:
    """One more download of ``resource``, counted in the database (``F()``), so that downloads
    at the same moment are all counted. A visitor who has not signed in counts only for a
    public resource. Not audited: who downloads a shared resource is nobody's business."""
    if actor.user is None:
        # A visitor on the public library (the command line and the system are not checked).
        if actor.source == Source.WEB and resource.visibility != Visibility.PUBLIC:
            raise PermissionDenied
    else:
        require(actor, "library.view_resource", resource)
    Resource.objects.filter(pk=resource.pk).update(downloads=F("downloads") + 1)
