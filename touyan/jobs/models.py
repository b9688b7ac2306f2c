"""The product's record of a job: what was asked, by whom, how far it got, and who holds it.

The queue library delivers a job at least once; this row is what makes running it idempotent
(``runner.run`` takes it under a row lock: a job ``done`` is not applied again, a ``running``
job is taken again only once its lease has expired)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core import retention


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=60)
    payload = models.JSONField(default=dict)
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    progress_current = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    result = models.JSONField(null=True, blank=True)
    # What went wrong, in words; never a row of data (no personal data).
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The region the job concerns, so that an authority admin sees their area's jobs.
    scope_code = models.CharField(max_length=12, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def kept_file(self) -> dict | None:
        """The file the finished job made (``files.keep_file``), while it is kept."""
        result = self.result if isinstance(self.result, dict) else None
        if self.state != self.State.DONE or not result or not result.get("file"):
            return None
        if self.finished_at and self.finished_at < retention.cutoff("job_files"):
            return None
        return result

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_current * 100 // self.progress_total)

    def progress(self, current: int, total: int, message: str = "") -> None:
        """Report how far the job got; written at once, outside any transaction of the body's."""
        self.progress_current, self.progress_total = current, total
        self.progress_message = str(message)[:200]
        Job.objects.filter(pk=self.pk).update(
            progress_current=current, progress_total=total, progress_message=self.progress_message
        )


class WorkerBeat(models.Model):
    """The last time a worker of each machine ran the periodic heartbeat."""

    name = models.CharField(max_length=100, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"
