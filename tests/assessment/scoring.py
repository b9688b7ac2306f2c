"""Rounds with a panel for tests: experts on the panel, assigned, scoring started."""

from touyan.accounts.roles import Role
from touyan.assessment.models import Score
from touyan.assessment.services import panel, scoring, stages
from touyan.core.actors import Actor

from ..factories import SchoolFactory, UserFactory, grant
from ..programmes import SYSTEM, Hainan
from .rounds import annual


def expert(name: str = "", *, school=None):
    """An expert of Hainan's pool, from a school of their own unless one is given."""
    user = UserFactory(**({"full_name": name} if name else {}))
    grant(user, Role.EXPERT, "460000")
    user.school = school or SchoolFactory(region_id="460106")
    return user


def centre_staff():
    user = UserFactory()
    grant(user, Role.CENTRE_STAFF, "460000")
    return user


def with_panel(hn: Hainan, *, experts: int = 3, year: int = 1):
    round_ = annual(hn, year=year)
    people = [expert() for _ in range(experts)]
    for person in people:
        panel.add_expert(actor=SYSTEM, round_=round_, expert=person, school=person.school)
    return round_, people


def scoring_round(hn: Hainan, *, experts: int = 3):
    """An annual round whose cases are assigned and under scoring."""
    round_, people = with_panel(hn, experts=experts)
    panel.assign_automatically(actor=SYSTEM, round_=round_)
    stages.start_scoring(actor=SYSTEM, round_=round_)
    round_.refresh_from_db()
    return round_, people


def points(value: int) -> dict[str, int]:
    return {"building": value, "research": value, "performance": value}


def submit(score: Score, value: int, comment: str = "扎实") -> Score:
    return scoring.submit_score(
        actor=Actor(user=score.expert), score=score, points=points(value), comment=comment
    )
