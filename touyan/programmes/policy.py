"""The parsed policy a programme runs under. Versions never change, so a parsed version is kept
for the life of the process, keyed by its id and digest."""

from functools import lru_cache

from touyan.policies import schema
from touyan.policies.loading import load_policy

from .calendar import ProgrammeCalendar


@lru_cache(maxsize=64)
def _parsed(version_id: int, digest: str, text: str) -> schema.Policy:
    return load_policy(text)


def spec_of(programme) -> schema.Policy:
    return parsed(programme.policy_version)


def parsed(version) -> schema.Policy:
    """A policy version, parsed once per process."""
    return _parsed(version.pk, version.digest, version.text)


def calendar_of(programme, *, cohort=None) -> ProgrammeCalendar:
    """The cycle of a studio programme, or of one cohort of a training programme."""
    start = cohort.starts_on if cohort is not None else programme.starts_on
    return ProgrammeCalendar(spec_of(programme).calendar, start)
