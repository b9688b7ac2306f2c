"""The daily job that applies the consequences of published grades once they fall due."""

from __future__ import annotations

from touyan.core.actors import Actor
from touyan.jobs.kinds import job

from .consequences import apply_due


# Not atomic: one transaction per case, so a second delivery applies only what is left.
@job("assessment.apply_consequences", atomic=False)
def apply_consequences(job) -> dict:
    return {"applied": apply_due(actor=Actor.system())}
