"""Small real programmes for tests: a Hainan studio programme and a Hangzhou training cohort,
built through the services from the shipped presets."""

import datetime as dt
from dataclasses import dataclass, field

from touyan.core.actors import Actor
from touyan.people.enums import SchoolKind
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes import services
from touyan.programmes.models import Cohort, Programme, Studio, Trainee

from .factories import PrincipalFactory, SchoolFactory

SYSTEM = Actor(user=None)
HAINAN_START = dt.date(2025, 9, 1)
HANGZHOU_START = dt.date(2026, 3, 1)


@dataclass
class Hainan:
    programme: Programme
    studios: list[Studio]
    members: dict[int, list] = field(default_factory=dict)  # studio pk → member principals


def hainan(
    *, studios: int = 2, members: int = 10, start: dt.date = HAINAN_START, text: str = ""
) -> Hainan:
    """Studios in 海口市龙华区 (460106) and 三亚市吉阳区 (460203), each with ``members``;
    ``text``: a policy of its own instead of the preset."""
    version = publish_policy(actor=SYSTEM, text=text or preset_text("hainan-studios"))
    programme = services.create_programme(
        actor=SYSTEM,
        slug=f"hn-{start:%Y}",
        name="海南省中学卓越校长工作室（测试）",
        policy_version=version,
        starts_on=start,
    )
    result = Hainan(programme, [])
    regions = ["460106", "460203"]
    for index in range(studios):
        region = regions[index % len(regions)]
        school = SchoolFactory(
            name=f"海南测试中学{start:%Y%m}-{index}", region_id=region, kind=SchoolKind.COMPLETE
        )
        host = PrincipalFactory(name=f"主持人{index}", school=school)
        studio = services.create_studio(actor=SYSTEM, programme=programme, host=host)
        result.studios.append(studio)
        people = []
        for number in range(members):
            member_school = SchoolFactory(
                name=f"海南成员学校{start:%Y%m}-{index}-{number}",
                region_id=region,
                kind=SchoolKind.JUNIOR,
                is_rural=number % 3 == 0,
            )
            principal = PrincipalFactory(name=f"成员{index}-{number}", school=member_school)
            services.add_member(actor=SYSTEM, studio=studio, principal=principal, joined_on=start)
            people.append(principal)
        result.members[studio.pk] = people
    return result


@dataclass
class Hangzhou:
    programme: Programme
    cohort: Cohort
    trainees: list[Trainee]


def hangzhou(*, trainees: int = 3, start: dt.date = HANGZHOU_START, text: str = "") -> Hangzhou:
    """One cohort whose trainees head schools in 西湖区 and 滨江区; ``text``: a policy of its
    own instead of the preset."""
    version = publish_policy(actor=SYSTEM, text=text or preset_text("hangzhou-training"))
    programme = services.create_programme(
        actor=SYSTEM,
        slug=f"hz-{start:%Y}",
        name="杭州市名校长培养工程（测试）",
        policy_version=version,
        starts_on=start,
        partner_regions=["520000"],
    )
    cohort = services.create_cohort(
        actor=SYSTEM, programme=programme, number=1, name="第一期", starts_on=start
    )
    people = []
    for index in range(trainees):
        region = "330106" if index % 2 == 0 else "330108"
        school = SchoolFactory(
            name=f"杭州测试学校{start:%Y%m}-{index}", region_id=region, kind=SchoolKind.PRIMARY
        )
        principal = PrincipalFactory(name=f"学员{index}", school=school)
        people.append(
            services.add_trainee(actor=SYSTEM, cohort=cohort, principal=principal, joined_on=start)
        )
    return Hangzhou(programme, cohort, people)
