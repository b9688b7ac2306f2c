"""The dashboard's rows before any verdict: the studios or trainees the user may see (from the
programme selectors, in the engine's order), narrowed by the filters that need no evaluation —
region, name and cohort. One query, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from touyan.programmes.models import Trainee
from touyan.programmes.selectors import studios_visible_to, trainees_visible_to
from touyan.regions.codes import city_of, scope_prefix
from touyan.regions.models import Region

from .. import wording
from ..verdicts import STATE_LABELS, State

PAGE_SIZE = 50


@dataclass(frozen=True)
class Candidate:
    id: int
    region_id: str
    cohort: int | None
    words: str  # what the name search looks in, case-folded


def candidates(user, programme, spec) -> list[Candidate]:
    if spec.policy.subject == "studio":
        studios = studios_visible_to(user, programme).order_by("region_id", "name", "pk")
        return [
            Candidate(pk, region, None, f"{name} {host}".casefold())
            for pk, region, name, host in studios.values_list(
                "pk", "region_id", "name", "host__name"
            )
        ]
    trainees = (
        trainees_visible_to(user, programme)
        .exclude(status=Trainee.Status.REMOVED)
        .order_by("cohort__number", "principal__school__region_id", "pk")
    )
    return [
        Candidate(pk, region, cohort, f"{name} {school}".casefold())
        for pk, region, cohort, name, school in trainees.values_list(
            "pk",
            "principal__school__region_id",
            "cohort__number",
            "principal__name",
            "principal__school__name",
        )
    ]


def region_names(codes) -> dict[str, str]:
    codes = set(codes)
    wanted = codes | {city_of(code) for code in codes}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def region_choices(codes, names: dict[str, str]) -> list[tuple[str, str]]:
    """Each county of the rows; their cities too when the rows span more than one."""
    codes = sorted(set(codes))
    cities = sorted({city_of(code) for code in codes})
    choices: list[tuple[str, str]] = [("", str(_("全部地区")))]
    for city in cities:
        counties = [code for code in codes if city_of(code) == city and code != city]
        if len(cities) > 1 or not counties:
            choices.append((scope_prefix(city), names.get(city, city)))
        indent = "\u3000" if len(cities) > 1 else ""
        choices += [(code, indent + names.get(code, code)) for code in counties]
    return choices


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
        choices=[("", _("全部状态"))] + [(state.value, STATE_LABELS[state]) for state in State],
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
    def chosen_state(self) -> State | None:
        value = self.value("state")
        return State(value) if value else None

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
