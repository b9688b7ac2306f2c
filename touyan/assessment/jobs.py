"""Jobs of assessment rounds: the dossiers of a round's cases assembled by the task queue."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.jobs.kinds import job

from .dossier import assemble_many
from .models import Case, Round
from .states import CASE

CHUNK = 200


# Not atomic: each chunk commits on its own, so progress shows while it runs and memory holds
# one chunk. A delivery again assembles again from the same records: the same dossiers.
@job("assessment.assemble_dossiers", atomic=False)
def assemble_dossiers(job, round: int, cases: list[int] | None = None) -> dict:  # noqa: A002
    """(Re)assemble the dossiers of the round's cases not yet submitted (or of ``cases``)."""
    round_ = Round.objects.select_related("programme__policy_version").get(pk=round)
    waiting = Case.objects.filter(round=round_, status=Case.Status.PREPARING, dossier_hash="")
    if cases is not None:
        waiting = waiting.filter(pk__in=cases)
    pks = list(waiting.order_by("pk").values_list("pk", flat=True))
    assembled = 0
    for start in range(0, len(pks), CHUNK):
        assembled += assemble_chunk(round_, pks[start : start + CHUNK])
        job.progress(start + len(pks[start : start + CHUNK]), len(pks), _("考核材料汇总"))
    return {"round": round_.pk, "cases": len(pks), "assembled": assembled}


def assemble_chunk(round_: Round, pks: list[int]) -> int:
    """Assemble and store the dossiers of these cases, those still being prepared, under their
    row locks: a submission meanwhile waits, then freezes its own assembly."""
    with transaction.atomic():
        locked = [
            case
            for case in CASE.lock_all(
                Case.objects.filter(pk__in=pks).only(
                    "pk", "round", "studio", "member", "trainee", "status", "dossier_hash"
                )
            )
            if CASE.allows(case, "edit") and not case.dossier_hash
        ]
        dossiers = assemble_many(round_, locked)
        now = timezone.now()
        for case in locked:
            case.dossier, case.assembled_at = dossiers[case.pk], now
        Case.objects.bulk_update(locked, ["dossier", "assembled_at"], batch_size=CHUNK)
    return len(locked)
