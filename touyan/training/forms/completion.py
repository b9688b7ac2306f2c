"""The completion review's forms: a row per trainee on the cohort page, a milestone verdict,
the mentors' opinion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Completion, MilestoneVerdict


class DecisionRowForm(forms.Form):
    result = forms.ChoiceField(
        label=_("结论"),
        required=False,
        choices=[("", _("暂不决定"))] + list(Completion.Result.choices),
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("result") == Completion.Result.FAIL and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不合格须写明理由"))
        return data


def decision_forms(trainees, completions: dict, data=None) -> list[DecisionRowForm]:
    forms_ = []
    for trainee in trainees:
        done = completions.get(trainee.pk)
        forms_.append(
            DecisionRowForm(
                data,
                prefix=f"t-{trainee.pk}",
                initial={"result": done.result, "reason": done.reason} if done else {},
            )
        )
    return forms_


class VerdictForm(forms.Form):
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(label=_("达成情况"), choices=MilestoneVerdict.Level.choices)
    note = forms.CharField(
        label=_("评价"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpinionForm(forms.Form):
    text = forms.CharField(
        label=_("导师团队意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
