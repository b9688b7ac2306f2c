"""The official holiday arrangement (节假日安排) of each year the platform knows: the days off
(public holidays, including the weekends inside them) and the make-up working days (调休).

A year is known only once it has a row here: shipped years come from ``data/``, later years
are entered by an authority admin when the State Council publishes them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HolidayYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据"), max_length=200)
    shipped = models.BooleanField(_("随系统发布"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return _("%(year)d 年节假日安排") % {"year": self.year}


class SpecialDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=32, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日或调休日")
        verbose_name_plural = _("节假日或调休日")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
