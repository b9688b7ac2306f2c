"""Link schools over time (EX-7): a designation's date is neither in the future nor before the
principal took part, and a school designated again is a new designation beside the ended one,
so the periods between them are not covered."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import State
from touyan.programmes import services
from touyan.programmes.link_schools import (
    designate_link_school,
    end_link_school,
    taking_part_since,
)
from touyan.programmes.models import LinkSchool

from ..factories import PrincipalFactory, SchoolFactory
from ..programmes import SYSTEM, hainan, hangzhou
from .rule_kinds import hainan_text
from .test_engine import activity, by_period, cell

D = dt.date

pytestmark = [pytest.mark.django_db, pytest.mark.clause("EX-7")]


def _rural(name):
    return SchoolFactory(name=name, region_id="460106", is_rural=True)


def _designate(hn, principal, school, day):
    return designate_link_school(
        actor=SYSTEM, programme=hn.programme, principal=principal, school=school, designated_on=day
    )


def test_a_designation_dated_after_today_is_refused():
    hn = hainan(studios=1, members=1, text=hainan_text())
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="确定日期不能晚于今天") as refused:
        _designate(hn, hn.studios[0].host, _rural("村校"), tomorrow)
    assert "designated_on" in refused.value.message_dict
    assert not LinkSchool.objects.exists()


def test_a_designation_dated_before_the_principal_took_part_is_refused():
    hn = hainan(studios=1, members=1, text=hainan_text())  # programme and members from 2025-09-01
    studio = hn.studios[0]
    member = hn.members[studio.pk][0]
    late = PrincipalFactory(name="后加入成员", school=_rural("后加入成员学校"))
    services.add_member(actor=SYSTEM, studio=studio, principal=late, joined_on=D(2025, 11, 1))
    school = _rural("村校")
    for principal, day, since in (
        (studio.host, D(2025, 8, 31), "2025-09-01"),
        (member, D(2025, 8, 31), "2025-09-01"),
        (late, D(2025, 10, 31), "2025-11-01"),
    ):
        with pytest.raises(ValidationError, match=f"参加本项目的日期（{since}）") as refused:
            _designate(hn, principal, school, day)
        assert "designated_on" in refused.value.message_dict
    assert not LinkSchool.objects.exists()
    _designate(hn, late, school, D(2025, 11, 1))
    _designate(hn, studio.host, school, D(2025, 9, 1))


def test_a_trainee_takes_part_from_the_cohort_start_or_the_day_they_joined_if_later():
    hz = hangzhou(trainees=1)  # the cohort starts 2026-03-01
    early = hz.trainees[0]
    assert taking_part_since(hz.programme, early.principal_id) == D(2026, 3, 1)
    late = services.add_trainee(
        actor=SYSTEM,
        cohort=hz.cohort,
        principal=PrincipalFactory(name="后入选学员"),
        joined_on=D(2026, 4, 15),
    )
    assert taking_part_since(hz.programme, late.principal_id) == D(2026, 4, 15)
    assert taking_part_since(hz.programme, PrincipalFactory(name="局外人").pk) is None


def test_designating_a_school_again_keeps_the_ended_designation_and_leaves_the_gap_uncovered():
    hn = hainan(studios=1, members=1, text=hainan_text())
    studio = hn.studios[0]
    host = studio.host
    village = _rural("乡村学校甲")
    first = _designate(hn, host, village, D(2025, 9, 5))
    end_link_school(actor=SYSTEM, link=first, ended_on=D(2025, 10, 10))
    with pytest.raises(ValidationError, match="须晚于这一天") as refused:
        _designate(hn, host, village, D(2025, 10, 10))
    assert "designated_on" in refused.value.message_dict
    second = _designate(hn, host, village, D(2025, 11, 1))
    end_link_school(actor=SYSTEM, link=second, ended_on=D(2026, 1, 10))
    third = _designate(hn, host, village, D(2026, 9, 5))

    rows = LinkSchool.objects.filter(principal=host, school=village).order_by("designated_on")
    assert [(r.pk, r.designated_on, r.ended_on) for r in rows] == [
        (first.pk, D(2025, 9, 5), D(2025, 10, 10)),
        (second.pk, D(2025, 11, 1), D(2026, 1, 10)),
        (third.pk, D(2026, 9, 5), None),
    ]

    visit = activity(
        hn.programme,
        studios=[studio],
        kind="onsite_guidance",
        day=D(2025, 9, 20),
        place_school=village,
    )
    activity(
        hn.programme,
        studios=[studio],
        kind="onsite_guidance",
        day=D(2026, 3, 10),
        place_school=village,
    )
    verdicts = by_period(
        cell(evaluate(hn.programme, as_of=D(2026, 10, 1)), studio.pk, "ex-link-schools")
    )
    autumn = verdicts["semester-1"]  # two designations of one school: counted once
    assert autumn.state is State.MET and (autumn.count, autumn.required) == (1, 1)
    assert [e.id for e in autumn.evidence] == [visit.pk]
    gap = verdicts["semester-2"]  # between the designations: the school is not a link school
    assert gap.state is State.MISSED and "已确定联系学校 0 所" in gap.missing
    assert gap.evidence == []
    assert verdicts["semester-3"].required == 1


def test_the_database_keeps_one_standing_designation_per_school():
    hn = hainan(studios=1, members=1, text=hainan_text())
    host, village = hn.studios[0].host, _rural("乡村学校甲")
    ended = dict(programme=hn.programme, principal=host, school=village, ended_on=D(2025, 10, 1))
    LinkSchool.objects.create(designated_on=D(2025, 9, 5), **ended)
    LinkSchool.objects.create(designated_on=D(2025, 9, 5), **ended)  # history may repeat
    standing = dict(programme=hn.programme, principal=host, school=village)
    LinkSchool.objects.create(designated_on=D(2025, 11, 1), **standing)
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkSchool.objects.create(designated_on=D(2025, 12, 1), **standing)
