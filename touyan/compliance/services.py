"""Keeping the verdicts of a day (see ``models.Snapshot``) and handing them out as .xlsx."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record, record_export
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.jobs.models import Job
from touyan.jobs.services import enqueue
from touyan.programmes.models import Programme

from .engine import evaluate
from .exporting import write_xlsx
from .models import Snapshot
from .serialise import evaluation_data
from .verdicts import Evaluation


def ask_snapshot(*, actor: Actor, programme: Programme, as_of: dt.date, label: str = "") -> Job:
    """Keep the verdicts of ``as_of`` by a job (``compliance.snapshot``): evaluating a whole
    programme takes longer than a page should wait."""
    require(actor, "compliance.keep_snapshots", programme)
    return enqueue(
        actor=actor,
        kind="compliance.snapshot",
        payload={"programme": programme.pk, "as_of": as_of.isoformat(), "label": label},
        scope_code=programme.jurisdiction_id,
    )


def snapshots_asked(programme: Programme):
    """The programme's snapshot jobs not yet finished."""
    return Job.objects.filter(
        kind="compliance.snapshot",
        payload__programme=programme.pk,
        state__in=[Job.State.QUEUED, Job.State.RUNNING],
    )


@transaction.atomic
def take_snapshot(
    *, actor: Actor, programme: Programme, as_of: dt.date, label: str = ""
) -> Snapshot:
    evaluation = evaluate(programme, as_of=as_of)
    data = evaluation_data(evaluation, programme=programme, detail=True)
    snapshot = Snapshot.objects.create(
        programme=programme,
        policy_version_id=evaluation.policy_version_id,
        as_of=as_of,
        label=label,
        totals=data["totals"],
        data=data,
        taken_by=actor.user,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=snapshot,
        scope_code=programme.jurisdiction_id,
        changes={
            "as_of": [None, as_of.isoformat()],
            "policy_version": [None, evaluation.policy_version_number],
        },
        note=_("合规结论存档"),
    )
    return snapshot


@transaction.atomic
def export_evaluation(
    *, actor: Actor, programme: Programme, evaluation: Evaluation, stream
) -> None:
    """Write the evaluation as .xlsx to ``stream`` and audit the export."""
    write_xlsx(evaluation, programme, stream)
    record_export(
        actor=actor,
        what=_("%(programme)s的合规情况（截至 %(date)s）")
        % {"programme": programme.name, "date": evaluation.as_of.isoformat()},
        count=len(evaluation.subjects),
        unit=_("个对象"),
        target=programme,
        scope_code=programme.jurisdiction_id,
    )
