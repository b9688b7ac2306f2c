"""Policies and their versions. The text of a version never changes once written; a changed
policy is a new version, so verdicts keep the version they were given under."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from touyan.core.models import Stamped
from touyan.regions.models import Region


class Policy(models.Model):
    slug = models.SlugField(_("标识"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    jurisdiction = models.ForeignKey(
        Region, verbose_name=_("管辖区划"), on_delete=models.PROTECT, related_name="policies"
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("培养政策")
        verbose_name_plural = _("培养政策")

    def __str__(self) -> str:
        return self.name


class PolicyVersion(Stamped):
    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    text = models.TextField(_("政策文本"))
    digest = models.CharField(_("摘要"), max_length=64)

    class Meta:
        ordering = ["policy", "number"]
        verbose_name = _("政策版本")
        verbose_name_plural = _("政策版本")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "number"], name="policy_version_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="policy_version_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.name} v{self.number}"


class PolicyDraft(Stamped):
    """A text being written in the editor: a new version of ``policy`` (from ``based_on``), or
    a policy not published yet (no ``policy``). Publishing it writes a ``PolicyVersion`` and
    removes the draft; until then nothing reads it but the editor."""

    policy = models.ForeignKey(
        Policy,
        verbose_name=_("政策"),
        on_delete=models.CASCADE,
        related_name="drafts",
        null=True,
        blank=True,
    )
    based_on = models.ForeignKey(
        PolicyVersion,
        verbose_name=_("所据版本"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    text = models.TextField(_("政策文本"), blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("政策草稿")
        verbose_name_plural = _("政策草稿")

    def __str__(self) -> str:
        return f"{self.policy.name if self.policy else _('新政策')} #{self.pk}"

    @property
    def author(self):
        return self.created_by
