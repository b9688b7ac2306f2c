"""The forms of the allocation pages: start a run, compare two, move one member, publish."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.programmes.models import Studio

NOBODY = "none"


class StartForm(forms.Form):
    note = forms.CharField(
        label=_("说明"),
        max_length=200,
        required=False,
        help_text=_("例如：调整权重后重算、补录申报后重算"),
    )


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("方案 A"), coerce=int)
    b = forms.TypedChoiceField(label=_("方案 B"), coerce=int)

    def __init__(self, *args, runs=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(run.pk, f"#{run.number}") for run in runs]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
        if len(choices) > 1 and not self.is_bound:
            self.initial = {"a": choices[1][0], "b": choices[0][0]}


class MoveForm(forms.Form):
    """One applicant to another studio of the run (or to none), with the reason."""

    applicant = forms.CharField(max_length=32, widget=forms.HiddenInput)
    studio = forms.ChoiceField(label=_("调整到"))
    reason = forms.CharField(
        label=_("调整理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("人工调整必须写明理由")},
    )

    def __init__(self, *args, studios: dict[int, Studio], **kwargs):
        super().__init__(*args, **kwargs)
        self.studios = studios
        self.fields["studio"].choices = [(NOBODY, _("不分配"))] + [
            (str(pk), studio.name) for pk, studio in studios.items()
        ]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("人工调整必须写明理由"))
        return reason

    def clean_studio(self) -> Studio | None:
        value = self.cleaned_data["studio"]
        return None if value == NOBODY else self.studios[int(value)]


class PublishForm(forms.Form):
    checked = forms.BooleanField(
        label=_("我已核对分配结果、人工调整及其理由，确认发布"),
        error_messages={"required": _("请先勾选“我已核对”")},
    )
