"""入校诊断 (HN-4.1.2, HN-4.1.2.1): one visit to each member's school in the cycle, planned in a
month, held as a studio activity (``records.Activity``, so attendance and the record keep
working), with the principals and experts invited and an itemised report whose
recommendations the member's school follows up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from touyan.core.models import Stamped

NAME_MAX = 100
UNIT_MAX = 200
TITLE_MAX = 100
TEXT_MAX = 5000


class Visit(Stamped):
    studio = models.ForeignKey(
        "programmes.Studio", on_delete=models.CASCADE, related_name="diagnosis_visits"
    )
    member = models.ForeignKey(
        "programmes.StudioMember",
        verbose_name=_("成员"),
        on_delete=models.CASCADE,
        related_name="diagnosis_visits",
    )
    # The member's school when the visit was planned: the school visited.
    school = models.ForeignKey(
        "people.School", verbose_name=_("诊断学校"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("计划月份"))  # the first day of the month
    # The host chose this month: re-planning keeps it when it can.
    month_chosen = models.BooleanField(_("主持人指定月份"), default=False)
    # The studio activity the visit was held as; a visit without one is still planned.
    activity = models.OneToOneField(
        "records.Activity",
        verbose_name=_("活动"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diagnosis_visit",
    )
    summary = models.TextField(_("总体意见"), max_length=TEXT_MAX, blank=True)
    reported_at = models.DateTimeField(_("报告登记时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["studio", "month", "pk"]
        verbose_name = _("入校诊断")
        verbose_name_plural = _("入校诊断")
        constraints = [
            models.UniqueConstraint(fields=["studio", "member"], name="diagnosis_visit_unique"),
        ]
        indexes = [models.Index(fields=["studio", "month"], name="diagnosis_studio_month_idx")]

    def __str__(self) -> str:
        return f"{self.school} · {self.month:%Y-%m}"

    @property
    def is_held(self) -> bool:
        return self.activity_id is not None

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None


class Invitee(models.Model):
    """A principal or an expert invited to the visit, from inside or outside the province."""

    class Role(models.TextChoices):
        PRINCIPAL = "principal", _("校长")
        EXPERT = "expert", _("专家")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(_("姓名"), max_length=NAME_MAX)
    unit = models.CharField(_("单位"), max_length=UNIT_MAX)
    role = models.CharField(_("身份"), max_length=16, choices=Role.choices)
    inside_province = models.BooleanField(_("省内"), default=True)

    class Meta:
        ordering = ["visit", "role", "pk"]
        verbose_name = _("受邀人员")
        verbose_name_plural = _("受邀人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class ReportItem(models.Model):
    """One item of the report: the policy's (``code``) or one the host added (no code), with
    the findings, the recommendations and the member school's follow-up (整改/落实情况)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("项目代码"), max_length=40, blank=True)
    title = models.CharField(_("诊断项目"), max_length=TITLE_MAX)
    position = models.PositiveSmallIntegerField(default=0)
    findings = models.TextField(_("存在问题"), max_length=TEXT_MAX)
    recommendations = models.TextField(_("改进建议"), max_length=TEXT_MAX)
    follow_up = models.TextField(_("整改落实情况"), max_length=TEXT_MAX, blank=True)
    follow_up_at = models.DateTimeField(_("整改登记时间"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["visit", "position", "pk"]
        verbose_name = _("诊断项目")
        verbose_name_plural = _("诊断项目")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "code"],
                condition=~models.Q(code=""),
                name="diagnosis_item_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title
