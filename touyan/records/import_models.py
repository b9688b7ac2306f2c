"""The stored upload of a record workbook (activities, attendance, deliverables) between its
dry run and its confirmation."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecordImport(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        COMMITTED = "committed", _("已导入")
        DISCARDED = "discarded", _("已放弃")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="record_imports"
    )
    # Emptied once the import is confirmed or discarded: the sheets name people.
    file = models.FileField(_("文件"), upload_to="record-imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("文件名"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PREVIEWED
    )
    # The dry run as shown to the uploader: counts per sheet, and the first rows of each kind.
    report = models.JSONField(_("预检结果"), default=dict, blank=True)
    result = models.JSONField(_("导入结果"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("活动与成果导入")
        verbose_name_plural = _("活动与成果导入")

    def __str__(self) -> str:
        return self.original_name


# The permission that guards these uploads, registered with the model.
from .importing import rules as _import_rules  # noqa: E402,F401
