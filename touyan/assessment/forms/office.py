"""The centre's forms: opening a round, the panel, conflicts, assignments and moderation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.policies.names import shown


class KindForm(forms.Form):
    """Step one of opening a round: its kind (and, for trainees, the cohort)."""

    code = forms.ChoiceField(label=_("考核类别"))
    cohort = forms.ModelChoiceField(label=_("培训班"), queryset=None, required=False)

    def __init__(self, *args, rounds, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(spec.code, shown(spec)) for spec in rounds]
        if cohorts.exists():
            self.fields["cohort"].queryset = cohorts
        else:
            del self.fields["cohort"]


class OpenRoundForm(forms.Form):
    """Step two: the calendar period and the window for submissions."""

    period = forms.ChoiceField(label=_("考核期"))
    opens_on = forms.DateField(label=_("提交开始"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("提交截止"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (p.key, f"{p.label}（{p.start:%Y-%m-%d}—{p.end:%Y-%m-%d}）") for p in periods
        ]


def _expert_label(user) -> str:
    return f"{user.full_name or user.username}（{user.username}）"


class PanelAddForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("专家"), queryset=None)
    school = forms.ModelChoiceField(
        label=_("所在学校"),
        queryset=None,
        required=False,
        help_text=_("与主持人、基地学校或成员同校的专家不会被分配；留空则按名册中专家本人的学校。"),
    )
    capacity = forms.IntegerField(
        label=_("评审上限（个）"), required=False, min_value=1, max_value=10000
    )

    def __init__(self, *args, experts, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = _expert_label
        self.fields["school"].queryset = schools


class ConflictForm(forms.Form):
    """The centre records a conflict an expert told them of."""

    expert = forms.ModelChoiceField(label=_("专家"), queryset=None)
    studio = forms.ModelChoiceField(label=_("工作室"), queryset=None)
    reason = forms.CharField(label=_("回避理由"), max_length=200)

    def __init__(self, *args, experts, studios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = _expert_label
        self.fields["studio"].queryset = studios


class AssignForm(forms.Form):
    case = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    expert = forms.ModelChoiceField(label=_("专家"), queryset=None)

    def __init__(self, *args, cases, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["expert"].queryset = experts


class UnassignForm(forms.Form):
    score = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].queryset = scores


class ModerateForm(forms.Form):
    grade = forms.ChoiceField(label=_("建议等次"))
    note = forms.CharField(
        label=_("合议意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(g.code, shown(g)) for g in rubric.grades]


class ReconsiderForm(forms.Form):
    score = forms.ModelChoiceField(label=_("请哪位专家重新评分"), queryset=None)
    note = forms.CharField(
        label=_("合议意见"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("专家会收到这段意见；其评分重新开放，提交后重新计算得分。"),
    )

    def __init__(self, *args, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].queryset = scores
        self.fields["score"].label_from_instance = lambda score: str(score.expert)
