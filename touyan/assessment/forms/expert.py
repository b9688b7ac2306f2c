"""The expert's forms: the rubric (0–100 and a remark per criterion, an overall comment) and a
declared conflict."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.policies.names import shown

POINTS = "points_"
REMARK = "remark_"


class ScoreForm(forms.Form):
    """Every field is optional here: a draft may be partial, and the service says what a
    submission still lacks."""

    comment = forms.CharField(
        label=_("总体意见"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("总分低于合格线时必须填写。"),
    )

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(rubric.rubric)
        fields = {}
        for criterion in self.criteria:
            fields[POINTS + criterion.code] = forms.IntegerField(
                label=shown(criterion),
                required=False,
                min_value=0,
                max_value=100,
                error_messages={
                    "min_value": _("得分应在 0 到 100 之间"),
                    "max_value": _("得分应在 0 到 100 之间"),
                    "invalid": _("得分须为整数"),
                },
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "max": 100,
                        "step": 1,
                        "inputmode": "numeric",
                        "class": "score",
                        "data-weight": criterion.weight,
                    }
                ),
            )
            fields[REMARK + criterion.code] = forms.CharField(
                label=_("意见"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**fields, **self.fields}

    @classmethod
    def initial_from(cls, score) -> dict:
        initial = {"comment": score.comment}
        for code, value in (score.points or {}).items():
            initial[POINTS + code] = value
        for code, text in (score.remarks or {}).items():
            initial[REMARK + code] = text
        return initial

    def rows(self):
        return [
            (criterion, self[POINTS + criterion.code], self[REMARK + criterion.code])
            for criterion in self.criteria
        ]

    def points(self) -> dict:
        return {
            c.code: self.cleaned_data[POINTS + c.code]
            for c in self.criteria
            if self.cleaned_data.get(POINTS + c.code) is not None
        }

    def remarks(self) -> dict:
        return {c.code: self.cleaned_data.get(REMARK + c.code, "") for c in self.criteria}


class DeclareConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("回避理由"),
        max_length=200,
        help_text=_("例如：亲属关系、师生关系、同一集团学校、曾共同承担课题等。"),
    )
