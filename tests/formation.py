"""Studio formation for the tests: a Hainan programme of the last cycle, this cycle's
programme with its studios carried over and one new, their prospectuses approved, and a member
call whose applicants rank studios — the services all the way, as the centre and the
principals would use them (HN-3.3, HN-3.5, HN-3.6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from tests.factories import PrincipalFactory, SchoolFactory, UserFactory, grant
from tests.programmes import hainan
from tests.selection_chain import actor_of
from touyan.people.enums import SchoolKind
from touyan.programmes import services as programmes
from touyan.programmes.models import Programme, Studio
from touyan.selection.models import Application, Call
from touyan.selection.services import applications, calls, choices, district
from touyan.studios import services as prospectuses

THIS_CYCLE = dt.date(2025, 9, 1)
LAST_CYCLE = dt.date(2022, 9, 1)
DECLARATIONS = {
    "eagerness": "积极进取，虚心好学，乐于合作。",
    "capacity": "主持过校级课题，能够完成学习任务。",
}
PROSPECTUS = {
    "goals": "三年内帮助成员形成各自学校的办学思想。",
    "features": "以课堂诊断和课题研究为主线。",
    "conditions": "海南省初中、高中校长，热爱教育研究。",
    "requirements": "每学期参加集中研修，按时提交成果。",
    "plan": [
        {"year": 1, "theme": "凝练办学理念", "plan": "学校诊断"},
        {"year": 2, "theme": "深化课堂变革", "plan": "课堂研究"},
        {"year": 3, "theme": "提炼办学思想", "plan": "成果总结"},
    ],
}


@dataclass
class Formation:
    programme: Programme
    centre: object
    studios: list[Studio]
    call: Call | None = None
    applications: list[Application] = field(default_factory=list)


def with_user(principal):
    principal.user = UserFactory()
    principal.save(update_fields=["user"])
    return principal


def approve_prospectus(studio: Studio, centre) -> None:
    host = studio.host
    if host.user is None:
        with_user(host)
    prospectuses.save_prospectus(actor=actor_of(host.user), studio=studio, **PROSPECTUS)
    prospectuses.submit_prospectus(actor=actor_of(host.user), studio=studio)
    prospectuses.review_prospectus(actor=actor_of(centre), studio=studio, approve=True)


def formation(*, carried: int = 2, members: int = 3, new: int = 1) -> Formation:
    """``carried`` studios of the last cycle (with ``members`` each) continued, and ``new``
    ones in 三亚市吉阳区; every prospectus approved."""
    last = hainan(studios=carried, members=members, start=LAST_CYCLE)
    this = programmes.create_programme(
        actor=actor_of(None),
        slug="hn-this-cycle",
        name="海南省中学卓越校长工作室（本周期）",
        policy_version=last.programme.policy_version,
        starts_on=THIS_CYCLE,
    )
    centre = UserFactory(username="hn-formation-centre")
    grant(centre, "centre_staff", "460000")
    studios = [
        programmes.carry_over_studio(actor=actor_of(centre), studio=studio, programme=this)
        for studio in last.studios
    ]
    for index in range(new):
        school = SchoolFactory(
            name=f"新工作室中学{index}", region_id="460203", kind=SchoolKind.COMPLETE
        )
        host = PrincipalFactory(name=f"新主持人{index}", school=school)
        studios.append(programmes.create_studio(actor=actor_of(centre), programme=this, host=host))
    for studio in studios:
        approve_prospectus(studio, centre)
    return Formation(this, centre, studios)


def member_call(f: Formation, *, closes_in: dt.timedelta = dt.timedelta(days=5)) -> Call:
    now = timezone.now()
    call = calls.create_call(
        actor=actor_of(f.centre),
        programme=f.programme,
        spec_code="member",
        title="海南省中学卓越校长工作室成员申报",
        places=200,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + closes_in,
    )
    f.call = calls.publish_call(actor=actor_of(f.centre), call=call)
    return f.call


def member_applicant(region: str = "460106", kind: str = SchoolKind.JUNIOR, name: str = ""):
    school = SchoolFactory(region_id=region, kind=kind)
    principal = PrincipalFactory(school=school, **({"name": name} if name else {}))
    return with_user(principal)


def member_apply(call: Call, principal, studios: list[Studio], *, submit: bool = True):
    actor = actor_of(principal.user)
    application = applications.start_application(actor=actor, call=call, principal=principal)
    applications.save_application(actor=actor, application=application, statements=DECLARATIONS)
    choices.set_choices(actor=actor, application=application, studios=studios)
    if submit:
        application = applications.submit_application(actor=actor, application=application)
    return application


def close_and_approve(f: Formation) -> Call:
    """The centre approves every submitted application, then the call closes for decision."""
    for application in Application.objects.filter(call=f.call, status="submitted"):
        district.review_application(
            actor=actor_of(f.centre), application=application, decision="endorse"
        )
    later = f.call.closes_at + dt.timedelta(minutes=1)
    f.call = calls.start_review(actor=actor_of(f.centre), call=f.call, now=later)
    return f.call
