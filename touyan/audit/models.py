from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core.actors import Source


class Verb(models.TextChoices):
    CREATE = "create", _("新建")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")
    REVEAL = "reveal", _("查看完整个人信息")
    GRANT = "grant", _("授权")
    REVOKE = "revoke", _("撤销授权")
    DISCARD = "discard", _("放弃导入")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    PASSWORD_RESET = "password_reset", _("发送密码重置邮件")


class AuditEntry(models.Model):
    """One thing someone did to one object. Written by services, never edited."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    verb = models.CharField(_("操作"), max_length=16, choices=Verb.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("对象"), max_length=255, blank=True)
    # The division the object belongs to, so that an authority sees the trail of its own area.
    scope_code = models.CharField(_("所属区划"), max_length=6, blank=True, db_index=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_verb_display()} {self.target_label}"
