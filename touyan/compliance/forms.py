"""The compliance pages' forms: the dashboard's filters and taking a snapshot."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import tones, wording
from .grid import Candidate


class DashboardFilters(forms.Form):
    as_of = forms.CharField(
        label=_("截至日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.ChoiceField(label=_("地区"), required=False)
    cohort = forms.TypedChoiceField(label=_("期次"), required=False, coerce=int, empty_value=None)
    rule = forms.ChoiceField(label=_("要求"), required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        # The states, with an open period not yet met told apart by its pace; "有风险" takes
        # all three paces.
        choices=[("", _("全部状态"))] + [(tone, tones.LABELS[tone]) for tone in tones.TONES],
    )
    q = forms.CharField(label=_("名称"), required=False, max_length=50)

    def __init__(self, data, *, spec, regions, cohorts):
        super().__init__(data)
        self.fields["region"].choices = regions
        self.fields["rule"].choices = [("", _("全部要求"))] + [
            (rule.id, f"{wording.rule_title(spec, rule)}（{rule.clause}）") for rule in spec.rules
        ]
        if cohorts:
            self.fields["cohort"].choices = [("", _("全部期次"))] + cohorts
        else:
            del self.fields["cohort"]
        self.fields["q"].widget.attrs["placeholder"] = (
            _("工作室或主持人") if spec.policy.subject == "studio" else _("姓名或学校")
        )
        self.is_valid()  # a bad filter is shown beside its field and ignored

    def value(self, name):
        return self.cleaned_data.get(name) or None

    @property
    def chosen_state(self) -> str | None:
        """A tone (``tones.TONES``)."""
        return self.value("state")

    def narrow(self, rows: list[Candidate]) -> list[Candidate]:
        region, cohort, words = self.value("region"), self.value("cohort"), self.value("q")
        if region:
            rows = [row for row in rows if row.region_id.startswith(region)]
        if cohort:
            rows = [row for row in rows if row.cohort == cohort]
        if words:
            needle = words.strip().casefold()
            rows = [row for row in rows if needle in row.words]
        return rows


class SnapshotForm(forms.Form):
    as_of = forms.DateField(
        label=_("截至日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    label = forms.CharField(
        label=_("说明"),
        max_length=200,
        required=False,
        help_text=_("如：2026 年度考核、专项督查"),
    )
