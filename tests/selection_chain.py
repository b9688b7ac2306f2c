"""A Hangzhou candidate call taken through its stages by the services, for tests.

``candidate_call`` opens a call that accepts applications now; the helpers move it on. Times
after the closing are passed to the services explicitly (``now=`` / ``today=``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from tests.factories import PrincipalFactory, SchoolFactory, UserFactory, grant
from tests.programmes import SYSTEM, hangzhou
from touyan.core.actors import Actor
from touyan.people.models import Principal
from touyan.programmes.models import Cohort, Programme
from touyan.selection.models import Application, Call
from touyan.selection.services import applications, calls, decisions, district, reviews

STATEMENTS = {
    "politics": "坚持党的教育方针，忠诚党的教育事业，敬业奉献。",
    "management": "学校治理结构健全，推进课程改革，办学质量持续提升。",
    "integrity": "本人廉洁自律，学校无重大安全责任事故，无严重违规办学行为。",
    "moral_education": "落实立德树人根本任务，五育并举。",
    "development": "重视青年教师培养，培养出多名学科带头人。",
    "reputation": "学校办学特色鲜明，社会满意度高。",
}


@dataclass
class Chain:
    programme: Programme
    cohort: Cohort
    call: Call
    applicants: list[Principal] = field(default_factory=list)


def candidate_call(*, places: int = 2, now: dt.datetime | None = None, **extra) -> Chain:
    now = now or timezone.now()
    hz = hangzhou(trainees=0)
    call = calls.create_call(
        actor=SYSTEM,
        programme=hz.programme,
        spec_code="candidate",
        title="2026年杭州市中小学名校长培养工程人选遴选",
        places=places,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        district_deadline=now + dt.timedelta(days=20),
        cohort=hz.cohort,
        **extra,
    )
    call = calls.publish_call(actor=SYSTEM, call=call)
    return Chain(hz.programme, hz.cohort, call)


def applicant(region: str = "330106", **fields) -> Principal:
    user = UserFactory()
    school = SchoolFactory(region_id=region)
    return PrincipalFactory(school=school, user=user, **fields)


def actor_of(user) -> Actor:
    return Actor(user=user)


def apply(call: Call, principal: Principal, *, statements=None, submit=True, evidence=True):
    actor = actor_of(principal.user)
    application = applications.start_application(actor=actor, call=call, principal=principal)
    applications.save_application(
        actor=actor, application=application, statements=statements or STATEMENTS
    )
    if evidence:
        applications.add_evidence(
            actor=actor,
            application=application,
            requirement="form",
            uploaded=pdf_upload(f"{principal.name}推荐表.pdf"),
        )
    if submit:
        application = applications.submit_application(actor=actor, application=application)
    return application


def pdf_upload(name: str = "推荐表.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.files import pdf_bytes

    body = pdf_bytes(name.encode("unicode_escape").decode())
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def officer(region: str = "330106"):
    user = UserFactory()
    grant(user, "district_officer", region)
    return user


def expert(school=None):
    user = UserFactory()
    grant(user, "expert", "330100")
    if school is not None:
        PrincipalFactory(school=school, user=user)
    return user


def endorse_and_send(call: Call, region: str, apps: list[Application], user=None):
    user = user or officer(region)
    for application in apps:
        district.review_application(
            actor=actor_of(user), application=application, decision="endorse"
        )
    from touyan.regions.models import Region

    area = Region.objects.get(code=region)
    district.rank_candidates(
        actor=actor_of(user), call=call, district=area, order=[a.pk for a in apps]
    )
    return district.submit_batch(actor=actor_of(user), call=call, district=area)


def after_closing(call: Call) -> dt.datetime:
    return (call.district_deadline or call.closes_at) + dt.timedelta(minutes=1)


def score_all(call: Call, experts: list, points: dict[int, int] | None = None) -> None:
    """Every expert of the panel scores every case assigned to them."""
    from touyan.selection.models import Review
    from touyan.selection.policy import call_spec

    rubric = call_spec(call).rubric
    for review in Review.objects.filter(application__call=call, submitted_at__isnull=True):
        bonus = (points or {}).get(review.application_id, 0)
        scores = {c.code: max(0, min(c.points, c.points - 5 + bonus)) for c in rubric}
        reviews.submit_review(
            actor=actor_of(review.expert), review=review, scores=scores, comment="材料翔实。"
        )


def to_decision(chain: Chain, *, experts: int = 3) -> list:
    """Close the call and review every forwarded case; returns the experts."""
    call = chain.call
    panel = [expert() for _ in range(experts)]
    calls.start_review(actor=SYSTEM, call=call, now=after_closing(call))
    for user in panel:
        reviews.add_to_panel(actor=SYSTEM, call=call, expert=user)
    reviews.assign_automatically(actor=SYSTEM, call=call)
    score_all(call, panel)
    calls.close_review(actor=SYSTEM, call=call)
    return panel


__all__ = ["decisions"]
