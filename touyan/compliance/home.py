"""“我的任务” on the home page: for each running programme a person takes part in (as host,
member or trainee), how many of their rules are at risk or missed today, and where to look."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.programmes.access import access_of
from touyan.programmes.models import Programme, Studio, Trainee
from touyan.programmes.selectors import is_member_of_studio

from .selectors import own_evaluation, own_subject_ids
from .verdicts import Pace, State


@dataclass
class TaskCard:
    """Shaped like the home page's cards: ``title``, ``text``, ``links``."""

    programme: Programme
    at_risk: int
    missed: int
    url: str
    behind: int = 0  # of the at-risk ones, those behind or that cannot be met
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("我的任务 · %(programme)s") % {"programme": self.programme.name}

    @property
    def text(self) -> str:
        if not (self.at_risk or self.missed):
            return _("各项要求均已达成或尚未到期。")
        if self.behind:
            return _(
                "有风险 %(at_risk)d 项（其中进度落后 %(behind)d 项），未达成 %(missed)d 项。"
            ) % {
                "at_risk": self.at_risk,
                "behind": self.behind,
                "missed": self.missed,
            }
        return _("有风险 %(at_risk)d 项，未达成 %(missed)d 项。") % {
            "at_risk": self.at_risk,
            "missed": self.missed,
        }


def programmes_taken_part_in(user):
    """The running programmes in which the user hosts, belongs to a studio or is a trainee."""
    principal = access_of(user).principal_id
    if principal is None:
        return Programme.objects.none()
    taking_part = Q(
        pk__in=Studio.objects.filter(Q(host_id=principal) | is_member_of_studio(principal)).values(
            "programme_id"
        )
    ) | Q(pk__in=Trainee.objects.filter(principal_id=principal).values("cohort__programme_id"))
    return (
        Programme.objects.filter(taking_part)
        .exclude(status=Programme.Status.CLOSED)
        .select_related("policy_version")
        .order_by("-starts_on", "slug")
    )


def cards_for(user) -> list[TaskCard]:
    programmes = programmes_taken_part_in(user)
    today = timezone.localdate()
    cards = []
    for programme in programmes:
        ids = own_subject_ids(user, programme)
        if not ids:
            continue
        evaluation = own_evaluation(programme, as_of=today, subject_ids=ids)
        counts = evaluation.counts()
        behind = sum(
            cell.state is State.AT_RISK and cell.pace in (Pace.BEHIND, Pace.CANNOT_BE_MET)
            for cell in evaluation.cells.values()
        )
        url = reverse("compliance:mine", args=[programme.slug])
        cards.append(
            TaskCard(
                programme=programme,
                at_risk=counts[State.AT_RISK],
                missed=counts[State.MISSED],
                behind=behind,
                url=url,
                links=[(url, _("查看我的任务"))],
            )
        )
    return cards
