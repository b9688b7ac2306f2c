"""Removal (淘汰, HZ-3.4.1) as a reviewed decision, and the place it frees filled from the
call's ranking (递补)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RemovalCase(models.Model):
    class Ground(models.TextChoices):
        # The four grounds of the seed, in its order.
        UNEXCUSED_ABSENCE = "unexcused_absence", _("未经同意不参加培训")
        ABSENCE_RATIO = "absence_ratio", _("累计缺勤超过规定比例")
        TASKS_OR_ASSESSMENT = "tasks_or_assessment", _("未完成培训任务或考核不合格")
        OTHER = "other", _("其他情形")

    class State(models.TextChoices):
        OPEN = "open", _("待申辩")
        ANSWERED = "answered", _("已申辩")
        DECIDED = "decided", _("已决定")

    class Decision(models.TextChoices):
        REMOVE = "remove", _("淘汰")
        KEEP = "keep", _("保留并警告")

    trainee = models.ForeignKey(
        "programmes.Trainee", on_delete=models.CASCADE, related_name="removal_cases"
    )
    ground = models.CharField(_("淘汰情形"), max_length=24, choices=Ground.choices)
    # What opened it: a compliance rule's id, or a failing assessment case; empty when the
    # centre opened it with its own reason.
    rule_id = models.CharField(_("触发规则"), max_length=64, blank=True)
    assessment_case = models.ForeignKey(
        "assessment.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("事实与理由"), max_length=2000)
    # What the case was opened on, to tell new evidence from old after a 'keep' decision:
    # {rule id: {"evidence": ["attendance:12", …], "count": 4.0, "required": 0}}.
    basis = models.JSONField(_("立案依据"), default=dict, blank=True)
    opened_at = models.DateTimeField(_("立案时间"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_by = models.DateField(_("申辩截止日期"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("申辩意见"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(_("申辩时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(_("决定"), max_length=8, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("决定理由"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "pk"]
        verbose_name = _("淘汰审议")
        verbose_name_plural = _("淘汰审议")
        constraints = [
            models.UniqueConstraint(
                fields=["trainee"], condition=~Q(state="decided"), name="removal_one_open_case"
            ),
            models.CheckConstraint(
                condition=Q(state="decided", decision__in=["remove", "keep"])
                | (~Q(state="decided") & Q(decision="")),
                name="removal_decided_with_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee}: {self.get_ground_display()}"


class Replacement(models.Model):
    """A place freed by a removal given to the next candidate of the call's ranking, with the
    centre's recorded decision and, where the policy asks, a public notice of its own."""

    cohort = models.ForeignKey(
        "programmes.Cohort", on_delete=models.CASCADE, related_name="replacements"
    )
    removal = models.OneToOneField(
        RemovalCase,
        verbose_name=_("空出名额的淘汰决定"),
        on_delete=models.PROTECT,
        related_name="replacement",
    )
    application = models.OneToOneField(
        "selection.Application",
        verbose_name=_("递补人选"),
        on_delete=models.PROTECT,
        related_name="replacement",
    )
    notice = models.ForeignKey(
        "selection.Notice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trainee = models.OneToOneField(
        "programmes.Trainee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("递补理由"), max_length=2000)
    # With a public notice (公示), the last day of its objection period; enrolled after it.
    notice_ends_on = models.DateField(_("公示截止"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["cohort", "decided_at"]
        verbose_name = _("递补")
        verbose_name_plural = _("递补")

    def __str__(self) -> str:
        return f"{self.cohort}: {self.application_id}"
