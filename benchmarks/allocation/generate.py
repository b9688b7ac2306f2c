"""Generate allocation problems for ``touyan allocate`` (issue 5), deterministic by seed.

    .venv/bin/python benchmarks/allocation/generate.py --scale national --output national.json
    .venv/bin/python benchmarks/allocation/generate.py --scale province --seed 7 --output hainan.json

national: 5,000 studios and 60,000 applicants across the 31 mainland provinces, regions from the
shipped GB/T 2260 table plus synthetic county codes (directly administered ``PP90xx`` units
included). province: 16 studios and 200 applicants on Hainan's real codes. Applicants choose up
to five studios, mostly near home, with a few popular studios oversubscribed; about 1% of entries
are unknown, repeated or of the wrong stage, and about 1% of applicants are locked.
"""

import argparse
import csv
import json
import random
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parents[2] / "touyan" / "regions" / "data" / "gbt2260.csv"
MAINLAND = tuple(
    str(prefix)
    for prefix in (
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
    )
)
STAGE_SETS = (
    (["primary"], 30),
    (["junior"], 25),
    (["senior"], 20),
    (["primary", "junior"], 15),
    (["junior", "senior"], 7),
    (["primary", "junior", "senior"], 3),
)


def shipped_codes() -> list[str]:
    with REGIONS_CSV.open(encoding="utf-8") as stream:
        return [row["code"] for row in csv.DictReader(stream) if row["code"][:2] in MAINLAND]


def national_regions(rng: random.Random) -> dict[str, list[str]]:
    """Province prefix → the region codes studios and applicants are placed in."""
    regions: dict[str, list[str]] = {prefix: [] for prefix in MAINLAND}
    for code in shipped_codes():
        regions[code[:2]].append(code)
    for prefix in MAINLAND:
        for city in range(1, rng.randint(4, 16)):
            regions[prefix] += [
                f"{prefix}{city:02d}{county:02d}" for county in range(1, rng.randint(4, 14))
            ]
        if rng.random() < 0.4:
            regions[prefix] += [
                f"{prefix}90{county:02d}" for county in range(1, rng.randint(3, 12))
            ]
    return regions


def hainan_regions() -> dict[str, list[str]]:
    return {"46": [code for code in shipped_codes() if code.startswith("46") and code != "460000"]}


class Picker:
    """Weighted choice in O(log n): popular studios are chosen more often."""

    def __init__(self, items: list, weights: list[float]):
        self.items, self.bounds = items, list(accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect_left(self.bounds, rng.random() * self.bounds[-1])]


def generate(*, studios: int, applicants: int, regions: dict[str, list[str]], seed: int) -> dict:
    rng = random.Random(seed)
    provinces = sorted(regions)
    province_weight = [rng.uniform(0.3, 3.0) for _ in provinces]
    province_picker = Picker(provinces, province_weight)
    studio_list = []
    for number in range(studios):
        province = province_picker.pick(rng)
        minimum = rng.choice((8, 10, 10, 10))
        studio_list.append(
            {
                "id": f"S{number:05d}",
                "stages": rng.choices(
                    [stages for stages, _ in STAGE_SETS], [w for _, w in STAGE_SETS]
                )[0],
                "region": rng.choice(regions[province]),
                "min": minimum,
                "max": minimum + rng.choice((2, 2, 3, 4)),
            }
        )
    popularity = [rng.paretovariate(1.5) for _ in studio_list]
    by_city: dict[str, list[int]] = {}
    by_province: dict[str, list[int]] = {}
    for index, studio in enumerate(studio_list):
        by_city.setdefault(studio["region"][:4], []).append(index)
        by_province.setdefault(studio["region"][:2], []).append(index)
    pickers = {
        key: Picker(members, [popularity[i] for i in members])
        for key, members in (by_city | by_province).items()
    }
    everywhere = Picker(list(range(len(studio_list))), popularity)
    # Applicants live where the studios are, roughly in proportion.
    home_picker = Picker([s["region"] for s in studio_list], [1.0] * len(studio_list))
    locked: dict[int, int] = {}
    applicant_list = []
    for number in range(applicants):
        region = (
            home_picker.pick(rng)
            if rng.random() < 0.8
            else rng.choice(regions[rng.choice(provinces)])
        )
        stages = rng.choices([s for s, _ in STAGE_SETS], [w for _, w in STAGE_SETS])[0]
        choices = []
        for _ in range(rng.choice((0, 1, 2, 3, 4, 5, 5, 5, 5))):
            roll = rng.random()
            if roll < 0.01:
                choices.append(f"X{rng.randint(0, 99999)}")  # unknown studio
                continue
            if roll < 0.02 and choices:
                choices.append(rng.choice(choices))  # repeated
                continue
            near = region[:4] if roll < 0.6 else region[:2] if roll < 0.92 else None
            picker = pickers.get(near) if near else everywhere
            for _attempt in range(20):  # prefer a studio of the applicant's stage, as people do
                index = (picker or everywhere).pick(rng)
                if set(studio_list[index]["stages"]) & set(stages) or rng.random() < 0.002:
                    break
            choices.append(studio_list[index]["id"])
        applicant = {"id": f"A{number:06d}", "stages": stages, "region": region, "choices": choices}
        first = int(choices[0][1:]) if choices and choices[0].startswith("S") else None
        if first is not None and rng.random() < 0.01:
            studio = studio_list[first]
            if set(studio["stages"]) & set(stages) and locked.get(first, 0) < studio["max"] // 2:
                locked[first] = locked.get(first, 0) + 1
                applicant["locked"] = studio["id"]
        applicant_list.append(applicant)
    return {"studios": studio_list, "applicants": applicant_list}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("national", "province"), default="national")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", required=True)
    arguments = parser.parse_args()
    if arguments.scale == "national":
        rng = random.Random(arguments.seed)
        problem = generate(
            studios=5000, applicants=60000, regions=national_regions(rng), seed=arguments.seed
        )
    else:
        problem = generate(
            studios=16, applicants=200, regions=hainan_regions(), seed=arguments.seed
        )
    Path(arguments.output).write_text(
        json.dumps(problem, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
