"""Leave (请假, HZ-3.4.1.1): asked for before a session starts, granted or refused by the
centre; an absence without granted leave is 未经同意. Session codes let trainees sign in on
their phones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LeaveRequest(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("待审批")
        GRANTED = "granted", _("已准假")
        REFUSED = "refused", _("不准假")
        WITHDRAWN = "withdrawn", _("已撤回")

    trainee = models.ForeignKey(
        "programmes.Trainee", on_delete=models.CASCADE, related_name="leave_requests"
    )
    activity = models.ForeignKey(
        "records.Activity", on_delete=models.CASCADE, related_name="leave_requests"
    )
    reason = models.TextField(_("请假事由"), max_length=1000)
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.REQUESTED
    )
    asked_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)

    class Meta:
        ordering = ["-asked_at", "pk"]
        verbose_name = _("请假申请")
        verbose_name_plural = _("请假申请")
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "activity"],
                condition=~Q(state="withdrawn"),
                name="leave_one_live_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} @ {self.activity_id}: {self.state}"


class SessionCode(models.Model):
    """A short code the clerk shows at a session; a trainee who enters it while it is open
    is marked present."""

    activity = models.OneToOneField(
        "records.Activity", on_delete=models.CASCADE, related_name="session_code"
    )
    code = models.CharField(_("签到码"), max_length=8)
    opens_at = models.DateTimeField(_("开放时间"))
    closes_at = models.DateTimeField(_("关闭时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("签到码")
        verbose_name_plural = _("签到码")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="session_code_closes_later"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.code}"
