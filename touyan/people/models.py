import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from touyan.core import crypto, identity
from touyan.core.fields import EncryptedTextField
from touyan.core.imports.models import StoredUpload

from .enums import (
    FULL_PRINCIPAL_POSITIONS,
    MIDDLE_SCHOOL_KINDS,
    STAGES_OF_KIND,
    Gender,
    Position,
    SchoolKind,
    Title,
)


class School(models.Model):
    name = models.CharField(_("学校名称"), max_length=128)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在区县"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    kind = models.CharField(_("学段"), max_length=16, choices=SchoolKind.choices)
    is_public = models.BooleanField(_("公办"), default=True)
    is_rural = models.BooleanField(_("农村学校"), default=False)
    is_weak = models.BooleanField(_("薄弱学校"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("学校")
        verbose_name_plural = _("学校")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="school_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stages(self) -> frozenset[str]:
        return STAGES_OF_KIND[self.kind]

    @property
    def is_middle_school(self) -> bool:
        return self.kind in MIDDLE_SCHOOL_KINDS


class Principal(models.Model):
    """A school leader in the registry. ID and mobile numbers are encrypted at rest."""

    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_number = EncryptedTextField(_("身份证号"), digest_field="id_digest")
    id_digest = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        error_messages={"unique": _("名册中已有此身份证号的校长")},
    )
    mobile = EncryptedTextField(_("手机"), blank=True)
    school = models.ForeignKey(
        School, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="principals"
    )
    position = models.CharField(_("职务"), max_length=24, choices=Position.choices)
    title = models.CharField(_("职称"), max_length=16, choices=Title.choices, default=Title.NONE)
    appointed_on = models.DateField(_("任现职时间"), null=True, blank=True)
    in_service = models.BooleanField(_("在职"), default=True)
    established = models.BooleanField(_("在编"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("本人账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="principal",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["school__region_id", "school__name", "name"]
        verbose_name = _("校长")
        verbose_name_plural = _("校长")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def assign_id_number(self, value: str) -> None:
        """Set the (already normalised) ID number together with its lookup digest."""
        self.id_number = value
        self.id_digest = crypto.digest(value)

    @property
    def masked_id_number(self) -> str:
        return identity.mask_id_number(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return identity.mask_mobile(self.mobile)

    @property
    def is_full_principal(self) -> bool:
        return self.position in FULL_PRINCIPAL_POSITIONS

    def years_in_post(self, on: dt.date) -> tuple[int, int] | None:
        """Whole (years, months) in the current post on a date, or None if unknown."""
        if self.appointed_on is None:
            return None
        months = (on.year - self.appointed_on.year) * 12 + on.month - self.appointed_on.month
        if on.day < self.appointed_on.day:
            months -= 1
        months = max(months, 0)
        return months // 12, months % 12


class RosterImport(StoredUpload):
    """An uploaded roster between its dry run and its confirmation (the sheet holds ID numbers
    in clear)."""

    importer = "touyan.people.roster.imports.RosterImporter"
    upload_folder = "roster-imports/%Y/%m/"

    class Meta(StoredUpload.Meta):
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
