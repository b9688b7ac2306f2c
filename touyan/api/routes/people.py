"""Studios and trainees of a programme, as far as the user may see them."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Router

from touyan.programmes.models import StudioMember
from touyan.programmes.selectors import studios_visible_to, trainees_visible_to

from .. import present
from ..context import disclosure_of, programme_of, record_disclosure
from ..schemas.common import PROGRAMME_SLUG, READ_ERRORS
from ..schemas.people import StudioOut, TraineeOut

router = Router(tags=["工作室与培养人选"])


@router.get(
    "/programmes/{slug}/studios",
    response={200: list[StudioOut], **READ_ERRORS},
    summary="项目中我可见的工作室，含主持人与成员（仅姓名、学校、区县）",
)
def list_studios(request, slug: str = PROGRAMME_SLUG):
    programme = programme_of(request, slug)
    studios = studios_visible_to(request.auth, programme).select_related(
        "host__school__region", "base_school__region"
    )
    members = StudioMember.objects.select_related("principal__school__region")
    disclosure = disclosure_of(request)
    answer = [
        {
            "id": studio.pk,
            "name": studio.name,
            "region": present.region(studio.region),
            "host": present.person(studio.host, disclosure),
            "base_school": present.school(studio.base_school),
            "members": [
                {
                    **present.person(member.principal, disclosure),
                    "joined_on": member.joined_on,
                    "left_on": member.left_on,
                }
                for member in studio.members.all()
            ],
        }
        for studio in studios.prefetch_related(Prefetch("members", queryset=members))
    ]
    record_disclosure(request, disclosure, _("接口：%(slug)s 的工作室") % {"slug": slug})
    return answer


@router.get(
    "/programmes/{slug}/trainees",
    response={200: list[TraineeOut], **READ_ERRORS},
    summary="项目中我可见的培养人选（仅姓名、学校、区县）",
)
def list_trainees(request, slug: str = PROGRAMME_SLUG):
    programme = programme_of(request, slug)
    trainees = trainees_visible_to(request.auth, programme).select_related(
        "principal__school__region", "cohort"
    )
    disclosure = disclosure_of(request)
    answer = [
        {
            "id": trainee.pk,
            **present.person(trainee.principal, disclosure),
            "cohort": {
                "id": trainee.cohort.pk,
                "number": trainee.cohort.number,
                "name": trainee.cohort.name,
            },
            "status": trainee.status,
            "joined_on": trainee.joined_on,
        }
        for trainee in trainees
    ]
    record_disclosure(request, disclosure, _("接口：%(slug)s 的培养人选") % {"slug": slug})
    return answer
