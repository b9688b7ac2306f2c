"""Which removal cases a user may see: the programme's managers all of theirs, district
officers those of their district's trainees, a trainee their own."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from touyan.programmes.access import access_of
from touyan.regions.codes import scope_prefix

from ..models import RemovalCase


def removal_cases_visible_to(user) -> QuerySet[RemovalCase]:
    access = access_of(user)
    cases = RemovalCase.objects.select_related(
        "trainee__principal__school__region", "trainee__cohort__programme", "assessment_case"
    )
    if access.everything:
        return cases
    condition = Q(pk__in=[])
    for prefix in access.managed_prefixes:
        condition |= Q(trainee__cohort__programme__jurisdiction__code__startswith=prefix)
    if access.managed_programmes:
        condition |= Q(trainee__cohort__programme_id__in=access.managed_programmes)
    condition |= in_districts(access.district_codes)
    if access.principal_id is not None:
        condition |= Q(trainee__principal_id=access.principal_id)
    return cases.filter(condition)


def in_districts(codes) -> Q:
    """Cases of trainees whose school lies in one of the districts ``codes``."""
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(trainee__principal__school__region__code__startswith=scope_prefix(code))
    return condition
