"""Bearer tokens for the provincial platforms that call the API on a user's behalf.

Only the sha256 digest of a key is stored, with a short visible prefix to tell keys apart in
lists and to revoke one; the key itself is shown once, when it is created.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("所属用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    # The personal-data scope: without it every answer masks ID and mobile numbers; with it,
    # numbers come in full where the user may see them, and each such answer is audited.
    personal_data = models.BooleanField(_("可读取完整身份证号与手机号"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
