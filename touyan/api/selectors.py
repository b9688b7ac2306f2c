"""The one selector the API needs beyond those of the programmes and records apps.

A cohort is visible when the user sees the whole programme, or one of the cohort's trainees
(``touyan.records.selectors.activities_visible_to`` reads cohorts the same way).
"""

from __future__ import annotations

from django.db.models import QuerySet

from touyan.programmes.access import access_of
from touyan.programmes.models import Cohort, Programme
from touyan.programmes.selectors import trainees_visible_to


def cohorts_visible_to(user, programme: Programme) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.filter(programme=programme)
    access = access_of(user)
    if access.manages(programme) or programme.pk in access.viewed_programmes:
        return cohorts
    return cohorts.filter(pk__in=trainees_visible_to(user, programme).values("cohort_id"))
