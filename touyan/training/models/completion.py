"""Completion (结业, HZ-3.4.3): the centre's pass or fail for one trainee at the end of the
period, with its reasons and the evidence it was made on; and the plan's final evaluation,
milestone by milestone (HZ-3.3.3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Completion(models.Model):
    class Result(models.TextChoices):
        PASS = "pass", _("合格，准予结业")
        FAIL = "fail", _("不合格，不予结业")

    trainee = models.OneToOneField(
        "programmes.Trainee", on_delete=models.CASCADE, related_name="completion"
    )
    # The comprehensive assessment's case for this trainee (a round of the assessment
    # mechanism), when the round has one.
    case = models.OneToOneField(
        "assessment.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The evidence as it stood when the centre decided: hours per topic, attendance,
    # deliverables, research, talks, the studio, the plan's evaluation, the mentors' opinion.
    evidence = models.JSONField(_("结业审核材料"), default=dict)
    mentor_opinion = models.TextField(_("导师团队意见"), max_length=5000, blank=True)
    result = models.CharField(_("结论"), max_length=8, choices=Result.choices)
    reason = models.TextField(_("理由"), max_length=2000)
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["trainee"]
        verbose_name = _("结业审核")
        verbose_name_plural = _("结业审核")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="completion_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.trainee}: {self.result}"


class MilestoneVerdict(models.Model):
    """The final evaluation of one milestone of the approved plan."""

    class Level(models.TextChoices):
        MET = "met", _("达成")
        PARTLY = "partly", _("部分达成")
        NOT_MET = "not_met", _("未达成")

    plan = models.ForeignKey(
        "training.DevelopmentPlan", on_delete=models.CASCADE, related_name="verdicts"
    )
    milestone = models.ForeignKey(
        "training.Milestone", on_delete=models.CASCADE, related_name="verdicts"
    )
    level = models.CharField(_("达成情况"), max_length=8, choices=Level.choices)
    note = models.TextField(_("评价"), max_length=2000, blank=True)
    judged_at = models.DateTimeField(default=timezone.now)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "milestone__position"]
        verbose_name = _("规划里程碑评价")
        verbose_name_plural = _("规划里程碑评价")
        constraints = [models.UniqueConstraint(fields=["plan", "milestone"], name="verdict_unique")]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.level}"


class MentorOpinion(models.Model):
    """The mentor team's opinion of a trainee for the completion review (HZ-3.4.3), written by
    the team's lead mentor; the centre's decision freezes a copy in ``Completion``."""

    trainee = models.OneToOneField(
        "programmes.Trainee", on_delete=models.CASCADE, related_name="mentor_opinion"
    )
    text = models.TextField(_("导师团队意见"), max_length=5000)
    written_at = models.DateTimeField(_("填写时间"), default=timezone.now)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("填写人"), max_length=64)

    class Meta:
        verbose_name = _("导师团队意见")
        verbose_name_plural = _("导师团队意见")

    def __str__(self) -> str:
        return self.text[:40]
