"""Allocation runs in the platform: each run of a member call keeps the problem it solved (the
file ``touyan allocate`` reads), the weights and policy version, the result and the centre's
manual moves on top of it, so that any run can be repeated and its answer shown to be the same.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Run(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("计算中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    call = models.ForeignKey(
        "selection.Call", on_delete=models.CASCADE, related_name="allocation_runs"
    )
    number = models.PositiveIntegerField(_("序号"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    phase = models.CharField(_("当前步骤"), max_length=64, blank=True)
    error = models.TextField(_("错误"), blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion", on_delete=models.PROTECT, related_name="+"
    )
    weights = models.JSONField(_("权重"), default=dict)
    # The input document of ``touyan allocate``: ids are "A<application pk>" for applicants,
    # "M<studio member pk>" for continuing members who did not apply, studio pks for studios.
    problem = models.JSONField(_("问题"), default=dict)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    objective = models.BigIntegerField(_("目标值"), null=True, blank=True)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["call", "-number"]
        verbose_name = _("分配方案")
        verbose_name_plural = _("分配方案")
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="run_unique_number"),
            models.UniqueConstraint(
                fields=["call"],
                condition=models.Q(published_at__isnull=False),
                name="run_published_once_per_call",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Move(models.Model):
    """A member moved by hand after the run, with the reason and the objective's change."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="moves")
    applicant = models.CharField(_("申请人"), max_length=32)  # an id of the run's problem
    from_studio = models.ForeignKey(
        "programmes.Studio", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    to_studio = models.ForeignKey(
        "programmes.Studio", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("调整理由"))
    objective_before = models.BigIntegerField(_("调整前目标值"))
    objective_after = models.BigIntegerField(_("调整后目标值"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    mover_name = models.CharField(_("调整人"), max_length=64)
    moved_at = models.DateTimeField(_("调整时间"), default=timezone.now)

    class Meta:
        ordering = ["run", "moved_at", "pk"]
        verbose_name = _("人工调整")
        verbose_name_plural = _("人工调整")

    def __str__(self) -> str:
        return f"{self.applicant}: {self.from_studio_id} → {self.to_studio_id}"
