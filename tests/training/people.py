"""The cast of the research and studio page tests: the shared cast plus the course's trainees,
mentors and research institute (tests/training/course.py)."""

from tests.access import LOGIN

from .course import Course, course

NAMES = (
    "superuser",
    "hz_admin",
    "hz_centre",
    "xihu",
    "binjiang",
    "hn_admin",
    "expert",
    "nobody",
    "own",
    "trainee",
    "other_trainee",
    "lead",
    "other_mentor",
    "institute",
)


def with_course(cast, **options) -> Course:
    """Trainee 0 (西湖区, team 一组) is ``trainee``; trainee 1 (滨江区, team 一组) is
    ``other_trainee``; ``lead`` leads team 一组; ``other_mentor`` mentors trainee 2 (西湖区)."""
    c = course(**options)
    cast.trainee = c.account(c.trainees[0])
    cast.other_trainee = c.account(c.trainees[1])
    cast.lead, cast.other_mentor, cast.institute = c.lead, c.other_mentor, c.institute
    return c


def matrix(default: str, **outcomes) -> dict[str, str]:
    table = {name: outcomes.get(name, default) for name in NAMES}
    table["anonymous"] = LOGIN
    return table
