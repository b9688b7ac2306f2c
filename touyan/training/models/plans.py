"""The personal development plan (个人发展规划, 一人一方案, HZ-3.3.3): drafted by the trainee,
commented by the mentors, approved by the centre, kept in versions; progress is noted per
milestone and the final evaluation is made against the approved version."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DevelopmentPlan(models.Model):
    trainee = models.OneToOneField(
        "programmes.Trainee", on_delete=models.CASCADE, related_name="plan"
    )
    # The version the centre approved last; evaluation and progress follow it.
    approved = models.ForeignKey(
        "training.PlanVersion",
        verbose_name=_("已批准的版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("个人发展规划")
        verbose_name_plural = _("个人发展规划")

    def __str__(self) -> str:
        return str(self.trainee)


class PlanVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待批准")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已批准")
        SUPERSEDED = "superseded", _("已被新版本取代")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    # [{"dimension": code from the policy, "text": ...}] in the trainee's order.
    goals = models.JSONField(_("发展目标"), default=list, blank=True)
    actions = models.TextField(_("主要举措"), max_length=10000, blank=True)
    expected_results = models.TextField(_("预期成果"), max_length=5000, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("批准或退回时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("批复意见"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("规划版本")
        verbose_name_plural = _("规划版本")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
            # At most one version is being written or waits for the centre at a time.
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(state__in=["draft", "submitted", "returned"]),
                name="plan_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class Milestone(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="milestones")
    # The same milestone across versions keeps its key, so progress noted on one version
    # follows it into the next.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("里程碑"), max_length=200)
    due_on = models.DateField(_("预计完成日期"))
    expected = models.TextField(_("预期成果"), max_length=2000, blank=True)

    class Meta:
        ordering = ["version", "position", "due_on", "pk"]
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="milestone_key_unique")
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneProgress(models.Model):
    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("按计划推进")
        BEHIND = "behind", _("进度滞后")
        DONE = "done", _("已完成")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="progress")
    milestone_key = models.UUIDField()
    status = models.CharField(_("进展"), max_length=16, choices=Status.choices)
    note = models.TextField(_("进展说明"), max_length=2000, blank=True)
    noted_on = models.DateField(_("记录日期"))
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "noted_on", "pk"]
        verbose_name = _("里程碑进展")
        verbose_name_plural = _("里程碑进展")
        indexes = [models.Index(fields=["plan", "milestone_key"], name="progress_milestone_idx")]

    def __str__(self) -> str:
        return f"{self.milestone_key}:{self.status}"
