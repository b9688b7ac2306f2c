"""Rounds graded without experts: each studio's host grades its members (平时考核, 终结考核,
HN-4.2.4), the centre grades a cohort's trainees (过程考核, HZ-3.4.3); the centre publishes and
the results are what the member's archive reads."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory, grant
from tests.records.programme_people import account_for
from tests.selection_chain import actor_of
from touyan.accounts.roles import Role
from touyan.assessment.models import Case, Round
from touyan.assessment.selectors import member_results
from touyan.assessment.services.direct import (
    grade_case,
    grade_cases,
    is_failing,
    publish_direct_round,
)
from touyan.audit.models import AuditEntry
from touyan.core.transitions import AlreadyDone
from touyan.notifications.models import Notification

from ..programmes import hainan, hangzhou
from .rounds import annual, member_regular, trainee_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_round():
    hn = hainan(studios=2, members=3)
    round_ = member_regular(hn)
    first, second = hn.studios
    host = account_for(first.host, "host")
    other_host = account_for(second.host, "other-host")
    centre = UserFactory(username="hn-centre")
    grant(centre, Role.CENTRE_STAFF, "460000")
    for principal in hn.members[first.pk]:
        account_for(principal, f"m-{principal.pk}")
    mine = list(round_.cases.filter(studio=first).order_by("pk"))
    theirs = list(round_.cases.filter(studio=second).order_by("pk"))
    return round_, host, other_host, centre, mine, theirs


@pytest.mark.clause("HN-4.2.4")
def test_the_host_grades_their_own_members(members_round):
    round_, host, other_host, _centre, mine, theirs = members_round
    case = grade_case(actor=actor_of(host), case=mine[0], grade="good", comment="积极参与")
    assert case.status == Case.Status.DECIDED
    assert case.grade == "good" and case.reason == "积极参与"
    assert case.decided_by == host and case.decider_name == host.full_name
    assert case.decided_at is not None
    entry = AuditEntry.objects.latest("pk")
    assert entry.changes["grade"] == ["", "good"]
    assert entry.changes["status"] == ["preparing", "decided"]
    for outsider, target in ((other_host, mine[1]), (host, theirs[0])):
        with pytest.raises(PermissionDenied):
            grade_case(actor=actor_of(outsider), case=target, grade="pass")
    assert Case.objects.filter(status=Case.Status.DECIDED).count() == 1


@pytest.mark.clause("HN-4.2.4")
def test_grades_come_from_the_round_scale_and_the_lowest_needs_a_comment(members_round):
    round_, host, *_rest, mine, _theirs = members_round
    with pytest.raises(ValidationError, match="评定等次中的一项"):
        grade_case(actor=actor_of(host), case=mine[0], grade="outstanding")
    with pytest.raises(ValidationError, match="不合格.*须写明评语"):
        grade_case(actor=actor_of(host), case=mine[0], grade="fail", comment="  ")
    case = grade_case(actor=actor_of(host), case=mine[0], grade="fail", comment="缺席全部活动")
    assert is_failing(case)


@pytest.mark.clause("HN-4.2.4")
def test_a_grade_may_change_until_the_centre_publishes(members_round):
    round_, host, _other_host, centre, mine, theirs = members_round
    grade_case(actor=actor_of(host), case=mine[0], grade="good")
    changed = grade_case(actor=actor_of(host), case=mine[0], grade="excellent", comment="表现突出")
    assert changed.grade == "excellent"
    entry = AuditEntry.objects.latest("pk")
    assert entry.changes == {"grade": ["good", "excellent"], "reason": ["", "表现突出"]}
    before = AuditEntry.objects.count()
    grade_case(actor=actor_of(host), case=mine[0], grade="excellent", comment="表现突出")
    assert AuditEntry.objects.count() == before  # nothing changed, nothing recorded
    with pytest.raises(ValidationError, match="还有 5 人未评定"):
        publish_direct_round(actor=actor_of(centre), round_=round_)
    for case in mine[1:]:
        grade_case(actor=actor_of(host), case=case, grade="pass")
    Case.objects.filter(pk__in=[c.pk for c in theirs]).update(
        status=Case.Status.DECIDED, grade="pass"
    )
    with pytest.raises(PermissionDenied):
        publish_direct_round(actor=actor_of(host), round_=round_)
    published = publish_direct_round(actor=actor_of(centre), round_=round_)
    assert published.stage == Round.Stage.PUBLISHED
    assert published.publisher_name == centre.full_name and published.published_at
    with pytest.raises(ValidationError, match="公布，本次操作未执行"):
        grade_case(actor=actor_of(host), case=mine[0], grade="pass")
    with pytest.raises(AlreadyDone):
        publish_direct_round(actor=actor_of(centre), round_=round_)
    told = Notification.objects.filter(title__contains="结果已公布")
    assert told.count() == 3  # the first studio's members have accounts


@pytest.mark.clause("HN-4.2.4")
def test_several_grades_are_saved_all_or_none_with_the_errors_by_row(members_round):
    round_, host, *_rest, mine, _theirs = members_round
    with pytest.raises(ValidationError) as refused:
        grade_cases(
            actor=actor_of(host),
            round_=round_,
            grades={mine[0].pk: ("good", ""), mine[1].pk: ("fail", ""), mine[2].pk: ("x", "")},
        )
    assert set(refused.value.message_dict) == {str(mine[1].pk), str(mine[2].pk)}
    assert not Case.objects.filter(status=Case.Status.DECIDED).exists()
    graded = grade_cases(
        actor=actor_of(host),
        round_=round_,
        grades={mine[0].pk: ("good", ""), mine[1].pk: ("fail", "未提交成果")},
    )
    assert [c.grade for c in graded] == ["good", "fail"]


@pytest.mark.clause("HN-4.2.4")
def test_the_member_archive_reads_only_published_grades(members_round):
    round_, host, _other_host, centre, mine, theirs = members_round
    member = mine[0].member.principal
    grade_case(actor=actor_of(host), case=mine[0], grade="good", comment="好")
    assert not member_results(member).exists()
    for case in mine[1:]:
        grade_case(actor=actor_of(host), case=case, grade="pass")
    Case.objects.filter(pk__in=[c.pk for c in theirs]).update(
        status=Case.Status.DECIDED, grade="pass"
    )
    publish_direct_round(actor=actor_of(centre), round_=round_)
    assert [(c.round_id, c.grade) for c in member_results(member)] == [(round_.pk, "good")]


def test_expert_rounds_are_not_graded_directly():
    hn = hainan(studios=1, members=5)
    round_ = annual(hn)
    host = account_for(hn.studios[0].host, "host")
    with pytest.raises((ValidationError, PermissionDenied)):
        grade_case(actor=actor_of(host), case=round_.cases.get(), grade="good")
    with pytest.raises(ValidationError, match="专家评审"):
        publish_direct_round(actor=actor_of(None), round_=round_)


@pytest.mark.clause("HZ-3.4.3")
def test_the_centre_grades_trainees_and_a_failing_grade_is_flagged():
    hz = hangzhou(trainees=3)
    round_ = trainee_round(hz)
    centre = UserFactory(username="hz-centre-staff")
    grant(centre, Role.CENTRE_STAFF, "330100")
    trainee = account_for(hz.trainees[0].principal, "trainee")
    cases = list(round_.cases.order_by("pk"))
    with pytest.raises(PermissionDenied):
        grade_case(actor=actor_of(trainee), case=cases[0], grade="pass")
    grade_case(actor=actor_of(centre), case=cases[0], grade="pass")
    grade_case(actor=actor_of(centre), case=cases[1], grade="pass")
    failed = grade_case(actor=actor_of(centre), case=cases[2], grade="fail", comment="学时严重不足")
    assert is_failing(failed) and not is_failing(cases[0])
    publish_direct_round(actor=actor_of(centre), round_=round_)
    assert [c.grade for c in member_results(hz.trainees[0].principal)] == ["pass"]
