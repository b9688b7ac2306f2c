"""Writing a studio's own work: its prospectus (``prospectus``), the host's documents
(``documents``) and the tasks the host gives members (``tasks``). The prospectus steps stay
importable from here, as they were before the services became a package."""

from .prospectus import (
    cycle_years,
    missing_parts,
    review_prospectus,
    save_prospectus,
    submit_prospectus,
)

__all__ = [
    "cycle_years",
    "missing_parts",
    "review_prospectus",
    "save_prospectus",
    "submit_prospectus",
]
