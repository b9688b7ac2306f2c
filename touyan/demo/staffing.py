"""Turning school drafts into finished school specs: choosing the weak schools and drawing
each school's head and (often) a separate party secretary."""

import random

from .leaders import LeaderMaker
from .specs import SchoolDraft, SchoolSpec


def choose_weak(
    rng: random.Random, drafts: list[SchoolDraft], *, share: float, rural_part: float
) -> set[str]:
    """Names of about ``share`` of the schools, ``rural_part`` of them rural. Famous schools
    are never weak (薄弱学校 are what the programmes pair them with)."""
    wanted = round(len(drafts) * share)
    rural = [d.name for d in drafts if d.is_rural and not d.famous]
    urban = [d.name for d in drafts if not d.is_rural and not d.famous]
    from_rural = min(len(rural), round(wanted * rural_part))
    from_urban = min(len(urban), wanted - from_rural)
    return set(rng.sample(rural, from_rural)) | set(rng.sample(urban, from_urban))


def staff(
    rng: random.Random,
    drafts: list[SchoolDraft],
    maker: LeaderMaker,
    *,
    weak: set[str],
    secretary_share: float,
) -> list[SchoolSpec]:
    schools = []
    for draft in drafts:
        share = min(secretary_share + 0.2, 0.95) if draft.famous else secretary_share
        with_secretary = rng.random() < share
        leaders = [
            maker.head(
                region_code=draft.region_code, kind=draft.kind, with_secretary=with_secretary
            )
        ]
        if with_secretary:
            leaders.append(maker.secretary(region_code=draft.region_code, kind=draft.kind))
        schools.append(
            SchoolSpec(
                region_code=draft.region_code,
                name=draft.name,
                kind=draft.kind,
                is_public=draft.is_public,
                is_rural=draft.is_rural,
                is_weak=draft.name in weak,
                leaders=tuple(leaders),
            )
        )
    return schools
