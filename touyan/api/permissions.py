"""Who may write what through the API: the same rules permissions the pages ask."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from touyan.programmes.models import Cohort, Programme, Studio
from touyan.programmes.selectors import studios_visible_to
from touyan.records.models import Activity

from .context import NotFound
from .selectors import cohorts_visible_to


def may_record_for(user, studios: Sequence[Studio], cohort: Cohort | None) -> bool:
    return all(user.has_perm("records.record_for_studio", studio) for studio in studios) and (
        cohort is None or user.has_perm("records.record_for_cohort", cohort)
    )


def organisers_of(activity: Activity) -> tuple[list[Studio], Cohort | None]:
    studios, cohort = [], None
    for organiser in activity.organisers.select_related("studio__programme", "cohort__programme"):
        if organiser.studio_id:
            studios.append(organiser.studio)
        else:
            cohort = organiser.cohort
    return studios, cohort


def require_recorder(user, activity: Activity) -> tuple[list[Studio], Cohort | None]:
    studios, cohort = organisers_of(activity)
    if not may_record_for(user, studios, cohort):
        raise NotFound(_("您无权修改这个活动的记录"))
    return studios, cohort


def chosen_organisers(
    user, programme: Programme, studio_ids: Sequence[int], cohort_id: int | None
) -> tuple[list[Studio], Cohort | None]:
    """The studios and cohort named in a request, each visible and recordable by the user."""
    wanted = list(dict.fromkeys(studio_ids))
    found = {
        studio.pk: studio
        for studio in studios_visible_to(user, programme)
        .filter(pk__in=wanted)
        .select_related("programme")
    }
    for studio_id in wanted:
        if studio_id not in found:
            raise NotFound(_("本项目中没有找到工作室 %(id)s，或您无权查看") % {"id": studio_id})
    studios = [found[studio_id] for studio_id in wanted]
    cohort = None
    if cohort_id is not None:
        cohort = (
            cohorts_visible_to(user, programme)
            .filter(pk=cohort_id)
            .select_related("programme")
            .first()
        )
        if cohort is None:
            raise NotFound(_("本项目中没有找到培训班 %(id)s，或您无权查看") % {"id": cohort_id})
    for studio in studios:
        if not user.has_perm("records.record_for_studio", studio):
            raise NotFound(_("您无权为“%(name)s”记录活动") % {"name": studio.name})
    if cohort is not None and not user.has_perm("records.record_for_cohort", cohort):
        raise NotFound(_("您无权为“%(name)s”记录活动") % {"name": cohort.name})
    return studios, cohort
