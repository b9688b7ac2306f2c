"""When the demo's first annual assessment of the Hainan studios happened: in the summer that
closes the first year of the cycle, so that it lies in the past whatever day the demo is built
(the demo is always in the second year)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class AnnualRound:
    opens_on: dt.date  # hosts prepare their dossiers, members answer the survey
    closes_on: dt.date
    scoring_starts: dt.date
    scoring_ends: dt.date
    published_on: dt.date
    reviews_requested_on: dt.date
    reviews_decided_on: dt.date  # a refused review makes the revocation take effect


def first_annual_round(cycle_start: dt.date) -> AnnualRound:
    summer = cycle_start.year + 1
    return AnnualRound(
        opens_on=dt.date(summer, 6, 20),
        closes_on=dt.date(summer, 7, 10),
        scoring_starts=dt.date(summer, 7, 11),
        scoring_ends=dt.date(summer, 7, 22),
        published_on=dt.date(summer, 7, 27),
        reviews_requested_on=dt.date(summer, 8, 3),
        reviews_decided_on=dt.date(summer, 8, 18),
    )
