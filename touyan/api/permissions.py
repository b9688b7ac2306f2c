"""Who may write what through the API: the rules permissions and selectors the pages use.

- Recording an activity: ``records.add_activity`` on the programme. The centre names any
  studios or a cohort; a host names only studios they host. An activity of several studios
  (工作室联合活动) is recorded by the centre.
- Changing or deleting an activity: ``records.change_activity`` (a host, only when they host
  every studio that organised it). Taking its attendance: ``records.take_attendance``; a host
  records the attendance of their own studios' people only.
- Handing in a deliverable: ``records.submit_deliverable`` on the programme, for an owner the
  deliverable form would offer (``deliverable_owner_for``): anyone for the centre, the studio
  for its host, oneself for members and trainees.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touyan.programmes.models import Cohort, Programme, Studio
from touyan.records.models import Activity
from touyan.records.selectors import Owner, deliverable_owner_for

from .context import NotFound


def chosen_organisers(
    user, programme: Programme, studio_ids: Sequence[int], cohort_id: int | None
) -> tuple[list[Studio], Cohort | None]:
    if not user.has_perm("records.add_activity", programme):
        raise NotFound(_("您无权为这个项目记录活动"))
    wanted = list(dict.fromkeys(studio_ids))
    found = programme.studios.select_related("programme").in_bulk(wanted)
    for studio_id in wanted:
        if studio_id not in found:
            raise NotFound(_("本项目中没有工作室 %(id)s") % {"id": studio_id})
    studios = [found[studio_id] for studio_id in wanted]
    if not all(user.has_perm("records.record_for_studio", s) for s in studios):
        raise NotFound(_("您只能为自己主持的工作室记录活动；几个工作室的联合活动由培训中心登记"))
    cohort = None
    if cohort_id is not None:
        cohort = programme.cohorts.select_related("programme").filter(pk=cohort_id).first()
        if cohort is None or not user.has_perm("records.record_for_cohort", cohort):
            raise NotFound(_("本项目中没有培训班 %(id)s，或您无权为其记录活动") % {"id": cohort_id})
    return studios, cohort


def require_change(user, activity: Activity) -> None:
    if not user.has_perm("records.change_activity", activity):
        raise NotFound(_("您无权修改这个活动的记录"))


def require_roll_call(user, activity: Activity) -> None:
    if not user.has_perm("records.take_attendance", activity):
        raise NotFound(_("您无权记录这个活动的考勤"))


def deliverable_owner(
    user, programme: Programme, studio_id: int | None, principal_id: int | None
) -> Owner:
    if studio_id is None and principal_id is None:
        raise ValidationError(
            {"principal_id": _("须指明成果属于哪个工作室（studio_id）或哪位人员（principal_id）")}
        )
    if not user.has_perm("records.submit_deliverable", programme):
        raise NotFound(_("您无权在这个项目中提交成果"))
    owner = deliverable_owner_for(user, programme, studio_id, principal_id)
    if owner is None:
        raise NotFound(_("您不能为所指的工作室或人员提交成果"))
    return owner
