"""A studio's public site (HN-4.1.6): its posts, in the columns and of the kinds its programme's
policy names (``[site]``), with their photos.

A post is written by the host or a member; a member's post goes to the host, who approves it;
where the policy says so the centre reviews what the host approved before it is published. The
centre may take a published post down, with its reason. The body is HTML, sanitised on every
save (``sanitise.py``); photos are re-encoded and narrowed on upload (``core/images.py``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 120
SUMMARY_MAX = 300
BODY_MAX = 200_000  # characters of sanitised HTML
CAPTION_MAX = 120
NOTE_MAX = 1000


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待主持人审核")
        APPROVED = "approved", _("待培训中心审核")
        RETURNED = "returned", _("退回修改")
        PUBLISHED = "published", _("已发布")
        TAKEN_DOWN = "taken_down", _("已撤下")

    studio = models.ForeignKey(
        "programmes.Studio",
        verbose_name=_("工作室"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    column = models.CharField(_("栏目"), max_length=64)
    kind = models.CharField(_("类别"), max_length=64)
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    summary = models.CharField(_("摘要"), max_length=SUMMARY_MAX, blank=True)
    body = models.TextField(_("正文"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_principal = models.ForeignKey(
        "people.Principal",
        verbose_name=_("作者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("作者"), max_length=64)
    activity = models.ForeignKey(
        "records.Activity",
        verbose_name=_("活动"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # Who took the last decision (the host's approval, the centre's review or take-down).
    decider_name = models.CharField(_("审核人"), max_length=64, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    note = models.TextField(_("意见"), max_length=NOTE_MAX, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("工作室文章")
        verbose_name_plural = _("工作室文章")
        indexes = [
            models.Index(fields=["studio", "status", "-published_at"], name="post_studio_site"),
            models.Index(
                fields=["studio", "column", "status", "-published_at"], name="post_studio_column"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def by_member(self) -> bool:
        """Written by a member, not the host: the host approves it."""
        return self.author_principal_id != self.studio.host_id


class PostPhoto(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("图片"), upload_to="posts/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=CAPTION_MAX, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["post", "position", "pk"]
        verbose_name = _("文章图片")
        verbose_name_plural = _("文章图片")

    def __str__(self) -> str:
        return self.caption or self.image.name
