"""The problem of a member call, read from the database in the shape ``touyan allocate`` reads.

- Studios: the programme's studios; stages from the base school's kind, region its county,
  ``min``/``max`` from the policy's ``[members]`` (HN-3.7).
- Applicants ("A<application pk>"): the call's applications approved by the centre, with their
  ranked studios as submitted; stages and region from their school.
- Continuing members ("M<member pk>"): everyone already in a studio of the programme (the
  members carried over with their studio, HN-3.3) is locked to it and counts toward its size;
  one who also applied is the application, locked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from touyan.people.enums import STAGES_OF_KIND
from touyan.programmes.models import Studio, StudioMember
from touyan.programmes.policy import spec_of
from touyan.selection.models import Application, Call

STAGE_ORDER = ("primary", "junior", "senior")


def applicant_id(application_pk: int) -> str:
    return f"A{application_pk}"


def member_id(member_pk: int) -> str:
    return f"M{member_pk}"


def application_pk(identifier: str) -> int | None:
    return int(identifier[1:]) if identifier.startswith("A") else None


def _stages(kind: str) -> list[str]:
    stages = STAGES_OF_KIND.get(kind, frozenset())
    return [stage for stage in STAGE_ORDER if stage in stages]


def weights_of(call: Call) -> dict[str, int]:
    rules = spec_of(call.programme).allocation
    return rules.weights.given() if rules else {}


def problem_of(call: Call) -> dict:
    spec = spec_of(call.programme)
    bounds = spec.members
    minimum = (bounds.min or 0) if bounds else 0
    maximum = bounds.max if bounds and bounds.max else 10**6
    studios = list(
        # A revoked studio takes no members (HN-5.4.1).
        Studio.objects.filter(programme=call.programme, revoked_on__isnull=True)
        .select_related("base_school")
        .order_by("pk")
    )
    problems = [
        _("工作室“%(name)s”的基地学校不属于任何学段") % {"name": s.name}
        for s in studios
        if not _stages(s.base_school.kind)
    ]
    studio_stages = {s.pk: _stages(s.base_school.kind) for s in studios}
    locked = {
        member.principal_id: member
        for member in StudioMember.objects.filter(
            studio__programme=call.programme, left_on__isnull=True
        )
        .select_related("principal__school")
        .order_by("pk")
    }
    applications = list(
        Application.objects.filter(call=call, status=Application.Status.ENDORSED)
        .select_related("principal__school")
        .only(
            "studio_choices",
            "call_id",
            "principal__school__kind",
            "principal__school__region",
        )
        .order_by("pk")
    )
    applicants = []
    for application in applications:
        school = application.principal.school
        entry = {
            "id": applicant_id(application.pk),
            "stages": _stages(school.kind),
            "region": school.region_id,
            "choices": [pk for pk in application.studio_choices if pk in studio_stages],
        }
        member = locked.pop(application.principal_id, None)
        if member is not None:
            # A continuing member stays whatever their school's stage: the lock is not a match.
            entry["locked"] = member.studio_id
            entry["stages"] = studio_stages[member.studio_id]
        if not entry["stages"]:
            problems.append(
                _("申报 %(number)s 的学校不属于任何学段") % {"number": application.number}
            )
        applicants.append(entry)
    for member in locked.values():
        applicants.append(
            {
                "id": member_id(member.pk),
                "stages": studio_stages[member.studio_id],
                "region": member.principal.school.region_id,
                "choices": [],
                "locked": member.studio_id,
            }
        )
    if problems:
        raise ValidationError(problems)
    return {
        "studios": [
            {
                "id": s.pk,
                "name": s.name,
                "stages": studio_stages[s.pk],
                "region": s.region_id,
                "min": minimum,
                "max": maximum,
            }
            for s in studios
        ],
        "applicants": applicants,
        "weights": weights_of(call),
    }
