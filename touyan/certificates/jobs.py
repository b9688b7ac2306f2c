"""The job that issues a cohort's certificates, with its progress."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touyan.core.actors import Actor
from touyan.jobs.kinds import job
from touyan.programmes.models import Cohort

from .services import ISSUE_JOB, issue_cohort


# Not atomic: each certificate commits on its own, so progress shows and a failure keeps what
# was issued. Delivered again, it issues only the passes still without a certificate.
@job(ISSUE_JOB, atomic=False)
def issue_certificates(job, cohort: int) -> dict:
    cohort_ = Cohort.objects.select_related("programme").get(pk=cohort)
    actor = Actor(user=job.requested_by)

    def progress(done: int, total: int) -> None:
        job.progress(done, total, _("发放结业证书"))

    issued = issue_cohort(actor=actor, cohort=cohort_, progress=progress)
    return {"cohort": cohort_.pk, "issued": len(issued)}
