"""The dashboard's rows before any verdict: the studios or trainees the user may see (from the
programme selectors, in the engine's order), narrowed by the filters that need no evaluation —
region, name and cohort. One query, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from touyan.programmes.models import Trainee
from touyan.programmes.selectors import studios_visible_to, trainees_visible_to
from touyan.regions.codes import city_of, scope_prefix
from touyan.regions.models import Region

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
