"""Who may write what through the API is the services' to decide, as for the pages
(``touyan.core.steps.require`` in every write service). A route only looks up what the request
names, among what the caller may see, and turns a refusal into the API's 404 with the
service's reason:

- Recording an activity: ``records.add_activity`` on the programme, ``records.record_for`` on
  each organiser (``records.selectors.studios_recorded_by``: the centre any studios or a cohort,
  a host only studios they host; 工作室联合活动 is recorded by the centre).
- Changing or deleting an activity: ``records.change_activity``; taking its attendance:
  ``records.take_attendance``, a host for their own studios' people only.
- Handing in a deliverable: ``records.submit_deliverable`` on the programme and
  ``records.hand_in`` for the owner named (anyone for the centre, the studio for its host,
  oneself for members and trainees).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from touyan.programmes.models import Cohort, Programme, Studio
from touyan.records.selectors import Owner, owner_in

from .context import NotFound


@contextmanager
def refusals() -> Iterator[None]:
    """A service's refusal is the API's 404, with the reason the service gave."""
    try:
        yield
    except PermissionDenied as refusal:
        raise NotFound(str(refusal) or _("您无权进行这一操作")) from None


def organisers_named(
    programme: Programme, studio_ids: Sequence[int], cohort_id: int | None
) -> tuple[list[Studio], Cohort | None]:
    wanted = list(dict.fromkeys(studio_ids))
    found = programme.studios.select_related("programme").in_bulk(wanted)
    for studio_id in wanted:
        if studio_id not in found:
            raise NotFound(_("本项目中没有工作室 %(id)s") % {"id": studio_id})
    cohort = None
    if cohort_id is not None:
        cohort = programme.cohorts.select_related("programme").filter(pk=cohort_id).first()
        if cohort is None:
            raise NotFound(_("本项目中没有培训班 %(id)s，或您无权为其记录活动") % {"id": cohort_id})
    return [found[studio_id] for studio_id in wanted], cohort


def owner_named(programme: Programme, studio_id: int | None, principal_id: int | None) -> Owner:
    if studio_id is None and principal_id is None:
        raise ValidationError(
            {"principal_id": _("须指明成果属于哪个工作室（studio_id）或哪位人员（principal_id）")}
        )
    owner = owner_in(programme, studio_id, principal_id)
    if owner is None:
        raise NotFound(_("您不能为所指的工作室或人员提交成果"))
    return owner
