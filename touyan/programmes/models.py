"""Programmes and who takes part in them.

A programme runs under one policy version at a time (``policy_version``); its subjects are
studios (Hainan: a host and 10–12 members) or the trainees of its cohorts (Hangzhou). People
take part through the registry's ``Principal`` records, so a principal's own account sees the
programmes they host, belong to or train in without any extra grant.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core.models import Stamped


class Programme(Stamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        RUNNING = "running", _("进行中")
        CLOSED = "closed", _("已结束")

    slug = models.SlugField(_("标识"), max_length=64, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    jurisdiction = models.ForeignKey(
        "regions.Region", verbose_name=_("管辖区划"), on_delete=models.PROTECT, related_name="+"
    )
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("执行的政策版本"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    starts_on = models.DateField(
        _("周期开始日期"),
        help_text=_("工作室项目的工作周期从这一天算起；培训项目以各期开班日期为准。"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    # 对口支援（帮扶、合作）地区 (HZ-3.T): division codes whose schools count as partners.
    partner_regions = models.JSONField(_("对口支援地区"), default=list, blank=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-starts_on", "slug"]
        verbose_name = _("培养项目")
        verbose_name_plural = _("培养项目")

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """The theme of one year of the cycle (HN-4.0: one theme a year, progressing)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    year = models.PositiveSmallIntegerField(_("周期第几年"))
    title = models.CharField(_("年度主题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["programme", "year"]
        verbose_name = _("年度主题")
        verbose_name_plural = _("年度主题")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="theme_unique_year"),
            models.CheckConstraint(condition=Q(year__gte=1), name="theme_year_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Cohort(models.Model):
    """One intake of a training programme (HZ-4.2.4: three cohorts of 50)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    number = models.PositiveSmallIntegerField(_("期次"))
    name = models.CharField(_("名称"), max_length=200)
    starts_on = models.DateField(_("开班日期"))

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="cohort_unique_number")
        ]

    def __str__(self) -> str:
        return self.name


class Studio(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="studios")
    name = models.CharField(_("工作室名称"), max_length=200)
    host = models.ForeignKey(
        "people.Principal", verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+"
    )
    # The host's school, a practice base (HN-3.2); kept apart from the host's current school.
    base_school = models.ForeignKey(
        "people.School", verbose_name=_("实践基地学校"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区县"), on_delete=models.PROTECT, related_name="+"
    )
    # The base school's title (HN-3.2, "海南省中学卓越校长培养实践基地"), from the policy's naming.
    base_title = models.CharField(_("实践基地称号"), max_length=200, blank=True)
    # The studio of the last cycle this one continues (HN-3.3), with its members.
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("延续自"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # A training programme's trainee founds a 名校长工作室 of their own (HZ-3.3.3) with the same
    # studio model: the trainee is its host and ``founder`` ties it to their place in the cohort.
    founder = models.OneToOneField(
        "programmes.Trainee",
        verbose_name=_("创办的培养人选"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="studio",
    )

    # An introduced host (引进, HN-3.3): the host does not meet the host call's conditions
    # (from outside the province, not a serving head principal) and the centre took them with
    # a recorded exception — why, who approved it and when. The condition checks honour it.
    introduced = models.BooleanField(_("引进主持人"), default=False)
    introduced_reason = models.TextField(_("引进理由"), max_length=500, blank=True)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    introduced_by_name = models.CharField(_("批准人"), max_length=64, blank=True)
    introduced_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    # Revocation (撤销, HN-5.4.1) after a failing assessment: from this day the studio is
    # withdrawn, its base-school title is no longer shown and its members are released; its
    # history stays readable.
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoked_reason = models.TextField(_("撤销原因"), max_length=500, blank=True)

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("工作室")
        verbose_name_plural = _("工作室")
        constraints = [
            models.UniqueConstraint(fields=["programme", "host"], name="studio_unique_host"),
            models.CheckConstraint(
                condition=Q(introduced=False) | ~Q(introduced_reason=""),
                name="studio_introduced_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StudioMember(models.Model):
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="members")
    principal = models.ForeignKey(
        "people.Principal", verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    left_reason = models.TextField(_("退出原因"), max_length=500, blank=True)

    class Meta:
        ordering = ["studio", "joined_on", "pk"]
        verbose_name = _("工作室成员")
        verbose_name_plural = _("工作室成员")
        constraints = [
            models.UniqueConstraint(fields=["studio", "principal"], name="member_unique_in_studio"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return str(self.principal)

    def is_current(self, on: dt.date) -> bool:
        return self.joined_on <= on and (self.left_on is None or self.left_on >= on)


class Trainee(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("在培")
        REMOVED = "removed", _("已淘汰")
        COMPLETED = "completed", _("已结业")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="trainees")
    principal = models.ForeignKey(
        "people.Principal", verbose_name=_("培养人选"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    joined_on = models.DateField(_("入选日期"))

    class Meta:
        ordering = ["cohort", "pk"]
        verbose_name = _("培养人选")
        verbose_name_plural = _("培养人选")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "principal"], name="trainee_unique_in_cohort")
        ]

    def __str__(self) -> str:
        return str(self.principal)


class LimitOverride(models.Model):
    """A member or trainee added beyond the policy's maximum (a studio's 12, a cohort's 50):
    allowed only with the centre's reason, kept with who recorded it and when (HN-3.7)."""

    studio = models.ForeignKey(
        Studio, on_delete=models.CASCADE, null=True, blank=True, related_name="overrides"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="overrides"
    )
    principal = models.ForeignKey(
        "people.Principal", verbose_name=_("加入的人员"), on_delete=models.PROTECT, related_name="+"
    )
    size = models.PositiveIntegerField(_("加入后人数"))
    limit = models.PositiveIntegerField(_("政策上限"))
    reason = models.TextField(_("超出上限的理由"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorder_name = models.CharField(_("记录人"), max_length=64, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("超出人数上限的记录")
        verbose_name_plural = _("超出人数上限的记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(studio__isnull=False, cohort__isnull=True)
                | Q(studio__isnull=True, cohort__isnull=False),
                name="override_one_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.studio or self.cohort}: {self.size}/{self.limit}"


class LinkSchool(models.Model):
    """A school a principal of the programme keeps in touch with (联系学校, EX-7): designated
    by them, their centre or their studio's host; the ``link_schools`` rule asks for activities
    at each of them while it stands."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="link_schools")
    principal = models.ForeignKey(
        "people.Principal", verbose_name=_("校长"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "people.School", verbose_name=_("联系学校"), on_delete=models.PROTECT, related_name="+"
    )
    designated_on = models.DateField(_("确定日期"))
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "principal", "designated_on", "pk"]
        verbose_name = _("联系学校")
        verbose_name_plural = _("联系学校")
        constraints = [
            # One standing designation per school; an ended one stays as history beside a
            # later designation of the same school.
            models.UniqueConstraint(
                fields=["programme", "principal", "school"],
                condition=Q(ended_on__isnull=True),
                name="link_school_standing_unique",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("designated_on")),
                name="link_school_ends_after_designation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.school)

    def stands_on(self, day: dt.date) -> bool:
        return self.designated_on <= day and (self.ended_on is None or self.ended_on >= day)
