"""The stored upload every import keeps between its dry run and its confirmation."""

import datetime as dt
import posixpath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def upload_to(instance, filename: str) -> str:
    """The folder the concrete model names (``upload_folder``, with strftime patterns)."""
    return posixpath.join(dt.datetime.now().strftime(instance.upload_folder), filename)


class StoredUpload(models.Model):
    """Subclasses name ``importer`` (a dotted path to a class with ``plan`` and ``apply``, see
    ``registry.Importer``) and ``upload_folder`` (where the files go, e.g. "roster-imports/%Y/%m/")."""

    importer: str
    upload_folder: str

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        COMMITTED = "committed", _("已导入")
        DISCARDED = "discarded", _("已放弃")

    # Emptied once the import is confirmed or discarded: the sheets name people.
    file = models.FileField(_("文件"), upload_to=upload_to, blank=True)
    original_name = models.CharField(_("文件名"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PREVIEWED
    )
    # The dry run as shown to the uploader: counts, and the first rows of each kind.
    report = models.JSONField(_("预检结果"), default=dict, blank=True)
    result = models.JSONField(_("导入结果"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name
