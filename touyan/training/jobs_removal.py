"""The daily job of removal (HZ-3.4.1, HZ-3.4.3): open the cases the compliance verdicts and
failed process assessments call for, and enrol replacements whose notice has ended."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from touyan.core.actors import Actor
from touyan.jobs.kinds import job


def run(*, today=None) -> dict:
    from touyan.assessment.models import Case, Round, Subjects
    from touyan.programmes.models import Programme

    from .models import RemovalCase
    from .services.removal import open_due_cases, open_for_failed_assessment
    from .services.replacement import enrol_due

    actor = Actor.system()
    today = today or timezone.localdate()
    opened = 0
    for programme in Programme.objects.filter(cohorts__isnull=False).distinct().order_by("pk"):
        with transaction.atomic():
            opened += len(open_due_cases(actor=actor, programme=programme, as_of=today))
    # A failed process assessment whose case could not open at publication (another case was
    # open then) opens once that one is decided.
    failed = (
        Case.objects.filter(
            round__stage=Round.Stage.PUBLISHED,
            round__subjects=Subjects.TRAINEES,
            trainee__isnull=False,
        )
        .exclude(
            pk__in=RemovalCase.objects.filter(assessment_case__isnull=False).values(
                "assessment_case_id"
            )
        )
        .select_related("round")
        .order_by("pk")
    )
    for case in failed:
        with transaction.atomic():
            opened += open_for_failed_assessment(actor=actor, case=case) is not None
    return {"opened": opened, "enrolled": enrol_due(actor=actor, today=today)}


# Not atomic: one transaction per programme and per case, so a second delivery finds nothing.
@job("training.removal_cases", atomic=False)
def removal_cases(job) -> dict:
    return run()
