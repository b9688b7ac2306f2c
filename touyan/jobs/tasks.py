"""The platform's own periodic jobs."""

from __future__ import annotations

import datetime as dt

from touyan.core.imports.pipeline import purge
from touyan.core.orphans import purge_orphan_files

from .kinds import job


@job("uploads.purge", atomic=False)
def purge_uploads(job, hours: int = 24) -> dict:
    """Unconfirmed uploads older than ``hours`` discarded, then files no row names deleted:
    both only ever remove what is already gone or abandoned, so running twice is harmless."""
    counts = purge(older_than=dt.timedelta(hours=hours))
    orphans = purge_orphan_files()
    return {"discarded": dict(counts), "orphans": len(orphans)}
