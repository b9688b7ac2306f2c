"""A call never takes someone the programme already has where the call would put them: a current
trainee on a trainee call, a host on a host call, a current member or a host on a member call.
The open-calls page says why; submitting is refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PrincipalFactory, SchoolFactory
from tests.programmes import SYSTEM, hainan, hangzhou
from tests.selection_chain import STATEMENTS, actor_of, candidate_call
from touyan.people.enums import SchoolKind
from touyan.policies.loading import load_policy
from touyan.policies.presets import preset_text
from touyan.programmes import services as programmes
from touyan.programmes.models import StudioMember, Trainee
from touyan.selection import eligibility
from touyan.selection.eligibility import STANDING, UNMET
from touyan.selection.services.applications import start_application, submit_application

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 5, 31)
OPEN = "/selection/open/"


def spec(preset: str, code: str):
    return load_policy(preset_text(preset)).selection_call(code)


def standing_of(preset, code, principal, programme, jurisdiction):
    found = eligibility.evaluate(
        spec(preset, code),
        principal,
        jurisdiction=jurisdiction,
        on=ON,
        statements={},
        programme_id=programme.pk,
    )
    return next((f for f in found if f.code == STANDING), None)


@pytest.mark.clause("HZ-2.1")
def test_a_current_trainee_cannot_apply_to_their_programme_again():
    hz = hangzhou(trainees=1)
    trainee = hz.trainees[0]
    found = standing_of("hangzhou-training", "candidate", trainee.principal, hz.programme, "330100")
    assert found.outcome == UNMET
    assert found.reason == "已是本项目第一期的在培学员"
    # Once removed (or graduated) they may apply again; in another programme they always may.
    Trainee.objects.filter(pk=trainee.pk).update(status=Trainee.Status.REMOVED)
    assert (
        standing_of("hangzhou-training", "candidate", trainee.principal, hz.programme, "330100")
        is None
    )
    other = hangzhou(trainees=1, start=dt.date(2027, 3, 1))
    assert (
        standing_of(
            "hangzhou-training", "candidate", other.trainees[0].principal, hz.programme, "330100"
        )
        is None
    )


@pytest.mark.clause("HN-3.9")
def test_a_host_cannot_apply_to_host_again_nor_to_join_as_a_member():
    hn = hainan(studios=1, members=1)
    studio = hn.studios[0]
    host_call = standing_of("hainan-studios", "host", studio.host, hn.programme, "460000")
    assert host_call.outcome == UNMET
    assert host_call.reason == f"已主持“{studio.name}”"
    member_call = standing_of("hainan-studios", "member", studio.host, hn.programme, "460000")
    assert member_call.reason == f"已主持“{studio.name}”"
    # A revoked studio no longer holds its host.
    studio.revoked_on = ON - dt.timedelta(days=1)
    studio.save(update_fields=["revoked_on"])
    assert standing_of("hainan-studios", "host", studio.host, hn.programme, "460000") is None


@pytest.mark.clause("HN-3.6")
def test_a_current_member_cannot_apply_to_join_again_but_may_apply_to_host():
    hn = hainan(studios=1, members=1)
    studio, member = hn.studios[0], hn.members[hn.studios[0].pk][0]
    found = standing_of("hainan-studios", "member", member, hn.programme, "460000")
    assert (found.outcome, found.reason) == (UNMET, f"已是“{studio.name}”的成员")
    assert standing_of("hainan-studios", "host", member, hn.programme, "460000") is None
    StudioMember.objects.filter(principal=member).update(left_on=ON - dt.timedelta(days=1))
    assert standing_of("hainan-studios", "member", member, hn.programme, "460000") is None


def test_someone_new_to_the_programme_has_no_standing_finding():
    hn = hainan(studios=1, members=1)
    school = SchoolFactory(region_id="460106", kind=SchoolKind.COMPLETE)
    newcomer = PrincipalFactory(school=school)
    for code in ("host", "member"):
        assert standing_of("hainan-studios", code, newcomer, hn.programme, "460000") is None


@pytest.mark.clause("HZ-2.1", "HZ-4.1.1")
def test_the_open_calls_page_says_why_and_submitting_is_refused(client, cast):
    chain = candidate_call()
    principal = cast.xihu_principal
    programmes.add_trainee(
        actor=SYSTEM, cohort=chain.cohort, principal=principal, joined_on=chain.cohort.starts_on
    )
    client.force_login(cast.own)
    page = client.get(OPEN).content.decode()
    assert "不符合申报条件" in page and "已是本项目第一期的在培学员" in page
    application = start_application(actor=actor_of(cast.own), call=chain.call, principal=principal)
    application.statements = STATEMENTS
    application.save(update_fields=["statements"])
    with pytest.raises(ValidationError) as refused:
        submit_application(actor=actor_of(cast.own), application=application)
    assert "不是本项目的在培学员：已是本项目第一期的在培学员" in str(refused.value)


def test_standing_is_read_on_the_calls_closing_day():
    """Who joins after the closing day, or a programme not started by then, rules no one out."""
    hn = hainan(studios=1, members=1, start=dt.date(2026, 9, 1))
    host = hn.studios[0].host
    assert standing_of("hainan-studios", "host", host, hn.programme, "460000") is None
    hz = hangzhou(trainees=1)
    trainee = hz.trainees[0]
    Trainee.objects.filter(pk=trainee.pk).update(joined_on=ON + dt.timedelta(days=1))
    assert (
        standing_of("hangzhou-training", "candidate", trainee.principal, hz.programme, "330100")
        is None
    )
