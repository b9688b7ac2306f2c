"""The host's forms on a case: the self-report, a document, the confirmation of submitting."""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import CheckedFilesField

from ..models import Case, CaseDocument
from ..services.dossiers import DOCUMENT_TYPES, UPLOAD_KIND


class SelfReportForm(forms.Form):
    text = forms.CharField(
        label=_("自评报告"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=Case._meta.get_field("self_report").max_length,
        required=False,
        help_text=_("对照考核内容，总结考核期内工作室建设、研究成果和办学业绩，写明不足与改进。"),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("材料名称"),
        max_length=CaseDocument._meta.get_field("title").max_length,
        required=False,
        help_text=_("不填则使用文件名"),
    )
    file = CheckedFilesField(
        label=_("文件"),
        kind=UPLOAD_KIND,
        allowed=DOCUMENT_TYPES,
        help_text=format_lazy(
            _("PDF、Word（.docx）或照片（JPG、PNG），不超过 {} MB"),
            settings.UPLOAD_LIMITS[UPLOAD_KIND]["file"] // 2**20,
        ),
        widget=forms.FileInput(
            attrs={"accept": ",".join(f".{t.extension}" for t in DOCUMENT_TYPES)}
        ),
    )

    def clean_file(self):
        files = self.cleaned_data["file"]
        if len(files) != 1:
            raise forms.ValidationError(_("请一次上传一个文件"))
        return files[0]


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("我已核对考核材料、自评报告和附加材料，确认提交；提交后不能再修改"),
        error_messages={"required": _("请勾选确认后再提交")},
    )
