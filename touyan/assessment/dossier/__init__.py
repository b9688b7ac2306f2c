"""A case's evidence dossier (HN-5.3 查阅资料), assembled from the records of the round's period.

The dossier is plain JSON (``version`` says its shape): what the studio organised and who came,
each member's attendance, the written deliverables with their 字数, research projects and their
outcomes, outreach to rural or weak schools (and paired support), the compliance verdicts for
the period and a ``funds`` section the funds domain will fill. A member case holds that member's
attendance, deliverables and outcomes; a trainee case the hours per curriculum topic against the
policy's, attendance, deliverables, research, talks and paired support.

``assemble_many`` builds the dossiers of many cases of one round in a fixed number of queries,
whatever their number; ``assemble`` is the same for one case. Names are written in the
official language and numbers as integers or strings, so that the frozen JSON reads back the
same on every database and hashes the same (services/dossiers.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import translation

from ..models import Case, Round, Subjects
from .common import VERSION, empty_funds
from .members import MemberDossiers
from .studios import StudioDossiers
from .trainees import TraineeDossiers

__all__ = ["VERSION", "assemble", "assemble_many", "empty_funds"]

BUILDERS = {
    Subjects.STUDIOS: StudioDossiers,
    Subjects.MEMBERS: MemberDossiers,
    Subjects.TRAINEES: TraineeDossiers,
}


def assemble(case: Case) -> dict:
    """The dossier of one case, as of now."""
    return assemble_many(case.round, [case])[case.pk]


def assemble_many(round_: Round, cases: Sequence[Case]) -> dict[int, dict]:
    """Case pk → dossier, for cases of ``round_``, in a number of queries that does not grow
    with the number of cases."""
    if not cases:
        return {}
    with translation.override(settings.LANGUAGE_CODE):
        return BUILDERS[round_.subjects](round_).build(cases)
