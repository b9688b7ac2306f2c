"""Rounds for tests, opened through the service on the small programmes of tests/programmes."""

import datetime as dt

from touyan.assessment.services.rounds import open_round

from ..programmes import SYSTEM, Hainan, Hangzhou


def annual(hn: Hainan, *, year: int = 1):
    """The annual assessment of the programme's ``year``-th year, open for submissions over the
    month after it."""
    start = hn.programme.starts_on.replace(year=hn.programme.starts_on.year + year)
    return open_round(
        actor=SYSTEM,
        programme=hn.programme,
        code="annual",
        period=f"year-{year}",
        opens_on=start - dt.timedelta(days=14),
        closes_on=start + dt.timedelta(days=30),
    )


def member_regular(hn: Hainan, *, semester: int = 1):
    return open_round(
        actor=SYSTEM,
        programme=hn.programme,
        code="member_regular",
        period=f"semester-{semester}",
        opens_on=hn.programme.starts_on,
        closes_on=hn.programme.starts_on + dt.timedelta(days=180),
    )


def trainee_round(hz: Hangzhou, code: str = "process", period: str = "semester-1"):
    return open_round(
        actor=SYSTEM,
        programme=hz.programme,
        cohort=hz.cohort,
        code=code,
        period=period,
        opens_on=hz.cohort.starts_on,
        closes_on=hz.cohort.starts_on + dt.timedelta(days=400),
    )
