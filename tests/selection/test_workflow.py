"""The selection chain through its services: apply, district review and batch, expert review,
decision, notice with objections, final list."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.programmes import SYSTEM
from tests.selection_chain import (
    STATEMENTS,
    actor_of,
    after_closing,
    applicant,
    apply,
    candidate_call,
    endorse_and_send,
    expert,
    officer,
    to_decision,
)
from touyan.audit.models import AuditEntry
from touyan.core.transitions import AlreadyDone
from touyan.notifications.models import Notification
from touyan.people.enums import Position, Title
from touyan.programmes.models import Trainee
from touyan.regions.models import Region
from touyan.selection import selectors
from touyan.selection.models import Application, Call, Review
from touyan.selection.services import applications, calls, decisions, district, reviews

S = Application.Status


@pytest.mark.clause("HZ-4.1.1")
def test_nothing_is_accepted_before_opening_or_after_closing(db):
    now = timezone.now()
    chain = candidate_call()
    principal = applicant()
    early = now - dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="申报尚未开始"):
        applications.start_application(
            actor=actor_of(principal.user), call=chain.call, principal=principal, now=early
        )
    late = now + dt.timedelta(days=11)
    with pytest.raises(ValidationError, match="截止，不再接受申报"):
        applications.start_application(
            actor=actor_of(principal.user), call=chain.call, principal=principal, now=late
        )
    application = apply(chain.call, principal, submit=False)
    with pytest.raises(ValidationError, match="截止，不再接受申报"):
        applications.submit_application(
            actor=actor_of(principal.user), application=application, now=late
        )


@pytest.mark.clause("HZ-2.2")
def test_eligibility_is_computed_with_reasons_and_the_or_branch_goes_to_experts(db):
    chain = candidate_call()
    short = applicant(appointed_on=timezone.localdate() - dt.timedelta(days=2 * 365 + 220))
    with pytest.raises(ValidationError) as refused:
        apply(chain.call, short)
    assert "不满3年" in " ".join(refused.value.messages)
    assert "任现职2年7个月" in " ".join(refused.value.messages)

    junior = applicant(title=Title.FIRST)
    application = apply(chain.call, junior)
    assert application.status == S.SUBMITTED
    assert application.outcome == "experts"
    title = next(f for f in application.eligibility if f["code"] == "title")
    assert title["outcome"] == "experts"
    assert "在学校管理方面有突出贡献" in title["reason"]

    vice = applicant(position=Position.VICE_PRINCIPAL)
    with pytest.raises(ValidationError, match="职务为副校长"):
        apply(chain.call, vice)


@pytest.mark.clause("HZ-2.3")
def test_statements_and_required_evidence_are_asked_for(db):
    chain = candidate_call()
    principal = applicant()
    missing = {k: v for k, v in STATEMENTS.items() if k != "integrity"}
    with pytest.raises(ValidationError, match="须填写陈述"):
        apply(chain.call, principal, statements=missing)
    other = applicant()
    with pytest.raises(ValidationError, match="须上传"):
        apply(chain.call, other, evidence=False)


def test_corrections_are_kept_as_requests_and_the_registry_is_unchanged(db):
    chain = candidate_call()
    principal = applicant(title=Title.FIRST)
    actor = actor_of(principal.user)
    application = applications.start_application(actor=actor, call=chain.call, principal=principal)
    applications.save_application(
        actor=actor,
        application=application,
        statements=STATEMENTS,
        corrections={"title": "高级教师"},
    )
    principal.refresh_from_db()
    application.refresh_from_db()
    assert principal.title == Title.FIRST
    assert application.corrections == {"title": "高级教师"}


def test_a_submitted_application_is_locked(db):
    chain = candidate_call()
    application = apply(chain.call, applicant())
    with pytest.raises(ValidationError, match="不能再修改"):
        applications.save_application(
            actor=actor_of(application.principal.user),
            application=application,
            statements=STATEMENTS,
        )


def test_only_the_applicant_changes_their_application(db):
    chain = candidate_call()
    application = apply(chain.call, applicant(), submit=False)
    stranger = applicant()
    with pytest.raises(PermissionDenied):
        applications.save_application(
            actor=actor_of(stranger.user), application=application, statements=STATEMENTS
        )


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_district_reviews_only_its_own_and_the_stamp_records_who_when_and_office(db):
    chain = candidate_call()
    xihu_app = apply(chain.call, applicant("330106"))
    binjiang_app = apply(chain.call, applicant("330108"))
    xihu = officer("330106")
    with pytest.raises(PermissionDenied):
        district.review_application(
            actor=actor_of(xihu), application=binjiang_app, decision="endorse"
        )
    district.review_application(actor=actor_of(xihu), application=xihu_app, decision="endorse")
    xihu_app.refresh_from_db()
    assert xihu_app.status == S.ENDORSED
    assert xihu_app.reviewed_by == xihu
    assert xihu_app.review_office == "杭州市西湖区教育局"
    assert xihu_app.reviewed_at is not None
    seen = selectors.district_applications(xihu, chain.call, "330106")
    assert list(seen) == [xihu_app]
    assert not selectors.district_applications(xihu, chain.call, "330108").exists()


@pytest.mark.clause("HZ-4.1.2")
def test_two_approvals_of_one_application_apply_once(db):
    chain = candidate_call()
    application = apply(chain.call, applicant())
    first, second = officer(), officer()
    district.review_application(actor=actor_of(first), application=application, decision="endorse")
    with pytest.raises(AlreadyDone, match="审核通过"):
        district.review_application(
            actor=actor_of(second), application=application, decision="endorse"
        )
    entries = AuditEntry.objects.filter(
        target_type__model="application", target_id=str(application.pk), changes__has_key="status"
    )
    assert [e.changes["status"][1] for e in entries] == [S.ENDORSED, S.SUBMITTED]


def test_return_needs_a_reason_and_the_applicant_may_resubmit(db):
    chain = candidate_call()
    application = apply(chain.call, applicant())
    user = officer()
    with pytest.raises(ValidationError, match="须写明理由"):
        district.review_application(
            actor=actor_of(user), application=application, decision="return"
        )
    district.review_application(
        actor=actor_of(user), application=application, decision="return", note="请补充职称证书"
    )
    application.refresh_from_db()
    assert application.status == S.RETURNED
    assert Notification.objects.filter(user=application.principal.user).exists()
    applications.submit_application(
        actor=actor_of(application.principal.user), application=application
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


@pytest.mark.clause("HZ-4.1.2")
def test_a_batch_needs_every_case_reviewed_and_ranked_and_is_sent_once(db):
    chain = candidate_call()
    apps = [apply(chain.call, applicant()) for _ in range(2)]
    user = officer()
    area = Region.objects.get(code="330106")
    with pytest.raises(ValidationError, match="未审核"):
        district.submit_batch(actor=actor_of(user), call=chain.call, district=area)
    for application in apps:
        district.review_application(
            actor=actor_of(user), application=application, decision="endorse"
        )
    with pytest.raises(ValidationError, match="排序"):
        district.submit_batch(actor=actor_of(user), call=chain.call, district=area)
    with pytest.raises(ValidationError, match="每一位"):
        district.rank_candidates(
            actor=actor_of(user), call=chain.call, district=area, order=[apps[0].pk]
        )
    district.rank_candidates(
        actor=actor_of(user), call=chain.call, district=area, order=[apps[1].pk, apps[0].pk]
    )
    batch = district.submit_batch(actor=actor_of(user), call=chain.call, district=area)
    assert batch.candidates == 2 and batch.office == "杭州市西湖区教育局"
    with pytest.raises(AlreadyDone, match="已于"):
        district.submit_batch(actor=actor_of(user), call=chain.call, district=area)
    assert {a.pk for a in selectors.forwarded(chain.call)} == {a.pk for a in apps}


def test_expert_review_waits_for_the_closing_and_decisions_wait_for_the_review(db):
    chain = candidate_call()
    application = apply(chain.call, applicant())
    endorse_and_send(chain.call, "330106", [application])
    with pytest.raises(ValidationError, match="尚未截止"):
        calls.start_review(actor=SYSTEM, call=chain.call)
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    with pytest.raises(ValidationError, match="专家评审"):
        decisions.decide(actor=SYSTEM, application=application, selected=True, reason="优秀")


@pytest.mark.clause("HZ-4.1.3")
def test_experts_never_review_their_own_school_or_a_declared_conflict(db):
    chain = candidate_call()
    principals = [applicant() for _ in range(3)]
    apps = [apply(chain.call, p) for p in principals]
    endorse_and_send(chain.call, "330106", apps)
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    colleague = expert(school=principals[0].school)
    declared = expert()
    others = [expert() for _ in range(3)]
    for user in [colleague, declared, *others]:
        reviews.add_to_panel(actor=SYSTEM, call=chain.call, expert=user)
    reviews.declare_conflict(
        actor=actor_of(declared),
        call=chain.call,
        expert=declared,
        principal=principals[1],
        reason="师生关系",
    )
    reviews.assign_automatically(actor=SYSTEM, call=chain.call)
    pairs = set(Review.objects.values_list("application_id", "expert_id"))
    assert (apps[0].pk, colleague.pk) not in pairs
    assert (apps[1].pk, declared.pk) not in pairs
    assert all(Review.objects.filter(application=a).count() == 3 for a in apps)
    with pytest.raises(ValidationError, match="同一学校"):
        reviews.assign_expert(actor=SYSTEM, application=apps[0], expert=colleague)


@pytest.mark.clause("HZ-4.1.3")
def test_scores_follow_the_rubric_and_are_averaged(db):
    chain = candidate_call()
    application = apply(chain.call, applicant())
    endorse_and_send(chain.call, "330106", [application])
    calls.start_review(actor=SYSTEM, call=chain.call, now=after_closing(chain.call))
    panel = [expert() for _ in range(3)]
    for user in panel:
        reviews.add_to_panel(actor=SYSTEM, call=chain.call, expert=user)
    reviews.assign_automatically(actor=SYSTEM, call=chain.call)
    review = Review.objects.filter(application=application).first()
    with pytest.raises(ValidationError, match="0 到 25"):
        reviews.submit_review(
            actor=actor_of(review.expert),
            review=review,
            scores={
                "ideas": 30,
                "moral_education": 20,
                "development": 20,
                "reputation": 20,
                "contribution": 5,
            },
            comment="好",
        )
    with pytest.raises(PermissionDenied):
        reviews.submit_review(
            actor=actor_of(panel[0] if review.expert != panel[0] else panel[1]),
            review=review,
            scores={},
            comment="x",
        )
    totals = []
    for index, review in enumerate(Review.objects.filter(application=application)):
        scores = {
            "ideas": 20 + index,
            "moral_education": 15,
            "development": 20,
            "reputation": 15,
            "contribution": 5,
        }
        reviews.submit_review(
            actor=actor_of(review.expert), review=review, scores=scores, comment="翔实"
        )
        totals.append(sum(scores.values()))
    application.refresh_from_db()
    assert application.score == sum(totals) / 3
    assert application.scored_reviews == 3


@pytest.mark.clause("HZ-4.1.3")
def test_decisions_respect_the_places_and_the_notice_lists_the_selected(db):
    chain = candidate_call(places=1)
    apps = [apply(chain.call, applicant()) for _ in range(2)]
    endorse_and_send(chain.call, "330106", apps)
    to_decision(chain)
    with pytest.raises(ValidationError, match="审定理由"):
        decisions.decide(actor=SYSTEM, application=apps[0], selected=True, reason=" ")
    decisions.decide(actor=SYSTEM, application=apps[0], selected=True, reason="综合评分第一")
    with pytest.raises(ValidationError, match="名额 1 人已满"):
        decisions.decide(actor=SYSTEM, application=apps[1], selected=True, reason="x")
    with pytest.raises(ValidationError, match="未审定"):
        decisions.publish_notice(actor=SYSTEM, call=chain.call)
    decisions.decide(actor=SYSTEM, application=apps[1], selected=False, reason="评分排名靠后")
    monday = dt.date(2026, 11, 23)
    notice = decisions.publish_notice(actor=SYSTEM, call=chain.call, starts_on=monday, today=monday)
    assert notice.ends_on == dt.date(2026, 11, 27)
    chain.call.refresh_from_db()
    assert chain.call.stage == Call.Stage.NOTICE


@pytest.mark.clause("HZ-4.1.3")
def test_an_upheld_objection_strikes_and_the_rest_become_trainees(db):
    chain = candidate_call(places=2)
    apps = [apply(chain.call, applicant()) for _ in range(3)]
    endorse_and_send(chain.call, "330106", apps)
    to_decision(chain)
    decisions.decide(actor=SYSTEM, application=apps[0], selected=True, reason="第一")
    decisions.decide(actor=SYSTEM, application=apps[1], selected=True, reason="第二")
    decisions.decide(actor=SYSTEM, application=apps[2], selected=False, reason="第三")
    monday = dt.date(2026, 11, 23)
    notice = decisions.publish_notice(actor=SYSTEM, call=chain.call, starts_on=monday, today=monday)
    with pytest.raises(ValidationError, match="联系方式"):
        decisions.lodge_objection(
            actor=SYSTEM,
            notice=notice,
            name="王某",
            contact="",
            text="反映该校存在违规办学行为。",
            today=monday,
        )
    with pytest.raises(ValidationError, match="不在公示期内"):
        decisions.lodge_objection(
            actor=SYSTEM,
            notice=notice,
            name="王某",
            contact="13900000000",
            text="反映该校存在违规办学行为。",
            today=dt.date(2026, 12, 1),
        )
    objection = decisions.lodge_objection(
        actor=SYSTEM,
        notice=notice,
        name="王某",
        contact="13900000000",
        text="反映该校存在违规办学行为，请核查。",
        application=apps[1],
        today=monday,
    )
    with pytest.raises(ValidationError, match="期满后"):
        decisions.finalise(actor=SYSTEM, call=chain.call, today=dt.date(2026, 11, 27))
    with pytest.raises(ValidationError, match="未处理的异议"):
        decisions.finalise(actor=SYSTEM, call=chain.call, today=dt.date(2026, 11, 30))
    decisions.handle_objection(
        actor=SYSTEM, objection=objection, upheld=True, handling="经核查属实，取消拟入选资格。"
    )
    confirmed = decisions.finalise(actor=SYSTEM, call=chain.call, today=dt.date(2026, 11, 30))
    assert [a.pk for a in confirmed] == [apps[0].pk]
    assert Application.objects.get(pk=apps[1].pk).status == S.STRUCK
    trainees = Trainee.objects.filter(cohort=chain.cohort)
    assert [t.principal_id for t in trainees] == [apps[0].principal_id]
    chain.call.refresh_from_db()
    assert chain.call.stage == Call.Stage.FINAL


def test_a_case_whose_batch_was_never_sent_cannot_be_decided(db):
    chain = candidate_call(places=2)
    sent = apply(chain.call, applicant("330106"))
    endorse_and_send(chain.call, "330106", [sent])
    kept = apply(chain.call, applicant("330108"))
    district.review_application(
        actor=actor_of(officer("330108")), application=kept, decision="endorse"
    )
    to_decision(chain)
    with pytest.raises(ValidationError, match="不在审定范围内"):
        decisions.decide(actor=SYSTEM, application=kept, selected=True, reason="优秀")
