"""成员档案 (HN-4.2.3): a member's archive in one studio gathers what every domain keeps of them,
as a page and as a PDF, for the member, their host, the studio's district and the centre."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.assessment.rounds import member_regular
from tests.diagnosis.helpers import diagnose
from tests.files import pdf_text
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan
from touyan.assessment.models import Case, Round
from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.notifications.models import Notification
from touyan.programmes.models import StudioMember
from touyan.records import services as records
from touyan.records.services import submit_deliverable
from touyan.studios.models import GuidanceNote
from touyan.studios.services import write_guidance

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.2.3")]


def membership_of(cast, hn) -> StudioMember:
    studio = hn.studios[0]
    return StudioMember.objects.get(studio=studio, principal__user=cast.member)


def test_who_reads_a_members_archive(client, cast):
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    centre = {"superuser": ALLOWED, "hn_admin": ALLOWED, "hn_centre": ALLOWED}
    for url in (
        reverse("studios:archive", args=[membership.pk]),
        reverse("studios:archive_pdf", args=[membership.pk]),
    ):
        check_access(
            client,
            cast,
            url,
            matrix(cast, NOT_FOUND, **centre, longhua=ALLOWED, host=ALLOWED, member=ALLOWED),
        )


def test_another_member_of_the_same_studio_does_not_read_it(client, cast):
    hn = with_hainan(cast, members=2)
    studio = hn.studios[0]
    second = StudioMember.objects.get(studio=studio, principal=hn.members[studio.pk][1])
    client.force_login(cast.member)
    assert client.get(reverse("studios:archive", args=[second.pk])).status_code == 404


def test_the_archive_shows_the_members_plans_and_prints_them(client, cast):
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    submit_deliverable(
        actor=SYSTEM, programme=hn.programme, kind="growth_plan", title="三年个性化成长方案",
        submitted_on=dt.date(2025, 9, 20), studio=membership.studio,
        principal=membership.principal, body="方案正文",
    )  # fmt: skip
    client.force_login(cast.host)
    page = client.get(reverse("studios:archive", args=[membership.pk])).content.decode()
    assert "三年个性化成长方案" in page and "个性化成长方案" in page
    assert "规划与成果" in page and "考核" in page

    response = client.get(reverse("studios:archive_pdf", args=[membership.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("成员档案", membership.principal.name, "三年个性化成长方案", "规划与成果"):
        assert expected in text, expected
    assert membership.principal.id_number not in text
    assert AuditEntry.objects.filter(verb=Verb.EXPORT, target_id=str(membership.pk)).exists()


def test_the_studio_page_and_my_studios_lead_to_the_archive(client, cast):
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    studio = membership.studio
    other = StudioMember.objects.get(studio=studio, principal=hn.members[studio.pk][1])
    studio_page = reverse("programmes:studio", args=[hn.programme.slug, studio.pk])
    client.force_login(cast.host)
    page = client.get(studio_page).content.decode()
    assert reverse("studios:archive", args=[membership.pk]) in page
    assert reverse("studios:archive", args=[other.pk]) in page
    client.force_login(cast.member)
    page = client.get(studio_page).content.decode()
    assert reverse("studios:archive", args=[other.pk]) not in page
    mine = client.get(reverse("studios:mine")).content.decode()
    assert reverse("studios:archive", args=[membership.pk]) in mine


def test_the_host_writes_guidance_on_a_plan_and_the_member_reads_it(client, cast):
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    plan = submit_deliverable(
        actor=SYSTEM, programme=hn.programme, kind="growth_plan", title="三年个性化成长方案",
        submitted_on=dt.date(2025, 9, 20), studio=membership.studio,
        principal=membership.principal, body="方案正文",
    )  # fmt: skip
    url = reverse("studios:archive", args=[membership.pk])
    client.force_login(cast.host)
    response = client.post(url, {"body": "", "deliverable": plan.pk})
    assert "body" in response.context["form"].errors  # nothing saved, the form says why
    response = client.post(
        url, {"body": "目标再具体些，写明第二年的校本研修安排。", "deliverable": plan.pk}
    )
    assert response.status_code == 302
    note = GuidanceNote.objects.get()
    assert note.deliverable == plan and note.author == cast.host
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(note.pk)).exists()
    assert Notification.objects.filter(user=cast.member).exists()

    client.force_login(cast.member)
    page = client.get(url).content.decode()
    assert "关于《三年个性化成长方案》：目标再具体些" in page
    assert "写指导意见" not in page  # a member reads; only the host writes
    assert client.post(url, {"body": "自己写的"}).status_code == 405
    assert GuidanceNote.objects.count() == 1


def test_guidance_refuses_someone_elses_plan(cast):
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    studio = membership.studio
    others = submit_deliverable(
        actor=SYSTEM, programme=hn.programme, kind="growth_plan", title="另一位成员的方案",
        submitted_on=dt.date(2025, 9, 20), studio=studio,
        principal=hn.members[studio.pk][1], body="方案",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        write_guidance(actor=Actor(cast.host), membership=membership, body="好", deliverable=others)
    with pytest.raises(PermissionDenied):
        write_guidance(actor=Actor(cast.other_host), membership=membership, body="好")
    assert not GuidanceNote.objects.exists()


@pytest.mark.clause("HN-4.3.1")
def test_the_archive_counts_attendance_as_the_rule_does(client, cast):
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    studio = membership.studio
    for day, status in ((dt.date(2025, 9, 10), "present"), (dt.date(2025, 10, 10), "leave")):
        session = records.create_activity(
            actor=SYSTEM, programme=hn.programme, studios=[studio], cohort=None,
            activity_type="seminar", title=f"专题研讨 {day}", date=day,
        )  # fmt: skip
        records.record_attendance(
            actor=SYSTEM,
            activity=session,
            marks=[records.Mark(membership.principal_id, status)],
            today=day,
        )
    client.force_login(cast.member)
    page = client.get(reverse("studios:archive", args=[membership.pk])).content.decode()
    assert "应出勤 2 次：出勤 1 次（50%），请假 1 次，缺勤 0 次，未登记 0 次" in page
    assert "专题研讨 2025-10-10" in page and "请假" in page


@pytest.mark.clause("HN-4.1.2.1")
def test_the_archive_shows_the_diagnosis_of_the_members_school(client, cast):
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    archive = reverse("studios:archive", args=[membership.pk])
    client.force_login(cast.host)
    assert "尚未排入诊断计划" in client.get(archive).content.decode()
    diagnose(membership.studio, [membership.principal], dt.date(2025, 10, 15))
    page = client.get(archive).content.decode()
    assert "入校诊断" in page and "2025-10-15" in page
    assert "建议：办学理念建议；落实：尚未登记" in page


@pytest.mark.clause("HN-4.2.4")
def test_the_archive_shows_the_members_published_grades_only(client, cast):
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    first, second = member_regular(hn), member_regular(hn, semester=2)
    mine = Case.objects.filter(member=membership)
    for round_, grade in ((first, "good"), (second, "excellent")):
        mine.filter(round=round_).update(
            status=Case.Status.DECIDED, grade=grade, reason=f"评语{grade}"
        )
    Round.objects.filter(pk=first.pk).update(stage=Round.Stage.PUBLISHED)
    client.force_login(cast.host)
    page = client.get(reverse("studios:archive", args=[membership.pk])).content.decode()
    assert "良好（评语good）" in page and first.name in page
    assert "评语excellent" not in page  # not yet published


def test_the_archive_costs_the_same_queries_however_much_it_holds(
    client, cast, django_assert_max_num_queries
):
    """成员档案 under constant queries (benchmarks/studios/archive.py times it)."""
    hn = with_hainan(cast, members=2)
    membership = membership_of(cast, hn)
    url = reverse("studios:archive", args=[membership.pk])
    diagnose(membership.studio, [membership.principal], dt.date(2025, 10, 15))

    def more(n: int) -> None:
        submit_deliverable(
            actor=SYSTEM, programme=hn.programme, kind="growth_plan", title=f"方案{n}",
            submitted_on=dt.date(2025, 9, 1 + n), studio=membership.studio,
            principal=membership.principal, body="方案正文",
        )  # fmt: skip
        write_guidance(actor=Actor(cast.host), membership=membership, body=f"意见{n}")

    more(0)
    client.force_login(cast.host)
    client.get(url)
    with django_assert_max_num_queries(40) as captured:
        client.get(url)
    few = len(captured)
    for n in range(1, 6):
        more(n)
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert "方案5" in page and "意见5" in page
