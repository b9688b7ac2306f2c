"""The expert's forms: the rubric with a comment and a recommendation, and a declared conflict."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.policies.names import shown

SCORE_PREFIX = "score_"


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("评审意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    recommend = forms.TypedChoiceField(
        label=_("建议入选"),
        choices=[("1", _("建议入选")), ("0", _("不建议入选"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = list(rubric)
        scores = {}
        for criterion in self.rubric:
            scores[SCORE_PREFIX + criterion.code] = forms.IntegerField(
                label=shown(criterion),
                min_value=0,
                max_value=criterion.points,
                help_text=shown(criterion, "guidance"),
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "max": criterion.points,
                        "step": 1,
                        "inputmode": "numeric",
                        "data-points": criterion.points,
                        "class": "score",
                    }
                ),
            )
        self.fields = {**scores, **self.fields}

    def score_fields(self):
        return [(self[SCORE_PREFIX + c.code], c) for c in self.rubric]

    def scores(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[SCORE_PREFIX + c.code] for c in self.rubric}


class DeclareConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("回避理由"),
        max_length=200,
        help_text=_("例如：亲属关系、师生关系、同一集团学校、曾共同承担课题等。"),
    )
