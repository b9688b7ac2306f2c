"""Random allocation problems as JSON-like data: tiny ones for exhaustive search, medium ones
for the comparison with a network of one arc per pair."""

import random

STAGES = ("primary", "junior", "senior")
# Same county, same city, same province (a directly administered county is its own city) and
# elsewhere: 海口 (460105, 460106 under 460100), 三亚, 五指山 469001, 琼海 469002, 杭州 330106.
SMALL_REGIONS = (
    "460105",
    "460106",
    "460100",
    "460202",
    "469001",
    "469002",
    "460000",
    "330106",
    "330108",
)
# More siblings at every level, so that ranges in the middle of a branch occur.
MEDIUM_REGIONS = (
    *SMALL_REGIONS,
    "460107",
    "460108",
    "460203",
    "460204",
    "469005",
    "469006",
    "469021",
    "469030",
    "330102",
    "330109",
    "330200",
    "330212",
    "331002",
    "110101",
    "110105",
    "120101",
    "440305",
    "440106",
    "650102",
)
WEIGHT_NAMES = ("choice_step", "unlisted", "same_county", "same_city", "same_province", "elsewhere")


def random_weights(rng: random.Random) -> dict | None:
    """Defaults, or a policy of its own: often one where a listed entry costs more than an
    unlisted studio, or where farther is cheaper than nearer."""
    if rng.random() < 0.4:
        return None
    weights = {
        name: rng.choice((0, 5, 20, 50, 100, 400, 1000))
        for name in WEIGHT_NAMES
        if rng.random() < 0.6
    }
    if rng.random() < 0.5:
        weights["unassigned"] = rng.choice((0, 300, 2000, 100000))
    if rng.random() < 0.5:
        weights["shortfall"] = rng.choice((0, 150, 700, 10000))
    return weights


def random_instance(
    rng: random.Random,
    *,
    applicants: int = 6,
    studios: int = 3,
    regions: tuple[str, ...] = SMALL_REGIONS,
) -> dict:
    studio_list = []
    for number in range(rng.randint(1, studios)):
        maximum = rng.randint(0, 3 if studios <= 3 else 6)
        studio_list.append(
            {
                "id": f"S{number}" if rng.random() < 0.7 else number,
                "stages": rng.sample(STAGES, rng.randint(1, 2)),
                "region": rng.choice(regions),
                "min": rng.randint(0, maximum),
                "max": maximum,
            }
        )
    ids = [studio["id"] for studio in studio_list]
    applicant_list, locked = [], {}
    for number in range(rng.randint(0, applicants)):
        stages = rng.sample(STAGES, rng.randint(1, 2))
        pool = [*ids, "nowhere", 99, str(ids[0])]
        choices = [rng.choice(pool) for _ in range(rng.randint(0, 5))]
        applicant = {
            "id": f"A{number}",
            "stages": stages,
            "region": rng.choice(regions),
            "choices": choices,
        }
        if rng.random() < 0.15:
            studio = rng.choice(studio_list)
            if (
                set(studio["stages"]) & set(stages)
                and locked.get(str(studio["id"]), 0) < studio["max"]
            ):
                locked[str(studio["id"])] = locked.get(str(studio["id"]), 0) + 1
                applicant["locked"] = studio["id"]
        applicant_list.append(applicant)
    problem = {"studios": studio_list, "applicants": applicant_list}
    weights = random_weights(rng)
    if weights is not None:
        problem["weights"] = weights
    return problem


def medium_instance(rng: random.Random) -> dict:
    return random_instance(rng, applicants=40, studios=14, regions=MEDIUM_REGIONS)
