"""Forms of removal cases and replacements."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import RemovalCase

TEXT = forms.Textarea(attrs={"rows": 4})


class OpenCaseForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("淘汰情形"),
        choices=[
            (RemovalCase.Ground.TASKS_OR_ASSESSMENT, RemovalCase.Ground.TASKS_OR_ASSESSMENT.label),
            (RemovalCase.Ground.OTHER, RemovalCase.Ground.OTHER.label),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("事实与理由"), max_length=2000, widget=TEXT)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("申辩意见"), max_length=5000, widget=TEXT)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("决定"), choices=RemovalCase.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("决定理由"), max_length=2000, widget=TEXT)


class ReplacementForm(forms.Form):
    removal = forms.ModelChoiceField(label=_("空出名额的淘汰决定"), queryset=None)
    application = forms.ModelChoiceField(
        label=_("递补人选"), queryset=None, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("递补理由"), max_length=2000, widget=TEXT)

    def __init__(self, *args, removals, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["removal"].queryset = removals
        self.fields["removal"].label_from_instance = lambda case: str(case.trainee.principal)
        self.fields["application"].queryset = candidates
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.principal.name} · {a.principal.school.name} · {a.score if a.score is not None else '—'}"
        )
        if len(removals) == 1:
            self.initial.setdefault("removal", removals[0].pk)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=2000, widget=TEXT)
