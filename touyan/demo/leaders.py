"""Drawing school leaders: name, gender, birth date, a checksum-valid ID number from the
school's county, a mobile number, title and appointment date."""

import datetime as dt
import random
from types import MappingProxyType

from touyan.core.identity import make_id_number
from touyan.people.enums import Gender, Position, SchoolKind, Title

from .names import NATIONAL_SURNAMES, Weighted, person_name
from .specs import LeaderSpec

# Mobile prefixes of the three carriers (the digit after the leading 1 is 3–9).
MOBILE_PREFIXES = (
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "147",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "178",
    "182",
    "183",
    "187",
    "188",
    "198",
    "130",
    "131",
    "132",
    "155",
    "156",
    "166",
    "175",
    "176",
    "185",
    "186",
    "133",
    "153",
    "173",
    "177",
    "180",
    "181",
    "189",
    "199",
)

HEAD_TITLES = Weighted.of(((Title.PROFESSOR, 18), (Title.SENIOR, 70), (Title.FIRST, 12)))
SECRETARY_TITLES = Weighted.of(((Title.PROFESSOR, 8), (Title.SENIOR, 62), (Title.FIRST, 30)))
KINDERGARTEN_TITLES = Weighted.of(
    ((Title.PROFESSOR, 3), (Title.SENIOR, 42), (Title.FIRST, 45), (Title.SECOND, 10))
)

# Share of women among heads, by school kind (kindergartens are led almost only by women).
FEMALE_SHARE = MappingProxyType(
    {SchoolKind.KINDERGARTEN: 0.95, SchoolKind.PRIMARY: 0.55, SchoolKind.NINE_YEAR: 0.35}
)
MIDDLE_SCHOOL_FEMALE_SHARE = 0.28

FIRST_APPOINTMENT_YEAR, LAST_APPOINTMENT_YEAR = 2008, 2024
# Appointment months: most heads take up their post at the start of a school year or term.
APPOINTMENT_MONTHS = Weighted.of(((8, 50), (9, 15), (7, 10), (2, 10), (3, 5), (1, 5), (12, 5)))


class LeaderMaker:
    """Draws leaders from one random generator, never repeating an ID number it has given."""

    def __init__(self, rng: random.Random, surnames: Weighted = NATIONAL_SURNAMES):
        self.rng = rng
        self.surnames = surnames
        self.used_ids: set[str] = set()

    def head(self, *, region_code: str, kind: str, with_secretary: bool) -> LeaderSpec:
        """The school's head: 校长 / 园长, or 党组织书记兼校长 / 兼园长 when there is no separate secretary."""
        kindergarten = kind == SchoolKind.KINDERGARTEN
        if with_secretary:
            position = Position.KINDERGARTEN_DIRECTOR if kindergarten else Position.PRINCIPAL
        else:
            position = Position.SECRETARY_DIRECTOR if kindergarten else Position.SECRETARY_PRINCIPAL
        female_share = FEMALE_SHARE.get(kind, MIDDLE_SCHOOL_FEMALE_SHARE)
        titles = KINDERGARTEN_TITLES if kindergarten else HEAD_TITLES
        return self._leader(region_code, position, female_share, titles, born=(1966, 1988))

    def secretary(self, *, region_code: str, kind: str) -> LeaderSpec:
        kindergarten = kind == SchoolKind.KINDERGARTEN
        female_share = 0.9 if kindergarten else 0.4
        titles = KINDERGARTEN_TITLES if kindergarten else SECRETARY_TITLES
        return self._leader(
            region_code, Position.SECRETARY, female_share, titles, born=(1964, 1986)
        )

    def _leader(self, region_code, position, female_share, titles, *, born) -> LeaderSpec:
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < female_share else Gender.MALE
        birth_date = self._date_in(dt.date(born[0], 1, 1), dt.date(born[1], 12, 31))
        return LeaderSpec(
            name=person_name(rng, gender, self.surnames),
            gender=gender,
            birth_date=birth_date,
            id_number=self._id_number(region_code, birth_date, gender),
            mobile=rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
            position=position,
            title=titles.pick(rng),
            appointed_on=self._appointment(birth_date),
        )

    def _id_number(self, region_code: str, birth_date: dt.date, gender: str) -> str:
        parity = 1 if gender == Gender.MALE else 0  # the 17th digit is odd for men
        while True:
            number = make_id_number(region_code, birth_date, self.rng.randrange(500) * 2 + parity)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def _appointment(self, birth_date: dt.date) -> dt.date:
        """Spread over 2008–2024, never before the age of 30; recent years a little denser so
        that a fair share of heads have been in post less than three years."""
        earliest = max(FIRST_APPOINTMENT_YEAR, birth_date.year + 30)
        earliest = min(earliest, LAST_APPOINTMENT_YEAR)
        years = list(range(earliest, LAST_APPOINTMENT_YEAR + 1))
        weights = [2 if year >= LAST_APPOINTMENT_YEAR - 1 else 1 for year in years]
        year = self.rng.choices(years, weights=weights)[0]
        return dt.date(year, APPOINTMENT_MONTHS.pick(self.rng), 1)

    def _date_in(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))
