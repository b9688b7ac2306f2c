from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    # Where the account belongs when it holds no grant yet: the authority admins of this
    # division manage it (accounts/areas.py).
    home_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所属辖区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The person's choice: their 待办 items by e-mail each morning (core's inbox digest job).
    inbox_digest = models.BooleanField(_("每日待办邮件"), default=False)
    # The language of the person's e-mails: the one they read the page in when they chose the
    # digest (the page's own choice lives in a cookie, which a job cannot read). Blank: Chinese.
    language = models.CharField(_("邮件语言"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleGrant(models.Model):
    """A role held by a user within a scope: a place in the division tree, or one object
    (a programme, a studio, a cohort) of a later domain. A user may hold several grants."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("辖区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scope_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope_object = GenericForeignKey("scope_type", "scope_id")
    sees_personal_data = models.BooleanField(
        _("可查看完整身份证号与手机号"),
        default=False,
        help_text=_("仅限确需核对身份信息的岗位；其他人只看到掩码。"),
    )
    granted_at = models.DateTimeField(_("授权时间"), default=timezone.now)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(region__isnull=False, scope_type__isnull=True, scope_id__isnull=True)
                    | models.Q(
                        region__isnull=True, scope_type__isnull=False, scope_id__isnull=False
                    )
                ),
                name="rolegrant_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(region__isnull=False),
                name="rolegrant_unique_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope_type", "scope_id"],
                condition=models.Q(scope_type__isnull=False),
                name="rolegrant_unique_object",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        """The region, the programme, or "工作室：X（programme）" for an object of a programme."""
        if self.region_id:
            return str(self.region)
        scoped = self.scope_object
        if scoped is None:
            return "—"
        programme = getattr(scoped, "programme", None)
        if programme is None:
            return str(scoped)
        return gettext("%(kind)s：%(name)s（%(programme)s）") % {
            "kind": scoped._meta.verbose_name,
            "name": scoped,
            "programme": programme,
        }
