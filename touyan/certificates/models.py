"""结业证书 (HZ-4.2.4): one certificate per trainee who passed, with its unique number, the
unguessable token of its public verification page, the PDF (private storage, handed out only
through permission-checked views) and the signed digital credential; and the seal image a
programme's authority uploads for its certificates (never served publicly)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """192 random bits, URL-safe: the path of the public verification page."""
    return secrets.token_urlsafe(24)


class Seal(models.Model):
    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="certificate_seal"
    )
    image = models.FileField(_("印章图片"), upload_to="certificate-seals/")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("证书印章")
        verbose_name_plural = _("证书印章")

    def __str__(self) -> str:
        return str(self.programme)


class Certificate(models.Model):
    # A certificate keeps its trainee and completion (RESTRICT), unless its cohort goes with the
    # whole programme, taking its certificates along (CASCADE).
    trainee = models.OneToOneField(
        "programmes.Trainee", on_delete=models.RESTRICT, related_name="certificate"
    )
    completion = models.OneToOneField(
        "training.Completion", on_delete=models.RESTRICT, related_name="certificate"
    )
    cohort = models.ForeignKey(
        "programmes.Cohort", on_delete=models.CASCADE, related_name="certificates"
    )
    # Within the cohort, in order of issue (the number's last part goes on across programmes
    # sharing its head: certificates/services.py::certificate_number).
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    issued_on = models.DateField(_("发证日期"))
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What the certificate states, as issued: the page and the PDF show these.
    name = models.CharField(_("姓名"), max_length=64)
    programme_name = models.CharField(_("项目"), max_length=200)
    cohort_name = models.CharField(_("期次"), max_length=200)
    completed_on = models.DateField(_("结业日期"))
    hours = models.DecimalField(_("学时"), max_digits=7, decimal_places=1, null=True)
    pdf = models.FileField(_("证书 PDF"), upload_to="certificates/%Y/", blank=True)
    # The Open Badges 3.0 credential as a compact JWS (VC-JOSE-COSE), and the key that signed it.
    credential = models.TextField(_("数字证书"), blank=True)
    key_id = models.CharField(_("签名密钥"), max_length=64, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.TextField(_("撤销原因"), max_length=1000, blank=True)

    class Meta:
        ordering = ["cohort", "sequence"]
        verbose_name = _("结业证书")
        verbose_name_plural = _("结业证书")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "sequence"], name="certificate_unique_sequence"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
