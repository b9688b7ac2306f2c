from django import forms
from django.utils.translation import gettext_lazy as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RecordUploadForm(forms.Form):
    file = forms.FileField(
        label=_("活动与成果表（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )


class RecordConfirmForm(forms.Form):
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
