"""Verdicts once given. The engine computes verdicts on demand from the record; a snapshot
keeps the verdicts of one day as they were given — with the policy version they were given
under — for an assessment round, an inspection or a removal review, whatever changes later."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="compliance_snapshots"
    )
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("依据的政策版本"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    as_of = models.DateField(_("截至日期"))
    label = models.CharField(_("说明"), max_length=200, blank=True)
    totals = models.JSONField(_("各结论数量"), default=dict)
    # The whole evaluation as ``serialise.evaluation_data`` writes it.
    data = models.JSONField(_("结论"), default=dict)
    taken_at = models.DateTimeField(_("存档时间"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("合规结论存档")
        verbose_name_plural = _("合规结论存档")

    def __str__(self) -> str:
        return f"{self.programme} {self.as_of.isoformat()}"
