"""A studio's prospectus (HN-3.5): what the host tells principals before they apply to join.

The host edits the working copy and submits it; the centre approves or returns it. Approval
copies the text into ``published``, which is what the public pages show, so a host revising an
approved prospectus does not take the approved one off the site while the centre looks again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core.models import Stamped

# The parts of the text, in the order they are shown.
TEXT_FIELDS = ("goals", "features", "conditions", "requirements")


class Prospectus(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("编辑中")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已审核公开")

    studio = models.OneToOneField(
        "programmes.Studio", on_delete=models.CASCADE, related_name="prospectus"
    )
    goals = models.TextField(_("建设目标"), blank=True)
    features = models.TextField(_("主要特色"), blank=True)
    # One entry a cycle year: {"year": 1, "theme": "…", "plan": "…"}.
    plan = models.JSONField(_("三年工作计划"), default=list, blank=True)
    conditions = models.TextField(_("成员条件"), blank=True)
    requirements = models.TextField(_("成员要求"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewer_name = models.CharField(_("审核人"), max_length=64, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    # The approved text, as the public sees it: the same keys as the fields above.
    published = models.JSONField(_("公开版本"), default=dict, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        ordering = ["studio"]
        verbose_name = _("工作室简介")
        verbose_name_plural = _("工作室简介")

    def __str__(self) -> str:
        return str(self.studio)

    @property
    def is_public(self) -> bool:
        return bool(self.published)

    def text(self) -> dict:
        """The working copy in the shape of ``published``."""
        return {name: getattr(self, name) for name in (*TEXT_FIELDS, "plan")}


# Tasks (HN-4.2.2) ---------------------------------------------------------------------------

TASK_TITLE_MAX = 200
TASK_TEXT_MAX = 20_000


class Task(Stamped):
    """A piece of work the host gives members of the studio, to finish by ``due_on``. Who was
    given it is ``assignments``: every member serving when it was assigned, or those chosen."""

    studio = models.ForeignKey("programmes.Studio", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("任务名称"), max_length=TASK_TITLE_MAX)
    description = models.TextField(_("任务要求"), max_length=TASK_TEXT_MAX, blank=True)
    due_on = models.DateField(_("完成期限"))
    to_all = models.BooleanField(_("全体成员"), default=False)

    class Meta:
        ordering = ["-due_on", "-pk"]
        verbose_name = _("工作室任务")
        verbose_name_plural = _("工作室任务")

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """One member's part of a task: what they handed in and what the host made of it. A task
    is overdue for a member while their part is neither handed in nor accepted after the due
    date (``selectors.overdue``)."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("待完成")
        SUBMITTED = "submitted", _("待审阅")
        RETURNED = "returned", _("退回修改")
        ACCEPTED = "accepted", _("已完成")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        "programmes.StudioMember", on_delete=models.CASCADE, related_name="task_assignments"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ASSIGNED
    )
    text = models.TextField(_("完成情况"), max_length=TASK_TEXT_MAX, blank=True)
    file = models.FileField(_("附件"), upload_to="studio-tasks/%Y/%m/", blank=True)
    file_name = models.CharField(_("附件名"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewer_name = models.CharField(_("审阅人"), max_length=64, blank=True)
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    review_note = models.TextField(_("审阅意见"), max_length=TASK_TEXT_MAX, blank=True)

    class Meta:
        ordering = ["task", "member"]
        verbose_name = _("任务分派")
        verbose_name_plural = _("任务分派")
        constraints = [models.UniqueConstraint(fields=["task", "member"], name="assignment_unique")]
        indexes = [models.Index(fields=["member", "status"], name="assignment_member_idx")]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.member_id}:{self.status}"

    @property
    def is_open(self) -> bool:
        """Still the member's to do: not handed in, or handed back."""
        return self.status in (self.Status.ASSIGNED, self.Status.RETURNED)


class GuidanceNote(models.Model):
    """The host's guidance to one member (HN-4.2.3): a note on their work, or a comment on one of
    their plans (``deliverable``). Kept as written; part of the member's archive."""

    membership = models.ForeignKey(
        "programmes.StudioMember", on_delete=models.CASCADE, related_name="guidance"
    )
    deliverable = models.ForeignKey(
        "records.Deliverable",
        verbose_name=_("关于"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("指导人"), max_length=64)
    body = models.TextField(_("指导意见"), max_length=5000)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("指导意见")
        verbose_name_plural = _("指导意见")
        indexes = [models.Index(fields=["membership", "created_at"], name="guidance_member")]

    def __str__(self) -> str:
        return f"{self.author_name} · {self.created_at:%Y-%m-%d}"
