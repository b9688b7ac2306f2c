from django.utils.translation import gettext_lazy as _

from touyan.core.imports.forms import WorkbookUploadForm


class RecordUploadForm(WorkbookUploadForm):
    file_label = _("活动与成果表（.xlsx）")
