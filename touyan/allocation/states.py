"""An allocation run's workflow in one table: queued, running, then done or failed. Only a
finished run is adjusted or published."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from touyan.core.transitions import Workflow, step

from .models import Run

S = Run.Status

RUN = Workflow(
    Run,
    steps={
        "start": step(S.QUEUED, to=S.RUNNING),
        "finish": step(S.RUNNING, to=S.DONE),
        "fail": step(S.QUEUED, S.RUNNING, to=S.FAILED),
        # Moving members by hand and publishing, within a finished run.
        "adjust": step(S.DONE, refused=_("这一方案尚未算完")),
    },
    related=("call__programme",),
    scope=lambda run: run.call.programme.jurisdiction_id,
)
