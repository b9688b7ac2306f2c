"""The trainee a training record is about: a plan, a deliverable or a research project."""

from __future__ import annotations

from touyan.programmes.models import Trainee
from touyan.records.models import Deliverable, ResearchProject

from .models import DevelopmentPlan


def trainee_of(target) -> Trainee | None:
    match target:
        case Trainee():
            return target
        case DevelopmentPlan():
            return target.trainee
        case Deliverable():
            principal_id, programme_id = target.principal_id, target.programme_id
        case ResearchProject():
            principal_id, programme_id = target.leader_id, target.programme_id
        case _:
            return None
    if principal_id is None:
        return None
    return (
        Trainee.objects.filter(principal_id=principal_id, cohort__programme_id=programme_id)
        .select_related("cohort__programme", "principal__user")
        .order_by("-cohort__number")
        .first()
    )
