from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import XLSX


class WorkbookUploadForm(forms.Form):
    """An import's upload form; subclasses name the file they ask for in ``file_label``."""

    file_label = ""
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX.content_type}"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = self.file_label


class ConfirmForm(forms.Form):
    MODE_CHOICES = [
        ("all_or_nothing", _("全部或不导入：有任何一行不通过，就什么都不写入")),
        ("skip_invalid", _("跳过未通过的行，导入其余各行")),
    ]
    mode = forms.ChoiceField(
        label=_("如何处理未通过的行"),
        choices=MODE_CHOICES,
        widget=forms.RadioSelect,
        initial="all_or_nothing",
    )
