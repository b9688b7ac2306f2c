import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.programmes.models import Trainee
from touyan.training.models import Replacement
from touyan.training.services import replacement as replacements
from touyan.training.services.removal import decide_case

from .course import course
from .removal_data import SYSTEM, D, centre_opens, ranking

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.4.1", "HZ-4.2.4")]


def removed(c, cast, index=0):
    case = centre_opens(cast.hz_centre, c.trainees[index], reason="严重违纪")
    return decide_case(
        actor=Actor(cast.hz_centre),
        case=case,
        decision="remove",
        reason="予以淘汰",
        today=D(2026, 4, 9),
    )


def test_the_next_candidates_come_from_the_call_ranking_best_score_first(cast):
    c = course()
    ranking(c.programme, c.hz.cohort, scores=(80, 88, 85))
    names = [a.principal.name for a in replacements.candidates(c.hz.cohort)]
    assert names == ["候补1", "候补2", "候补0"]


def test_without_a_notice_the_candidate_is_enrolled_at_once(cast, pin_today):
    pin_today(D(2026, 4, 10))
    c = course()
    ranking(c.programme, c.hz.cohort, notice_days=0)
    case = removed(c, cast)
    best = replacements.candidates(c.hz.cohort).first()
    for outsider in (cast.xihu, c.lead, c.account(c.trainees[1])):
        with pytest.raises(PermissionDenied):
            replacements.replace(actor=Actor(outsider), removal=case, application=best, reason="x")
    with pytest.raises(ValidationError):
        replacements.replace(actor=Actor(cast.hz_centre), removal=case, application=best, reason="")
    done = replacements.replace(
        actor=Actor(cast.hz_centre), removal=case, application=best, reason="按评分依次递补"
    )
    assert done.trainee.principal == best.principal and done.notice_ends_on is None
    assert done.trainee.status == Trainee.Status.ACTIVE
    assert AuditEntry.objects.filter(target_id=str(done.pk), note="按评分依次递补").exists()
    # The place is taken: a second replacement for the same removal is refused.
    with pytest.raises(ValidationError):
        replacements.replace(
            actor=Actor(cast.hz_centre),
            removal=case,
            application=replacements.candidates(c.hz.cohort).first(),
            reason="再递补",
        )


def test_with_a_notice_the_candidate_is_enrolled_when_it_ends(cast, pin_today):
    pin_today(D(2026, 4, 10))  # a Friday
    c = course()
    ranking(c.programme, c.hz.cohort)  # the preset: 5 working days
    case = removed(c, cast)
    best = replacements.candidates(c.hz.cohort).first()
    done = replacements.replace(
        actor=Actor(cast.hz_centre), removal=case, application=best, reason="按评分依次递补"
    )
    assert done.trainee is None and done.notice_ends_on == D(2026, 4, 16)
    assert replacements.free_places(c.hz.cohort) == 50 - 3  # the pending one holds its place
    assert replacements.enrol_due(actor=SYSTEM, today=D(2026, 4, 16)) == 0
    assert replacements.enrol_due(actor=SYSTEM, today=D(2026, 4, 17)) == 1
    done.refresh_from_db()
    assert done.trainee.principal == best.principal


def test_an_upheld_objection_withdraws_the_replacement(cast, pin_today):
    pin_today(D(2026, 4, 10))
    c = course()
    ranking(c.programme, c.hz.cohort)
    case = removed(c, cast)
    best = replacements.candidates(c.hz.cohort).first()
    done = replacements.replace(
        actor=Actor(cast.hz_centre), removal=case, application=best, reason="递补"
    )
    with pytest.raises(ValidationError):
        replacements.withdraw(actor=Actor(cast.hz_centre), replacement=done, reason=" ")
    replacements.withdraw(actor=Actor(cast.hz_centre), replacement=done, reason="公示异议成立")
    assert not Replacement.objects.exists()
    assert best in replacements.candidates(c.hz.cohort)


@pytest.mark.clause("HZ-4.2.4")
def test_no_replacement_while_the_cohort_is_full(cast, pin_today, monkeypatch):
    pin_today(D(2026, 4, 10))
    c = course()
    ranking(c.programme, c.hz.cohort, notice_days=0)
    case = removed(c, cast)
    monkeypatch.setattr(replacements, "capacity", lambda cohort: 2)  # 2 trainees still active
    with pytest.raises(ValidationError, match="名额已满"):
        replacements.replace(
            actor=Actor(cast.hz_centre),
            removal=case,
            application=replacements.candidates(c.hz.cohort).first(),
            reason="递补",
        )


def test_only_a_removal_frees_a_place(cast):
    c = course()
    ranking(c.programme, c.hz.cohort, notice_days=0)
    case = centre_opens(cast.hz_centre, c.trainees[0], reason="x")
    kept = decide_case(
        actor=Actor(cast.hz_centre), case=case, decision="keep", reason="警告", today=D(2026, 4, 9)
    )
    with pytest.raises(ValidationError):
        replacements.replace(
            actor=Actor(cast.hz_centre),
            removal=kept,
            application=replacements.candidates(c.hz.cohort).first(),
            reason="递补",
        )
