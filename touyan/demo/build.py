"""The whole demo: Hainan and Hangzhou registries plus the demo accounts, in one transaction."""

import random
from dataclasses import dataclass

from django.db import transaction

from touyan.core.actors import Actor

from .hainan import hainan_schools
from .hangzhou import hangzhou_schools
from .users import AccountsWritten, ensure_demo_users
from .writer import Written, write_schools

SEED = 20260460  # fixed: every run describes the same demo


@dataclass
class DemoSummary:
    hainan: Written
    hangzhou: Written
    accounts: AccountsWritten


def build_demo(*, seed: int = SEED) -> DemoSummary:
    # One generator per region, so that changing one region's data leaves the other's alone.
    hainan = hainan_schools(random.Random(f"{seed}-hainan"))
    hangzhou = hangzhou_schools(random.Random(f"{seed}-hangzhou"))
    heads = {spec.key: spec.head for spec in (*hainan, *hangzhou)}
    actor = Actor.command_line()
    with transaction.atomic():
        return DemoSummary(
            hainan=write_schools(hainan, actor=actor),
            hangzhou=write_schools(hangzhou, actor=actor),
            accounts=ensure_demo_users(actor=actor, heads=heads),
        )
