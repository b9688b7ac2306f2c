"""Members' attendance at their studio's activities (HN-4.3.1): the ``absence_ratio`` judge,
generalised from a trainee's sessions to each member of a studio."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import Pace, State
from touyan.compliance.views.present import short_text
from touyan.programmes.models import StudioMember
from touyan.records import services as records
from touyan.records.selectors import attendance_of_member

from ..programmes import SYSTEM, hainan
from .test_engine import activity, cell

D = dt.date
RULE = "hn-member-attendance"


def roll(session, studio_members, *, leave=(), absent=()):
    """Everyone present but those on leave or absent."""
    marks = []
    for person in studio_members:
        status = "leave" if person in leave else "absent" if person in absent else "present"
        marks.append(records.Mark(person.pk, status))
    records.record_attendance(actor=SYSTEM, activity=session, marks=marks, today=D(2030, 1, 1))


@pytest.mark.django_db
@pytest.mark.clause("HN-4.3.1")
def test_members_over_a_third_absent_are_named_and_leave_counts():
    hn = hainan(studios=1, members=10)
    studio = hn.studios[0]
    people = hn.members[studio.pk]
    steady, on_leave, absent = people[0], people[1], people[2]
    held = [
        activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 9 + n, 10))
        for n in range(3)
    ] + [
        activity(hn.programme, studios=[studio], kind="seminar", day=D(2026, 1 + n, 10))
        for n in range(3)
    ]
    for index, session in enumerate(held):
        roll(
            session,
            people,
            leave=[on_leave] if index < 2 else [],  # 2 of 6: within a third
            absent=[absent] if index < 3 else [],  # 3 of 6: over a third
        )
    result = evaluate(hn.programme, as_of=D(2026, 3, 31))
    found = cell(result, studio.pk, RULE)
    assert found.state is State.AT_RISK and found.pace is Pace.BEHIND
    assert (found.current.count, found.current.required) == (9, 10)
    assert absent.name in found.next_step and on_leave.name not in found.next_step
    assert "缺勤 3 次，含请假 0 次，共 6 次活动" in found.next_step
    assert {e.label for e in found.current.evidence} >= {f"{absent.name}：{held[0].title}（缺勤）"}
    info = next(r for r in result.rules if r.id == RULE)
    assert info.per == "member" and short_text(found, info) == "9/10"

    # One more leave for the member on leave: 3 of 7 held, over a third — leave counts too.
    seventh = activity(hn.programme, studios=[studio], kind="seminar", day=D(2026, 4, 10))
    roll(seventh, people, leave=[on_leave])
    later = cell(evaluate(hn.programme, as_of=D(2026, 5, 1)), studio.pk, RULE)
    assert on_leave.name in later.next_step and "含请假 3 次" in later.next_step

    # The member's own figures, as the pages show them.
    membership = StudioMember.objects.get(studio=studio, principal=on_leave)
    mine = attendance_of_member(membership, today=D(2026, 5, 1))
    assert (mine.held, mine.present, mine.leave, mine.absent) == (7, 4, 3, 0)
    assert mine.share == 57 and mine.below(hn_rule(hn))
    assert not attendance_of_member(
        StudioMember.objects.get(studio=studio, principal=steady), today=D(2026, 5, 1)
    ).below(hn_rule(hn))
    # At the cycle's end a member still over the share is missed.
    assert cell(evaluate(hn.programme, as_of=D(2028, 9, 1)), studio.pk, RULE).state is (
        State.MISSED
    )


def hn_rule(hn):
    from touyan.programmes.policy import spec_of

    return next(r for r in spec_of(hn.programme).rules if r.id == RULE)


@pytest.mark.django_db
@pytest.mark.clause("HN-4.3.1")
def test_only_activities_while_a_member_count_and_joint_ones_count_for_both():
    hn = hainan(studios=2, members=10)
    first, second = hn.studios
    late = hn.members[first.pk][0]
    StudioMember.objects.filter(studio=first, principal=late).update(joined_on=D(2026, 1, 1))
    before = activity(hn.programme, studios=[first], kind="seminar", day=D(2025, 10, 10))
    joint = activity(hn.programme, studios=[first, second], kind="seminar", day=D(2026, 2, 10))
    roll(before, [m for m in hn.members[first.pk] if m != late])
    roll(joint, hn.members[first.pk] + hn.members[second.pk], absent=[hn.members[second.pk][0]])
    result = evaluate(hn.programme, as_of=D(2026, 3, 1))
    assert cell(result, first.pk, RULE).state is State.MET  # the late joiner missed nothing
    # 1 of 1 held for the second studio's member: over a third.
    assert cell(result, second.pk, RULE).state is State.AT_RISK
    membership = StudioMember.objects.get(studio=first, principal=late)
    assert attendance_of_member(membership, today=D(2026, 3, 1)).held == 1


@pytest.mark.django_db
def test_member_attendance_queries_do_not_grow_with_studios():
    hn = hainan(studios=4, members=10)
    for studio in hn.studios:
        session = activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 9, 3))
        roll(session, hn.members[studio.pk], leave=hn.members[studio.pk][:1])
    ids = [s.pk for s in hn.studios]
    with CaptureQueriesContext(connection) as one:
        evaluate(hn.programme, as_of=D(2025, 12, 1), subject_ids=ids[:1])
    with CaptureQueriesContext(connection) as four:
        evaluate(hn.programme, as_of=D(2025, 12, 1))
    assert len(one.captured_queries) == len(four.captured_queries)
