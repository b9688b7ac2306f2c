"""A job kind for the scale-out test (named to the workers by TOUYAN_JOB_MODULES): each run
leaves one file, named after its job, in TOUYAN_SCALE_MARKS."""

import os
import uuid
from pathlib import Path

from touyan.jobs.kinds import job


@job("scale.mark")
def mark(record, *, label: str) -> None:
    Path(os.environ["TOUYAN_SCALE_MARKS"], f"{record.pk}.{uuid.uuid4().hex}").write_text(label)
