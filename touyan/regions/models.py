from django.db import models
from django.utils.translation import gettext_lazy as _

from . import codes


class Level(models.IntegerChoices):
    PROVINCE = codes.PROVINCE, _("省级")
    CITY = codes.CITY, _("地级")
    COUNTY = codes.COUNTY, _("县级")


class Region(models.Model):
    """An administrative division of China (GB/T 2260)."""

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    @property
    def scope_prefix(self) -> str:
        return codes.scope_prefix(self.code)

    @property
    def city_code(self) -> str:
        return codes.city_of(self.code)

    def contains(self, other: "Region | str") -> bool:
        other_code = other if isinstance(other, str) else other.code
        return codes.contains(self.code, other_code)
