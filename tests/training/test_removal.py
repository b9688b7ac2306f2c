import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.notifications.models import Notification
from touyan.policies import schema
from touyan.policies.loading import load_policy
from touyan.policies.presets import preset_text
from touyan.programmes.models import Trainee
from touyan.training import jobs_removal
from touyan.training.models import MentorTeam, RemovalCase
from touyan.training.services.removal import (
    answer_case,
    decide_case,
    open_case,
    open_due_cases,
)

from .course import course
from .removal_data import SYSTEM, D, attend, session

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.4.1")]
G = RemovalCase.Ground


def absent_once(c, day=None, who=None):
    day = day or D(2026, 3, 9)
    activity = session(c.programme, c.hz.cohort, day)
    attend(activity, c.trainees, absent=[who or c.trainees[0]], today=day)
    return activity


def test_an_unexcused_absence_opens_a_case_by_itself_once(cast):
    c = course()
    absent_once(c)
    opened = open_due_cases(actor=SYSTEM, programme=c.programme, as_of=D(2026, 3, 10))
    assert [case.trainee for case in opened] == [c.trainees[0]]
    case = opened[0]
    assert case.ground == G.UNEXCUSED_ABSENCE and case.rule_id == "hz-unexcused-absence"
    assert case.answer_by == D(2026, 3, 17)  # the Hangzhou preset: 7 days
    assert "attendance:" in case.basis["hz-unexcused-absence"]["evidence"][0]
    # The same facts open nothing again, nor does the job.
    assert open_due_cases(actor=SYSTEM, programme=c.programme, as_of=D(2026, 3, 11)) == []
    assert jobs_removal.run(today=D(2026, 3, 11))["opened"] == 0
    assert RemovalCase.objects.count() == 1
    # The trainee and the district officer of the trainee's school (西湖区) are told.
    assert Notification.objects.filter(user=c.account(c.trainees[0])).exists()
    assert Notification.objects.filter(user=cast.xihu).exists()
    assert not Notification.objects.filter(user=cast.binjiang).exists()


def test_one_open_case_per_trainee_is_a_database_constraint():
    c = course()
    case = open_case(
        actor=SYSTEM, trainee=c.trainees[0], ground=G.OTHER, reason="严重违纪", today=D(2026, 4, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RemovalCase.objects.create(
            trainee=case.trainee, ground=G.OTHER, reason="又一件", answer_by=D(2026, 4, 8)
        )


def test_after_keep_a_case_reopens_only_on_new_evidence(cast):
    c = course()
    absent_once(c)
    (case,) = open_due_cases(actor=SYSTEM, programme=c.programme, as_of=D(2026, 3, 10))
    centre = Actor(cast.hz_centre)
    answer_case(
        actor=Actor(c.account(c.trainees[0])), case=case, answer="家中急事", today=D(2026, 3, 11)
    )
    decide_case(actor=centre, case=case, decision="keep", reason="情有可原，予以警告")
    assert open_due_cases(actor=SYSTEM, programme=c.programme, as_of=D(2026, 3, 20)) == []
    absent_once(c, day=D(2026, 3, 23))
    (again,) = open_due_cases(actor=SYSTEM, programme=c.programme, as_of=D(2026, 3, 24))
    assert again.trainee == c.trainees[0] and again.pk != case.pk


def test_the_trainee_answers_within_the_days_and_the_centre_decides_to_remove(cast):
    c = course()
    trainee = c.trainees[0]
    absent_once(c)
    (case,) = open_due_cases(actor=SYSTEM, programme=c.programme, as_of=D(2026, 3, 10))
    centre = Actor(cast.hz_centre)
    with pytest.raises(ValidationError, match="申辩"):  # neither answered nor past the deadline
        decide_case(actor=centre, case=case, decision="remove", reason="x", today=D(2026, 3, 12))
    for outsider in (c.account(c.trainees[1]), cast.xihu, c.lead):
        with pytest.raises(PermissionDenied):
            answer_case(actor=Actor(outsider), case=case, answer="x", today=D(2026, 3, 12))
    answer_case(actor=Actor(c.account(trainee)), case=case, answer="我有异议", today=D(2026, 3, 12))
    for outsider in (c.account(trainee), cast.xihu, c.lead):
        with pytest.raises(PermissionDenied):
            decide_case(actor=Actor(outsider), case=case, decision="remove", reason="x")
    with pytest.raises(ValidationError):
        decide_case(actor=centre, case=case, decision="remove", reason="  ")
    decided = decide_case(
        actor=centre,
        case=case,
        decision="remove",
        reason="未经同意缺席集中培训",
        today=D(2026, 3, 12),
    )
    assert decided.state == "decided" and decided.decided_by == cast.hz_centre
    trainee.refresh_from_db()
    assert trainee.status == Trainee.Status.REMOVED
    assert not MentorTeam.objects.filter(trainees=trainee).exists()
    assert AuditEntry.objects.filter(target_id=str(trainee.pk), note__contains="淘汰").exists()
    assert Notification.objects.filter(user=cast.xihu, title__contains="予以淘汰").exists()
    # Removed: no further sessions expected of them, and no further case.
    later = session(c.programme, c.hz.cohort, D(2026, 3, 23))
    with pytest.raises(ValidationError, match="应到"):
        attend(later, [trainee], absent=[trainee], today=D(2026, 3, 23))
    assert open_due_cases(actor=SYSTEM, programme=c.programme, as_of=D(2026, 3, 24)) == []


def test_an_unanswered_case_is_decided_after_the_deadline_and_answers_come_in_time(cast):
    c = course()
    case = open_case(
        actor=Actor(cast.hz_centre),
        trainee=c.trainees[1],
        ground=G.TASKS_OR_ASSESSMENT,
        reason="未提交学习报告",
        today=D(2026, 4, 1),
    )
    with pytest.raises(ValidationError, match="届满"):
        answer_case(
            actor=Actor(c.account(c.trainees[1])), case=case, answer="晚了", today=D(2026, 4, 9)
        )
    kept = decide_case(
        actor=Actor(cast.hz_centre), case=case, decision="keep", reason="警告", today=D(2026, 4, 9)
    )
    assert kept.decision == "keep"
    c.trainees[1].refresh_from_db()
    assert c.trainees[1].status == Trainee.Status.ACTIVE


def test_the_centre_opens_by_hand_only_on_grounds_three_and_four_with_a_reason(cast):
    c = course()
    centre = Actor(cast.hz_centre)
    with pytest.raises(ValidationError):
        open_case(actor=centre, trainee=c.trainees[0], ground=G.ABSENCE_RATIO, reason="缺勤")
    with pytest.raises(ValidationError):
        open_case(actor=centre, trainee=c.trainees[0], ground=G.OTHER, reason="  ")
    for outsider in (cast.xihu, c.lead, c.account(c.trainees[0]), cast.hn_admin):
        with pytest.raises(PermissionDenied):
            open_case(actor=Actor(outsider), trainee=c.trainees[0], ground=G.OTHER, reason="x")
    open_case(actor=centre, trainee=c.trainees[0], ground=G.OTHER, reason="严重违纪")
    with pytest.raises(ValidationError, match="未决"):
        open_case(actor=centre, trainee=c.trainees[0], ground=G.OTHER, reason="另一件")


def test_the_answer_days_come_from_the_policy():
    policy = load_policy(preset_text("hangzhou-training"))
    assert policy.training.removal_answer_days == 7
    assert schema.Training().removal_answer_days == 7
    with pytest.raises(ValueError):
        schema.Training(removal_answer_days=0)


@pytest.mark.clause("HZ-3.4.3")
def test_a_failed_process_assessment_opens_a_case_on_ground_three(cast):
    from tests.assessment.rounds import trainee_round
    from touyan.assessment.services.direct import grade_case, publish_direct_round

    c = course()
    round_ = trainee_round(c.hz)
    centre = Actor(cast.hz_centre)
    cases = list(round_.cases.order_by("pk"))
    for case in cases[:2]:
        grade_case(actor=centre, case=case, grade="pass")
    grade_case(actor=centre, case=cases[2], grade="fail", comment="学时严重不足")
    publish_direct_round(actor=centre, round_=round_)
    (opened,) = RemovalCase.objects.all()
    assert opened.trainee == cases[2].trainee
    assert opened.ground == G.TASKS_OR_ASSESSMENT and opened.assessment_case == cases[2]
    assert "学时严重不足" in opened.reason
    assert jobs_removal.run(today=dt.date.today())["opened"] == 0  # once per assessment case
