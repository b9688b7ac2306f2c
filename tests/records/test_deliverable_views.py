"""Deliverables: handing one in, its length against the policy, who reads it, its file."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.files import pdf_bytes, scanned_pdf_bytes
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.audit.models import AuditEntry, Verb
from touyan.programmes.models import StudioMember
from touyan.records.models import Deliverable
from touyan.records.selectors import deliverable_owner_for, deliverable_owners_for
from touyan.records.services import submit_deliverable

pytestmark = pytest.mark.django_db

PDF = pdf_bytes("final report")
SCAN = scanned_pdf_bytes()


def create_url(slug: str) -> str:
    return reverse("records:deliverable_create", args=[slug])


def test_the_list_is_seen_by_whoever_sees_the_programme(client, cast):
    with_hangzhou(cast)
    check_access(
        client,
        cast,
        reverse("records:deliverable_list", args=["hz-2026"]),
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            xihu=ALLOWED,
            binjiang=ALLOWED,
            trainee=ALLOWED,
            other_trainee=ALLOWED,
        ),
    )


def test_handing_in_is_for_participants_and_the_centre(client, cast):
    with_hainan(cast)
    check_access(
        client,
        cast,
        create_url("hn-2025"),
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hn_admin=ALLOWED,
            hn_centre=ALLOWED,
            host=ALLOWED,
            member=ALLOWED,
            other_host=ALLOWED,
        ),
    )


@pytest.mark.clause("HZ-3.4.2")
def test_a_trainee_hands_in_a_report_and_sees_how_far_it_is_from_the_minimum(client, cast):
    hz = with_hangzhou(cast)
    client.force_login(cast.trainee)
    form = client.get(create_url("hz-2026")).content.decode()
    assert "以“本人”的名义提交" in form and "课题结题报告 ≥ 10000 字" in form
    body = "研" * 8000 + "，" * 500 + " 2025 年 PISA 测评" * 6
    data = {
        "owner": f"trainee-{hz.trainees[0].principal_id}",
        "kind": "research_report",
        "title": "基于课程领导力的学校变革研究",
        "submitted_on": "2027-06-30",
        "body": body,
    }
    counted = client.post(create_url("hz-2026"), data | {"count": "1"}).content.decode()
    assert "当前 8,530 字，还差 1,470 字（要求不少于 10,000 字）" in counted
    assert not Deliverable.objects.exists()
    response = client.post(create_url("hz-2026"), data)
    deliverable = Deliverable.objects.get()
    assert response.url == reverse("records:deliverable", args=["hz-2026", deliverable.pk])
    assert deliverable.principal == hz.trainees[0].principal and deliverable.studio is None
    assert deliverable.char_count == 8530
    page = client.get(response.url).content.decode()
    assert "当前 8,530 字，还差 1,470 字" in page
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(deliverable.pk)).exists()
    listing = client.get(reverse("records:deliverable_list", args=["hz-2026"])).content.decode()
    assert "8,530 / 10,000" in listing


@pytest.mark.clause("HZ-3.4.2")
def test_a_long_enough_report_says_so(client, cast):
    hz = with_hangzhou(cast)
    client.force_login(cast.trainee)
    client.post(
        create_url("hz-2026"),
        {
            "owner": f"trainee-{hz.trainees[0].principal_id}",
            "kind": "study_report",
            "title": "海外研修报告",
            "submitted_on": "2027-01-10",
            "body": "学" * 2000,
        },
    )
    page = client.get(
        reverse("records:deliverable", args=["hz-2026", Deliverable.objects.get().pk])
    )
    assert "共 2,000 字，已达到不少于 2,000 字的要求" in page.content.decode()


def test_a_trainee_hands_in_only_for_themself(client, cast):
    hz = with_hangzhou(cast)
    client.force_login(cast.trainee)
    response = client.post(
        create_url("hz-2026"),
        {
            "owner": f"trainee-{hz.trainees[1].principal_id}",
            "kind": "study_log",
            "title": "日志",
            "submitted_on": "2026-04-01",
            "body": "学习",
        },
    )
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    assert not Deliverable.objects.exists()


@pytest.mark.clause("HN-4.2", "HN-4.3")
def test_hosts_hand_in_for_their_studio_and_members_for_themselves(client, cast):
    hn = with_hainan(cast, members=2)
    studio = hn.studios[0]
    client.force_login(cast.host)
    form = client.get(create_url("hn-2025")).content.decode()
    assert 'value="member_training_plan"' in form and 'value="growth_plan"' not in form
    client.post(
        create_url("hn-2025"),
        {
            "owner": f"studio-{studio.pk}",
            "kind": "member_training_plan",
            "title": "成员培养方案",
            "submitted_on": "2025-10-01",
            "body": "方案正文",
        },
    )
    client.force_login(cast.member)
    form = client.get(create_url("hn-2025")).content.decode()
    assert 'value="growth_plan"' in form and 'value="member_training_plan"' not in form
    member = hn.members[studio.pk][0]
    client.post(
        create_url("hn-2025"),
        {
            "owner": f"member-{studio.pk}-{member.pk}",
            "kind": "growth_plan",
            "title": "我的成长方案",
            "submitted_on": "2025-10-08",
            "body": "成长方案正文",
        },
    )
    owners = {(d.kind, d.studio_id, d.principal_id) for d in Deliverable.objects.all()}
    assert owners == {
        ("member_training_plan", studio.pk, None),
        ("growth_plan", studio.pk, member.pk),
    }


def test_who_reads_a_members_plan_and_a_studios_plan(client, cast):
    hn = with_hainan(cast, members=2)
    studio = hn.studios[0]
    second = hn.members[studio.pk][1]
    studio_plan = submit_deliverable(
        actor=SYSTEM, programme=hn.programme, kind="work_plan", title="工作计划",
        submitted_on=dt.date(2025, 9, 20), studio=studio, body="计划",
    )  # fmt: skip
    others_plan = submit_deliverable(
        actor=SYSTEM, programme=hn.programme, kind="growth_plan", title="另一位成员的方案",
        submitted_on=dt.date(2025, 9, 20), studio=studio, principal=second, body="方案",
    )  # fmt: skip
    centre = {"superuser": ALLOWED, "hn_admin": ALLOWED, "hn_centre": ALLOWED}
    check_access(
        client,
        cast,
        reverse("records:deliverable", args=["hn-2025", studio_plan.pk]),
        matrix(cast, NOT_FOUND, **centre, longhua=ALLOWED, host=ALLOWED, member=ALLOWED),
    )
    check_access(
        client,
        cast,
        reverse("records:deliverable", args=["hn-2025", others_plan.pk]),
        matrix(cast, NOT_FOUND, **centre, longhua=ALLOWED, host=ALLOWED),
    )


def test_a_deliverable_sent_as_a_file_carries_the_declared_length(client, cast):
    hz = with_hangzhou(cast)
    client.force_login(cast.trainee)
    response = client.post(
        create_url("hz-2026"),
        {
            "owner": f"trainee-{hz.trainees[0].principal_id}",
            "kind": "research_report",
            "title": "结题报告",
            "submitted_on": "2027-06-30",
            "file": SimpleUploadedFile("结题报告.pdf", SCAN, content_type="application/pdf"),
            "declared_chars": "12000",
        },
    )
    assert response.status_code == 302
    deliverable = Deliverable.objects.get()
    assert deliverable.char_count == 12000 and deliverable.file.name.endswith(".pdf")
    file_url = reverse("records:deliverable_file", args=["hz-2026", deliverable.pk])
    download = client.get(file_url)
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == SCAN
    check_access(
        client,
        cast,
        file_url,
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            xihu=ALLOWED,
            trainee=ALLOWED,
        ),
    )
    client.force_login(cast.trainee)
    refused = client.post(
        create_url("hz-2026"),
        {
            "owner": f"trainee-{hz.trainees[0].principal_id}",
            "kind": "study_log",
            "title": "日志",
            "submitted_on": "2026-04-01",
            "file": SimpleUploadedFile("日志.pdf", b"<html>", content_type="application/pdf"),
        },
    )
    assert "不是允许的文件类型" in refused.content.decode()


def test_the_list_filters_by_kind_studio_and_person(client, cast):
    hn = with_hainan(cast, members=1)
    for index, studio in enumerate(hn.studios):
        submit_deliverable(
            actor=SYSTEM, programme=hn.programme, kind="work_plan", title=f"工作计划{index}",
            submitted_on=dt.date(2025, 9, 20), studio=studio, body="计划",
        )  # fmt: skip
        submit_deliverable(
            actor=SYSTEM, programme=hn.programme, kind="growth_plan", title=f"成长方案{index}",
            submitted_on=dt.date(2025, 9, 20), studio=studio,
            principal=hn.members[studio.pk][0], body="方案",
        )  # fmt: skip
    client.force_login(cast.hn_centre)
    url = reverse("records:deliverable_list", args=["hn-2025"])

    def titles(**query):
        page = client.get(url, query).content.decode()
        names = ("工作计划0", "工作计划1", "成长方案0", "成长方案1")
        return {t for t in names if t in page}

    assert titles(kind="growth_plan") == {"成长方案0", "成长方案1"}
    assert titles(studio=hn.studios[1].pk) == {"工作计划1", "成长方案1"}
    assert titles(person="成员0-0") == {"成长方案0"}
    client.force_login(cast.longhua)
    assert client.get(url).context["form"].fields["studio"].choices == [
        ("", "全部工作室"),
        (str(hn.studios[0].pk), hn.studios[0].name),
    ]


def test_the_list_reads_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    hz = with_hangzhou(cast)
    principal = hz.trainees[0].principal

    def hand_in(number):
        submit_deliverable(
            actor=SYSTEM, programme=hz.programme, kind="study_log", title=f"日志{number}",
            submitted_on=dt.date(2026, 4, 1), principal=principal, body="学习日志",
        )  # fmt: skip

    hand_in(0)
    client.force_login(cast.xihu)
    url = reverse("records:deliverable_list", args=["hz-2026"])
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for number in range(1, 21):
        hand_in(number)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 21


def test_the_owner_found_directly_is_exactly_an_owner_the_form_offers(cast):
    hn = with_hainan(cast, members=2)
    hz = with_hangzhou(cast, trainees=2)
    gone = StudioMember.objects.get(principal=hn.members[hn.studios[0].pk][1])
    gone.left_on = dt.date(2026, 1, 31)
    gone.save()
    for programme in (hn.programme, hz.programme):
        studios = list(programme.studios.all())
        people = [
            *(s.host_id for s in studios),
            *StudioMember.objects.filter(studio__programme=programme).values_list(
                "principal_id", flat=True
            ),
            *(t.principal_id for t in hz.trainees),
        ]
        candidates = [(s.pk, None) for s in studios]
        candidates += [(s.pk, p) for s in studios for p in people]
        candidates += [(None, p) for p in people]
        for name in ("hn_centre", "host", "member", "other_host", "longhua", "trainee"):
            user = getattr(cast, name)
            offered = {o.key for o in deliverable_owners_for(user, programme)}
            found = {
                owner.key
                for studio, principal in candidates
                if (owner := deliverable_owner_for(user, programme, studio, principal))
            }
            assert found == offered, (name, programme.slug)
