"""Studio and cohort bounds hold everywhere: a studio at the policy's maximum (12) or a cohort at
its size (50) takes one more only with a recorded reason; a member leaving is recorded with a
date and a reason, and their membership is kept."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.access import NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.audit.models import AuditEntry
from touyan.programmes.models import LimitOverride, StudioMember, Trainee
from touyan.programmes.services import add_member, add_trainee, member_leaves

pytestmark = pytest.mark.django_db

D = dt.date


def newcomer(region="460106"):
    return PrincipalFactory(school=SchoolFactory(region_id=region))


@pytest.mark.clause("HN-3.7")
def test_a_full_studio_takes_a_thirteenth_member_only_with_a_reason(cast):
    hn = with_hainan(cast, members=12)
    studio = hn.studios[0]
    extra = newcomer()
    with pytest.raises(ValidationError) as refused:
        add_member(actor=SYSTEM, studio=studio, principal=extra, joined_on=D(2025, 10, 1))
    assert refused.value.message_dict["over_limit_reason"] == [
        f"“{studio.name}”已有 12 人，达到政策规定的上限 12 人；确需超出时，请写明理由"
    ]
    assert not StudioMember.objects.filter(principal=extra).exists()
    add_member(
        actor=SYSTEM,
        studio=studio,
        principal=extra,
        joined_on=D(2025, 10, 1),
        over_limit_reason="省厅批准的对口帮扶校长",
    )
    override = LimitOverride.objects.get()
    assert (override.studio, override.principal, override.size, override.limit) == (
        studio,
        extra,
        13,
        12,
    )
    assert AuditEntry.objects.filter(note="超出人数上限：省厅批准的对口帮扶校长").exists()


@pytest.mark.clause("HN-3.7")
def test_a_member_who_left_frees_a_place(cast):
    hn = with_hainan(cast, members=12)
    studio = hn.studios[0]
    leaving = StudioMember.objects.get(principal=hn.members[studio.pk][0])
    member_leaves(
        actor=SYSTEM,
        member=leaving,
        left_on=D(2025, 12, 31),
        reason="调任省外",
        today=D(2026, 1, 5),
    )
    add_member(actor=SYSTEM, studio=studio, principal=newcomer(), joined_on=D(2026, 1, 5))
    assert not LimitOverride.objects.exists()


def test_leaving_is_recorded_with_a_date_and_a_reason_and_the_history_kept(cast):
    hn = with_hainan(cast, members=2)
    member = StudioMember.objects.filter(studio=hn.studios[0]).first()
    with pytest.raises(ValidationError) as refused:
        member_leaves(actor=SYSTEM, member=member, left_on=D(2025, 8, 1), reason=" ")
    assert set(refused.value.message_dict) == {"left_on", "reason"}
    with pytest.raises(ValidationError) as refused:
        member_leaves(
            actor=SYSTEM, member=member, left_on=D(2026, 2, 1), reason="退休", today=D(2026, 1, 1)
        )
    assert refused.value.message_dict["left_on"] == ["退出日期不能晚于今天"]
    member_leaves(actor=SYSTEM, member=member, left_on=D(2026, 1, 1), reason="退休")
    member.refresh_from_db()
    assert (member.left_on, member.left_reason) == (D(2026, 1, 1), "退休")
    assert AuditEntry.objects.filter(note="成员退出：退休").exists()
    with pytest.raises(ValidationError):
        member_leaves(actor=SYSTEM, member=member, left_on=D(2026, 1, 2), reason="再退一次")


@pytest.mark.clause("HZ-4.2.4")
def test_a_cohort_of_fifty_takes_one_more_only_with_a_reason(cast):
    hz = with_hangzhou(cast, trainees=2)
    people = [newcomer("330106") for _ in range(48)]
    for principal in people:
        add_trainee(actor=SYSTEM, cohort=hz.cohort, principal=principal, joined_on=D(2026, 3, 1))
    assert hz.cohort.trainees.count() == 50
    extra = newcomer("330106")
    with pytest.raises(ValidationError) as refused:
        add_trainee(actor=SYSTEM, cohort=hz.cohort, principal=extra, joined_on=D(2026, 3, 1))
    assert "上限 50 人" in refused.value.message_dict["over_limit_reason"][0]
    Trainee.objects.filter(principal=people[0]).update(status=Trainee.Status.REMOVED)
    add_trainee(actor=SYSTEM, cohort=hz.cohort, principal=extra, joined_on=D(2026, 3, 1))
    again = newcomer("330106")
    add_trainee(
        actor=SYSTEM,
        cohort=hz.cohort,
        principal=again,
        joined_on=D(2026, 3, 1),
        over_limit_reason="区县补报的名额",
    )
    assert LimitOverride.objects.get().cohort == hz.cohort


@pytest.mark.clause("HN-3.7")
def test_the_centre_adds_over_the_maximum_on_the_page_and_the_studio_page_shows_why(client, cast):
    hn = with_hainan(cast, members=12)
    studio = hn.studios[0]
    extra = newcomer()
    client.force_login(cast.hn_centre)
    url = reverse("programmes:add_member", args=[hn.programme.slug, studio.pk])
    search = f"{url}?q={extra.name}"
    refused = client.post(search, {"principal": extra.pk, "joined_on": "2025-10-01"})
    assert "确需超出时，请写明理由" in refused.content.decode()
    done = client.post(
        search,
        {"principal": extra.pk, "joined_on": "2025-10-01", "over_limit_reason": "对口帮扶"},
    )
    assert done.status_code == 302
    page = client.get(reverse("programmes:studio", args=[hn.programme.slug, studio.pk]))
    text = page.content.decode()
    assert "超出人数上限的记录" in text and "对口帮扶" in text and "加入后共 13 人" in text


def test_only_the_centre_records_a_member_leaving(client, cast):
    hn = with_hainan(cast, members=2)
    studio = hn.studios[0]
    member = StudioMember.objects.get(principal=hn.members[studio.pk][0])
    url = reverse("programmes:member_leaves", args=[hn.programme.slug, studio.pk, member.pk])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser="allowed", hn_admin="allowed", hn_centre="allowed"),
    )
    client.force_login(cast.host)
    assert client.post(url, {"left_on": "2026-01-01", "reason": "退休"}).status_code == 404
    client.force_login(cast.hn_centre)
    kept = client.post(url, {"left_on": "2026-01-01", "reason": ""})
    assert "这个字段是必填项" in kept.content.decode() or "必填" in kept.content.decode()
    assert client.post(url, {"left_on": "2026-01-01", "reason": "退休"}).status_code == 302
    page = client.get(reverse("programmes:studio", args=[hn.programme.slug, studio.pk]))
    assert "原因：退休" in page.content.decode() and "已退出" in page.content.decode()
