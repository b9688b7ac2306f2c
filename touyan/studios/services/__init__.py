"""Writing a studio's own work: its prospectus (``prospectus``), the host's documents
(``documents``), the tasks the host gives members (``tasks``) and the host's guidance with the
member's archive (``guidance``). The prospectus and guidance steps stay importable from here, as
they were before the services became a package."""

from .guidance import export_member_archive, write_guidance
from .prospectus import (
    cycle_years,
    missing_parts,
    review_prospectus,
    save_prospectus,
    submit_prospectus,
)

__all__ = [
    "cycle_years",
    "export_member_archive",
    "missing_parts",
    "review_prospectus",
    "save_prospectus",
    "submit_prospectus",
    "write_guidance",
]
