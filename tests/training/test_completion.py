import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.notifications.models import Notification
from touyan.programmes.models import Studio, StudioMember, Trainee
from touyan.training.evidence import evidence_for, figures, flags
from touyan.training.models import Completion, MilestoneVerdict, RemovalCase
from touyan.training.services.completion import (
    FAIL,
    PASS,
    Choice,
    decide_cohort,
    default_pass_reason,
    judge_milestone,
    write_opinion,
)

from ..factories import PrincipalFactory
from .completion_kit import approved_plan
from .course import course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.4.3")]


def _removed(trainee: Trainee) -> None:
    import datetime as dt

    RemovalCase.objects.create(
        trainee=trainee,
        ground=RemovalCase.Ground.ABSENCE_RATIO,
        reason="累计缺勤超过五分之一",
        answer_by=dt.date(2026, 6, 1),
        state=RemovalCase.State.DECIDED,
        decision=RemovalCase.Decision.REMOVE,
        decision_reason="缺勤 30%，予以淘汰",
    )
    trainee.status = Trainee.Status.REMOVED
    trainee.save(update_fields=["status"])


@pytest.mark.clause("HZ-3.3.3", "HZ-3.3.3.1")
def test_the_evidence_holds_hours_attendance_studio_plan_opinion_and_flags():
    c = course()
    trainee = c.trainees[0]
    plan = approved_plan(trainee)
    milestone = plan.approved.milestones.first()
    studio = Studio.objects.create(
        programme=c.programme,
        name="学员0名校长工作室",
        host=trainee.principal,
        base_school=trainee.principal.school,
        region_id=trainee.principal.school.region_id,
        founder=trainee,
    )
    for _ in range(3):
        StudioMember.objects.create(
            studio=studio, principal=PrincipalFactory(), joined_on=c.hz.cohort.starts_on
        )
    judge_milestone(actor=Actor(c.mentor), trainee=trainee, milestone=milestone, level="met")
    write_opinion(actor=Actor(c.lead), trainee=trainee, text="学习认真，成果突出。")
    ev = evidence_for(c.hz.cohort, [trainee])[trainee.pk]
    assert ev["hours"]["required"] == 270
    assert ev["studio"] == {
        "name": "学员0名校长工作室",
        "members": 3,
        "activities": 0,
        "revoked": False,
    }
    assert [m["level"] for m in ev["plan"]["milestones"]] == ["met", None]
    assert ev["mentor_opinion"]["text"] == "学习认真，成果突出。"
    numbers = figures(ev)
    assert (numbers["milestones"], numbers["milestones_met"]) == (2, 1)
    found = flags(ev)
    assert any("学时不足" in f for f in found)
    assert "1 个里程碑尚未评价" in found
    assert "导师团队意见尚未填写" not in found


def test_the_evidence_of_a_cohort_takes_a_constant_number_of_queries(django_assert_max_num_queries):
    c = course(trainees=3)
    for trainee in c.trainees:
        approved_plan(trainee)
    trainees = list(c.trainees)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        evidence_for(c.hz.cohort, trainees[:1])
    with CaptureQueriesContext(connection) as three:
        evidence_for(c.hz.cohort, trainees)
    assert len(three) == len(one)


@pytest.mark.clause("HZ-3.3.4")
def test_only_the_lead_mentor_writes_the_opinion():
    c = course()
    trainee = c.trainees[0]
    for outsider in (c.mentor, c.other_mentor, c.account(trainee)):
        with pytest.raises(PermissionDenied):
            write_opinion(actor=Actor(outsider), trainee=trainee, text="意见")
    with pytest.raises(ValidationError):
        write_opinion(actor=Actor(c.lead), trainee=trainee, text="  ")
    write_opinion(actor=Actor(c.lead), trainee=trainee, text="初稿")
    opinion = write_opinion(actor=Actor(c.lead), trainee=trainee, text="定稿")
    assert opinion.text == "定稿"
    trail = AuditEntry.objects.filter(target_type__model="mentoropinion", target_id=str(opinion.pk))
    assert trail.count() == 2


@pytest.mark.clause("HZ-3.3.3")
def test_milestones_of_the_approved_plan_are_judged_by_the_centre_or_the_mentors(cast):
    c = course()
    trainee = c.trainees[0]
    plan = approved_plan(trainee)
    first, second = plan.approved.milestones.all()
    judge_milestone(actor=Actor(cast.hz_centre), trainee=trainee, milestone=first, level="partly")
    judge_milestone(actor=Actor(c.mentor), trainee=trainee, milestone=first, level="met", note="好")
    verdict = MilestoneVerdict.objects.get(plan=plan, milestone=first)
    assert (verdict.level, verdict.note, verdict.judged_by) == ("met", "好", c.mentor)
    for outsider in (c.other_mentor, c.account(trainee), cast.xihu):
        with pytest.raises(PermissionDenied):
            judge_milestone(actor=Actor(outsider), trainee=trainee, milestone=second, level="met")
    other_plan = approved_plan(c.trainees[1])
    with pytest.raises(ValidationError):
        judge_milestone(
            actor=Actor(c.lead),
            trainee=trainee,
            milestone=other_plan.approved.milestones.first(),
            level="met",
        )


def test_the_centre_decides_a_cohort_with_reasons_and_the_trainee_and_district_are_told(cast):
    c = course(trainees=3)
    first, second, third = c.trainees
    _removed(third)
    write_opinion(actor=Actor(c.lead), trainee=first, text="优秀")
    with pytest.raises(ValidationError):  # a fail needs its reason
        decide_cohort(
            actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={second.pk: Choice(FAIL)}
        )
    with pytest.raises(ValidationError):  # a removed trainee is not decided
        decide_cohort(
            actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={third.pk: Choice(PASS)}
        )
    with pytest.raises(PermissionDenied):
        decide_cohort(actor=Actor(cast.xihu), cohort=c.hz.cohort, choices={first.pk: Choice(PASS)})
    done = decide_cohort(
        actor=Actor(cast.hz_centre),
        cohort=c.hz.cohort,
        choices={first.pk: Choice(PASS), second.pk: Choice(FAIL, "研究报告未完成")},
    )
    assert len(done) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Trainee.Status.COMPLETED, Trainee.Status.ACTIVE)
    passed = Completion.objects.get(trainee=first)
    assert passed.reason == default_pass_reason()
    assert passed.mentor_opinion == "优秀"
    assert passed.evidence["mentor_opinion"]["text"] == "优秀"
    assert passed.evidence["hours"]["required"] == 270
    assert AuditEntry.objects.filter(
        target_type__model="completion", target_id=str(passed.pk)
    ).exists()
    assert Notification.objects.filter(user=c.account(first)).exists()
    assert Notification.objects.filter(user=cast.xihu).exists()  # trainee0's school is in 西湖区
    assert not Notification.objects.filter(user=cast.binjiang, title__contains="学员0").exists()


def test_a_decision_is_corrected_until_the_certificate(cast, monkeypatch):
    c = course()
    first = c.trainees[0]
    decide_cohort(actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={first.pk: Choice(PASS)})
    decide_cohort(
        actor=Actor(cast.hz_centre),
        cohort=c.hz.cohort,
        choices={first.pk: Choice(FAIL, "论文存在抄袭")},
    )
    first.refresh_from_db()
    assert first.status == Trainee.Status.ACTIVE
    assert Completion.objects.get(trainee=first).result == FAIL
    entry = AuditEntry.objects.filter(note="更正结业结论").get()
    assert entry.changes["result"] == [PASS, FAIL]
    with pytest.raises(ValidationError):  # decided: the opinion is frozen
        write_opinion(actor=Actor(c.lead), trainee=first, text="补充")
    monkeypatch.setattr(
        "touyan.training.services.completion.certificates_of",
        lambda ids: {first.pk: {"number": "HZ-1", "url": "", "revoked": False}},
    )
    with pytest.raises(ValidationError, match="证书"):
        decide_cohort(
            actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={first.pk: Choice(PASS)}
        )


@pytest.mark.clause("HZ-3.3.3")
def test_the_comprehensive_rounds_dossier_carries_the_training_sections(cast):
    import datetime as dt

    from touyan.assessment.dossier import assemble_many
    from touyan.assessment.services.rounds import open_round, periods_for

    c = course()
    period = periods_for(c.programme, "final", cohort=c.hz.cohort)[0]
    round_ = open_round(
        actor=Actor(cast.hz_centre),
        programme=c.programme,
        code="final",
        period=period.key,
        opens_on=period.end - dt.timedelta(days=30),
        closes_on=period.end,
        cohort=c.hz.cohort,
    )
    cases = list(round_.cases.all())
    dossiers = assemble_many(round_, cases)
    dossier = dossiers[cases[0].pk]
    assert {"studio", "plan", "mentor_opinion", "removal", "hours"} <= set(dossier)


def test_the_demo_story_decides_every_active_trainee(cast):
    import random

    from touyan.demo.training_completion import build_completion

    c = course(trainees=4, mentored=2)
    approved_plan(c.trainees[0])
    _removed(c.trainees[3])
    counts = build_completion(
        actor=Actor(cast.hz_centre),
        rng=random.Random(4),
        today=c.hz.cohort.starts_on,
        cohort=c.hz.cohort,
        lead_mentors=[c.lead, c.other_mentor],
    )
    assert counts["opinions"] == 3 and counts["verdicts"] == 2
    assert (counts["passed"], counts["failed"]) == (2, 1)  # no hours recorded: one fails
    assert Completion.objects.count() == 3
    failed = Completion.objects.get(result="fail")
    assert "学时不足" in failed.reason
    assert not Completion.objects.filter(trainee=c.trainees[3]).exists()
