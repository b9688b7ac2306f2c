"""Forms for the personal development plan: the version (goals per dimension, actions,
expected results, milestones), the centre's decision, progress on a milestone."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import MilestoneProgress
from ..services.plans import DIMENSIONS, MilestoneInput

MILESTONE_ROWS = 3  # blank rows offered after the milestones already written


class PlanForm(forms.Form):
    actions = forms.CharField(
        label=_("主要举措"), max_length=10000, required=False, widget=forms.Textarea
    )
    expected_results = forms.CharField(
        label=_("预期成果"), max_length=5000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One goal per dimension, before the rest.
        goals = {
            f"goal_{code}": forms.CharField(
                label=name,
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            for code, name in DIMENSIONS
        }
        self.fields = {**goals, **self.fields}

    @staticmethod
    def initial_for(version) -> dict:
        initial = {f"goal_{g['dimension']}": g["text"] for g in version.goals}
        initial.update(actions=version.actions, expected_results=version.expected_results)
        return initial

    def goals(self) -> list[dict]:
        return [
            {"dimension": code, "text": self.cleaned_data[f"goal_{code}"]}
            for code, _name in DIMENSIONS
            if self.cleaned_data.get(f"goal_{code}")
        ]


class MilestoneForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("里程碑"), max_length=200, required=False)
    due_on = forms.DateField(
        label=_("预计完成日期"),
        required=False,
        # ISO, whatever the locale: a date input shows nothing for "2026/11/28".
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    expected = forms.CharField(label=_("预期成果"), max_length=2000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("due_on"):
            self.add_error("due_on", _("请填写预计完成日期"))
        return data


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=MILESTONE_ROWS, max_num=40)


def milestones_from(formset) -> list[MilestoneInput]:
    return [
        MilestoneInput(
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
            expected=form.cleaned_data.get("expected") or "",
            key=form.cleaned_data.get("key"),
        )
        for form in formset
        if form.cleaned_data.get("title")
    ]


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("批复意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回修改时必填"),
    )


class ProgressForm(forms.Form):
    milestone = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("进展"), choices=MilestoneProgress.Status.choices)
    note = forms.CharField(label=_("进展说明"), max_length=2000, required=False)
