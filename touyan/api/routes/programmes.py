"""Programmes the user takes part in or runs, with their calendar."""

from collections import Counter

from ninja import Router

from touyan.programmes.policy import calendar_of
from touyan.programmes.selectors import (
    programmes_visible_to,
    studios_visible_to,
    trainees_visible_to,
)

from .. import present
from ..context import programme_of
from ..schemas.common import PROGRAMME_SLUG, READ_ERRORS
from ..schemas.programmes import ProgrammeDetail, ProgrammeOut
from ..selectors import cohorts_visible_to

router = Router(tags=["培养项目"])


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **READ_ERRORS},
    summary="我可以查看的培养项目",
)
def list_programmes(request):
    return [present.programme(programme) for programme in programmes_visible_to(request.auth)]


@router.get(
    "/programmes/{slug}",
    response={200: ProgrammeDetail, **READ_ERRORS},
    summary="一个培养项目：周期、学期、年度主题、培训班，以及我可见的工作室数和人选数",
)
def get_programme(request, slug: str = PROGRAMME_SLUG):
    programme = programme_of(request, slug)
    calendar = calendar_of(programme)
    themes = list(programme.themes.all())
    titles = {theme.year: theme.title for theme in themes}
    per_cohort = Counter(
        trainees_visible_to(request.auth, programme).values_list("cohort_id", flat=True)
    )
    return {
        **present.programme(programme),
        "calendar": {
            "start": calendar.start,
            "end": calendar.end,
            "cycle_months": calendar.calendar.cycle_months,
            "years": [
                {
                    "number": year.index + 1,
                    "start": year.start,
                    "end": year.end,
                    "theme": titles.get(year.index + 1, ""),
                }
                for year in calendar.periods("year")
            ],
            "semesters": [
                {"name": span.name, "start": span.start, "end": span.end}
                for span in calendar.periods("semester")
            ],
        },
        "themes": [
            {"year": theme.year, "title": theme.title, "description": theme.description}
            for theme in themes
        ],
        "cohorts": [
            {
                "id": cohort.pk,
                "number": cohort.number,
                "name": cohort.name,
                "starts_on": cohort.starts_on,
                "ends_on": calendar_of(programme, cohort=cohort).end,
                "trainee_count": per_cohort[cohort.pk],
            }
            for cohort in cohorts_visible_to(request.auth, programme)
        ],
        "studio_count": studios_visible_to(request.auth, programme).count(),
        "trainee_count": sum(per_cohort.values()),
    }
