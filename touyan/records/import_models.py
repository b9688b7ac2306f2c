"""The stored upload of a record workbook (activities, attendance, deliverables) between its
dry run and its confirmation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from touyan.core.imports.models import StoredUpload


class RecordImport(StoredUpload):
    importer = "touyan.records.importing.importer.RecordImporter"
    upload_folder = "record-imports/%Y/%m/"

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="record_imports"
    )

    class Meta(StoredUpload.Meta):
        verbose_name = _("活动与成果导入")
        verbose_name_plural = _("活动与成果导入")


# The permission that guards these uploads, registered with the model.
from .importing import rules as _import_rules  # noqa: E402,F401
