"""The rotation's services: a plan proposed and planned again as members change, a month the
host sets, a visit held as the studio's activity, its invitees, its itemised report and the
school's follow-up — every write audited, every refusal a clear message (HN-4.1.2,
HN-4.1.2.1)."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PrincipalFactory, SchoolFactory
from tests.programmes import SYSTEM, hainan
from touyan.audit.models import AuditEntry, Verb
from touyan.diagnosis.models import Invitee, ReportItem, Visit
from touyan.diagnosis.services import rotation, visits
from touyan.programmes import services as programmes
from touyan.records.models import Activity
from touyan.records.services import create_activity

from .helpers import TODAY, D, held_and_reported, planned, report_entries

pytestmark = pytest.mark.django_db


@pytest.mark.clause("HN-4.1.2")
def test_the_plan_visits_every_member_school_once_spread_over_the_cycle():
    hn = hainan(studios=1, members=12)
    studio = hn.studios[0]
    rotation_ = planned(studio, today=D(2025, 9, 1))
    assert len(rotation_) == 12
    assert {v.school_id for v in rotation_} == {p.school_id for p in hn.members[studio.pk]}
    months = [v.month for v in rotation_]
    assert months[0] <= D(2025, 11, 1) and months[-1] >= D(2028, 4, 1)
    assert max(Counter(months).values()) <= 2
    assert not any(m.month in (7, 8) for m in months)
    entries = AuditEntry.objects.filter(verb=Verb.CREATE, target_type__model="visit")
    assert entries.count() == 12 and entries.first().scope_code == studio.region_id


@pytest.mark.clause("HN-4.1.2")
def test_replanning_after_members_change_keeps_held_and_chosen_visits():
    hn = hainan(studios=1, members=10)
    studio = hn.studios[0]
    first = planned(studio, today=D(2025, 9, 1))
    held = first[0]
    visits.hold_visit(actor=SYSTEM, visit=held, date=D(2025, 10, 20))
    chosen = first[5]
    rotation.move_visit(actor=SYSTEM, visit=chosen, month=D(2027, 4, 1), today=TODAY)
    leaving = first[7]
    programmes.member_leaves(
        actor=SYSTEM, member=leaving.member, left_on=D(2026, 2, 1), reason="调任外省"
    )
    newcomer = PrincipalFactory(name="新成员", school=SchoolFactory(region_id="460106"))
    programmes.add_member(actor=SYSTEM, studio=studio, principal=newcomer, joined_on=D(2026, 3, 1))

    result = rotation.plan_rotation(actor=SYSTEM, studio=studio, today=TODAY)

    now = {v.member.principal_id: v for v in Visit.objects.filter(studio=studio)}
    assert now[held.member.principal_id].month == D(2025, 10, 1)  # held: untouched
    assert now[chosen.member.principal_id].month == D(2027, 4, 1)
    assert now[chosen.member.principal_id].month_chosen
    assert leaving.member.principal_id not in now  # planned visit of who left: dropped
    assert now[newcomer.pk].school == newcomer.school  # newcomer placed
    assert all(v.month >= D(2026, 3, 1) for v in now.values() if v.pk != held.pk)
    assert not result.unplaced
    dropped = AuditEntry.objects.get(verb=Verb.DELETE, target_id=str(leaving.pk))
    assert "退出" in dropped.note


@pytest.mark.clause("HN-4.1.2")
def test_a_departed_members_held_visit_stays():
    hn = hainan(studios=1, members=10)
    studio = hn.studios[0]
    visit = planned(studio, today=D(2025, 9, 1))[0]
    held_and_reported(visit, day=D(2025, 10, 9))
    programmes.member_leaves(
        actor=SYSTEM, member=visit.member, left_on=D(2026, 1, 5), reason="调任"
    )
    rotation.plan_rotation(actor=SYSTEM, studio=studio, today=TODAY)
    assert Visit.objects.filter(pk=visit.pk).exists()
    assert Visit.objects.filter(studio=studio).count() == 10


@pytest.mark.clause("HN-4.1.2")
def test_moving_a_visit_is_refused_with_a_reason():
    hn = hainan(studios=1, members=10)
    visits_ = planned(hn.studios[0])
    visit = visits_[0]
    refusals = {
        D(2026, 8, 1): "2026年8月 大部分时间是暑假，请另选月份",
        D(2026, 1, 1): "不能安排到已经过去的月份",
        D(2029, 1, 1): "2029年1月 不在本周期内",
    }
    for month, message in refusals.items():
        with pytest.raises(ValidationError) as error:
            rotation.move_visit(actor=SYSTEM, visit=visit, month=month, today=TODAY)
        assert error.value.message_dict["month"] == [message]
    rotation.move_visit(actor=SYSTEM, visit=visits_[1], month=D(2026, 5, 1), today=TODAY)
    rotation.move_visit(actor=SYSTEM, visit=visits_[2], month=D(2026, 5, 1), today=TODAY)
    with pytest.raises(ValidationError) as error:
        rotation.move_visit(actor=SYSTEM, visit=visit, month=D(2026, 5, 1), today=TODAY)
    assert "已安排 2 次诊断，每月至多 2 次" in error.value.message_dict["month"][0]
    visits.hold_visit(actor=SYSTEM, visit=visit, date=D(2026, 3, 5))
    with pytest.raises(ValidationError, match="已经举行"):
        rotation.move_visit(actor=SYSTEM, visit=visit, month=D(2026, 6, 1), today=TODAY)


@pytest.mark.clause("HN-4.1.2", "HN-4.3.1")
def test_a_held_visit_is_the_studios_activity_at_the_school():
    hn = hainan(studios=1, members=10)
    studio = hn.studios[0]
    visit = planned(studio)[0]
    visits.hold_visit(actor=SYSTEM, visit=visit, date=D(2026, 4, 16))
    visit.refresh_from_db()
    activity = visit.activity
    assert activity.activity_type == "diagnosis" and activity.place_school == visit.school
    assert list(activity.organisers.values_list("studio", flat=True)) == [studio.pk]
    assert visit.month == D(2026, 4, 1)
    with pytest.raises(ValidationError, match="已登记为已举行"):
        visits.hold_visit(actor=SYSTEM, visit=visit, date=D(2026, 4, 17))


@pytest.mark.clause("HN-4.1.2")
def test_an_activity_recorded_before_is_linked_when_it_fits():
    hn = hainan(studios=2, members=10)
    studio, other = hn.studios
    visit_a, visit_b = planned(studio)[:2]

    def diagnosis(organiser, school, kind="diagnosis"):
        return create_activity(
            actor=SYSTEM,
            programme=hn.programme,
            studios=[organiser],
            activity_type=kind,
            title=f"{kind} {school.pk} {organiser.pk}",
            date=D(2026, 3, 3),
            place_school=school,
        )

    wrong = [
        (diagnosis(other, visit_a.school), "这项活动不是本工作室组织的"),
        (diagnosis(studio, visit_a.school, "seminar"), "只能关联类型为入校诊断的活动"),
        (diagnosis(studio, visit_b.school), f"活动所在学校不是{visit_a.school.name}"),
    ]
    for activity, message in wrong:
        with pytest.raises(ValidationError) as error:
            visits.link_activity(actor=SYSTEM, visit=visit_a, activity=activity)
        assert message in error.value.message_dict["activity"]
    right = diagnosis(studio, visit_a.school)
    visits.link_activity(actor=SYSTEM, visit=visit_a, activity=right)
    assert Visit.objects.get(pk=visit_a.pk).activity == right


@pytest.mark.clause("HN-4.1.2.1")
def test_invitees_from_inside_and_outside_the_province():
    hn = hainan(studios=1, members=10)
    visit = planned(hn.studios[0])[0]
    visits.add_invitee(
        actor=SYSTEM,
        visit=visit,
        name="王校长",
        unit="海南中学",
        role="principal",
        inside_province=True,
    )
    expert = visits.add_invitee(
        actor=SYSTEM,
        visit=visit,
        name="李教授",
        unit="华东师范大学",
        role="expert",
        inside_province=False,
    )
    assert [(i.role, i.inside_province) for i in visit.invitees.all()] == [
        ("expert", False),
        ("principal", True),
    ]
    with pytest.raises(ValidationError) as error:
        visits.add_invitee(
            actor=SYSTEM, visit=visit, name=" ", unit="", role="guest", inside_province=True
        )
    assert error.value.message_dict == {
        "name": ["请填写姓名"],
        "unit": ["请填写单位"],
        "role": ["身份须为校长或专家"],
    }
    visits.remove_invitee(actor=SYSTEM, invitee=expert)
    assert Invitee.objects.count() == 1
    assert AuditEntry.objects.filter(verb=Verb.DELETE, target_label__startswith="李教授").exists()


@pytest.mark.clause("HN-4.1.2.1")
def test_the_itemised_report_and_its_refusals():
    hn = hainan(studios=1, members=10)
    visit = planned(hn.studios[0])[0]
    with pytest.raises(ValidationError, match="请先登记这次入校诊断已经举行"):
        visits.record_report(actor=SYSTEM, visit=visit, entries=report_entries())
    visits.hold_visit(actor=SYSTEM, visit=visit, date=D(2026, 3, 5))
    partial = [e for e in report_entries() if e.code != "staff"]
    partial.append(visits.Entry(title="", findings="只写了问题", recommendations=""))
    with pytest.raises(ValidationError) as error:
        visits.record_report(actor=SYSTEM, visit=visit, entries=partial)
    assert error.value.messages == [
        "“教师队伍”须填写存在问题和改进建议",
        "另加的诊断项目须填写项目名称、存在问题和改进建议",
    ]
    assert not ReportItem.objects.exists()
    visits.record_report(
        actor=SYSTEM, visit=visit, entries=report_entries("课程建设"), summary="总体良好"
    )
    visit.refresh_from_db()
    assert visit.reported_at is not None
    assert [i.title for i in visit.items.all()] == ["办学理念", "办学制度", "教师队伍", "课程建设"]
    entry = AuditEntry.objects.filter(target_id=str(visit.pk), note="诊断报告").get()
    assert "课程建设" in entry.changes["report"][1]


@pytest.mark.clause("HN-4.1.2.1")
def test_the_school_follows_up_and_a_followed_item_stays():
    hn = hainan(studios=1, members=10)
    visit = planned(hn.studios[0])[0]
    visits.hold_visit(actor=SYSTEM, visit=visit, date=D(2026, 3, 5))
    visits.record_report(actor=SYSTEM, visit=visit, entries=report_entries("课程建设"))
    extra = visit.items.get(code="")
    with pytest.raises(ValidationError) as error:
        visits.record_follow_up(actor=SYSTEM, item=extra, text="  ")
    assert error.value.message_dict == {"follow_up": ["请填写整改落实情况"]}
    visits.record_follow_up(actor=SYSTEM, item=extra, text="已修订课程方案")
    extra.refresh_from_db()
    assert extra.follow_up == "已修订课程方案" and extra.follow_up_at is not None
    with pytest.raises(ValidationError, match="已有整改落实情况，不能删去"):
        visits.record_report(actor=SYSTEM, visit=visit, entries=report_entries())
    assert visit.items.count() == 4


def test_a_full_cycle_is_refused_clearly():
    hn = hainan(studios=1, members=12)
    with pytest.raises(ValidationError, match="本周期余下的月份不够：还有"):
        rotation.plan_rotation(actor=SYSTEM, studio=hn.studios[0], today=D(2028, 5, 10))
    with pytest.raises(ValidationError, match="本周期已于 2028-08-31 结束"):
        rotation.plan_rotation(actor=SYSTEM, studio=hn.studios[0], today=D(2028, 9, 10))
    assert not Visit.objects.exists() and not Activity.objects.exists()


def test_a_programme_deleted_takes_its_rotation_along():
    hn = hainan(studios=1, members=10)
    visit = planned(hn.studios[0])[0]
    held_and_reported(visit)
    hn.programme.delete()
    assert not Visit.objects.exists() and not ReportItem.objects.exists()
