"""The shared resource library (HN-4.1.5): cases, lesson designs, research reports and tools
that studios share across studios, within their programme or with everyone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
SUMMARY_MAX = 2000
TAG_MAX = 20
TAGS_MAX = 8
LINK_MAX = 500
FILE_NAME_MAX = 255


class Kind(models.TextChoices):
    # The policies name no kinds of shared resource: the library keeps its own short list.
    CASE = "case", _("案例")
    LESSON_DESIGN = "lesson_design", _("课例设计")
    REPORT = "report", _("研究报告")
    PAPER = "paper", _("论文")
    TOOL = "tool", _("工具")
    OTHER = "other", _("其他")


class Visibility(models.TextChoices):
    STUDIO = "studio", _("本工作室")
    PROGRAMME = "programme", _("本项目")
    PUBLIC = "public", _("公开")


class Tag(models.Model):
    """A tag, stored as normalised (``search.normalise``): 校本课程 and ＡＩ are one tag each."""

    name = models.CharField(_("标签"), max_length=TAG_MAX, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("标签")
        verbose_name_plural = _("标签")

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("培养项目"),
        on_delete=models.CASCADE,
        related_name="resources",
    )
    # The studio it comes from; none for a programme's own resource (the centre's, a trainee's).
    studio = models.ForeignKey(
        "programmes.Studio",
        verbose_name=_("工作室"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
    )
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    summary = models.TextField(_("简介"), max_length=SUMMARY_MAX, blank=True)
    # The text of a deliverable shared without a file; shown on the resource's page.
    body = models.TextField(_("正文"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="resources")
    file = models.FileField(_("文件"), upload_to="library/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=FILE_NAME_MAX, blank=True)
    link = models.URLField(_("链接"), max_length=LINK_MAX, blank=True)
    visibility = models.CharField(
        _("可见范围"), max_length=16, choices=Visibility.choices, default=Visibility.STUDIO
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分享人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("分享人"), max_length=150, blank=True)
    # Where it comes from, when it was shared from the record in one step (services.share).
    deliverable = models.ForeignKey(
        "records.Deliverable",
        verbose_name=_("来源成果"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
    )
    outcome = models.ForeignKey(
        "records.ResearchOutcome",
        verbose_name=_("来源课题成果"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
    )
    post = models.ForeignKey(
        "publishing.Post",
        verbose_name=_("来源文章"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
    )
    downloads = models.PositiveIntegerField(_("下载次数"), default=0)
    # Title, tags and summary, normalised (search.normalise) and joined by line breaks: what
    # the search reads, on SQLite and PostgreSQL alike (a trigram index on PostgreSQL, 0002).
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("分享时间"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("共享资源")
        verbose_name_plural = _("共享资源")
        constraints = [
            models.CheckConstraint(
                condition=~Q(visibility="studio") | Q(studio__isnull=False),
                name="resource_studio_visibility_has_studio",
            )
        ]
        indexes = [
            models.Index(fields=["visibility", "-created_at"], name="resource_visibility_idx"),
            models.Index(fields=["kind"], name="resource_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source(self):
        return self.deliverable or self.outcome
