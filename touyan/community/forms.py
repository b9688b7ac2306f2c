from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.core.uploads import DOCUMENTS, RECORDINGS, check_upload

from .models import BODY_MAX, REASON_MAX, TITLE_MAX, StudySession

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("内容"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("回复"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("研修主题"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("研修材料"), choices=StudySession.Kind.choices)
    text = forms.CharField(
        label=_("材料正文或导读"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    link = forms.URLField(
        label=_("材料链接"), required=False, max_length=500, assume_scheme="https"
    )
    file = forms.FileField(
        label=_("材料文件"),
        required=False,
        help_text=_("PDF、Word（.docx）或录像（.mp4）"),
    )
    opens_at = forms.DateTimeField(label=_("讨论开始"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("讨论截止"), widget=DATETIME)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload, (*DOCUMENTS, *RECORDINGS), kind="study")
        return upload
