"""The host's pages (HN-5.2, HN-5.3): 我的考核 and a case's dossier page, who may see them, the
self-report, documents, refresh and the confirmed submission; the frozen page with its hash."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.records.programme_people import matrix, with_hainan
from touyan.assessment.models import Case
from touyan.assessment.services import dossiers
from touyan.core.actors import Actor

from ..files import pdf_bytes
from .dossiers import annual_open_today, studio_year

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.2", "HN-5.3")]


@pytest.fixture
def hn(cast):
    programme = with_hainan(cast, studios=2, members=10)
    for index in range(2):
        studio_year(programme, index)
    return programme


@pytest.fixture
def case(hn):
    return annual_open_today(hn).cases.get(studio=hn.studios[0])


def dossier_url(case) -> str:
    return reverse("assessment:dossier", args=[case.pk])


def test_the_case_page_is_the_hosts_and_the_centres(client, cast, case):
    check_access(
        client,
        cast,
        dossier_url(case),
        matrix(
            cast, NOT_FOUND, host=ALLOWED, hn_centre=ALLOWED, hn_admin=ALLOWED, superuser=ALLOWED
        ),
    )


def test_my_cases_lists_the_hosts_own_cases(client, cast, case, hn):
    check_access(client, cast, reverse("assessment:mine"), matrix(cast, ALLOWED))
    client.force_login(cast.host)
    page = client.get(reverse("assessment:mine")).content.decode()
    assert dossier_url(case) in page
    other = case.round.cases.get(studio=hn.studios[1])
    assert dossier_url(other) not in page


def test_the_menu_shows_my_cases_to_a_host_with_an_open_case(client, cast, case):
    client.force_login(cast.host)
    assert reverse("assessment:mine") in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.member)
    assert reverse("assessment:mine") not in client.get(reverse("core:home")).content.decode()


def test_the_case_page_renders_the_assembled_dossier(client, cast, case):
    client.force_login(cast.host)
    page = client.get(dossier_url(case)).content.decode()
    for words in ("研修活动", "成员出勤", "成果与文书", "三年活动计划", "乡村学校治理研究"):
        assert words in page
    assert "示范辐射" in page and "履职合规情况" in page and "经费" in page
    assert "确认提交并封存" in page and "重新汇总" in page


def test_the_host_writes_uploads_refreshes_and_submits(client, cast, case):
    client.force_login(cast.host)
    response = client.post(
        reverse("assessment:self_report", args=[case.pk]), {"text": "本年度工作总结"}
    )
    assert response.status_code == 302
    upload = SimpleUploadedFile("纪要.pdf", pdf_bytes("minutes"), content_type="application/pdf")
    response = client.post(
        reverse("assessment:add_document", args=[case.pk]), {"title": "会议纪要", "file": upload}
    )
    assert response.status_code == 302
    document = case.documents.get()
    assert (
        client.get(reverse("assessment:case_document", args=[case.pk, document.pk])).status_code
        == 200
    )
    response = client.post(reverse("assessment:refresh_dossier", args=[case.pk]))
    assert response.status_code == 302
    # Without the confirmation nothing is submitted.
    page = client.post(reverse("assessment:submit_case", args=[case.pk]), {}).content.decode()
    assert "请勾选确认后再提交" in page
    assert Case.objects.get(pk=case.pk).status == Case.Status.PREPARING
    response = client.post(reverse("assessment:submit_case", args=[case.pk]), {"confirm": "on"})
    assert response.status_code == 302
    frozen = Case.objects.get(pk=case.pk)
    assert frozen.status == Case.Status.SUBMITTED and dossiers.verify(frozen)
    page = client.get(dossier_url(case)).content.decode()
    assert frozen.dossier_hash in page
    assert "确认提交并封存" not in page and "删除" not in page


def test_a_bad_file_shows_a_clear_error_and_keeps_the_title(client, cast, case):
    client.force_login(cast.host)
    fake = SimpleUploadedFile("报告.pdf", b"MZ not a pdf", content_type="application/pdf")
    page = client.post(
        reverse("assessment:add_document", args=[case.pk]), {"title": "年度报告", "file": fake}
    ).content.decode()
    assert "不是允许的文件类型" in page and 'value="年度报告"' in page
    assert not case.documents.exists()


def test_others_cannot_post_to_the_case(client, cast, case):
    for user in (cast.other_host, cast.hn_centre, cast.member):
        client.force_login(user)
        response = client.post(reverse("assessment:self_report", args=[case.pk]), {"text": "代写"})
        assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).self_report == ""


def test_a_refusal_is_shown_as_a_message(client, cast, case):
    client.force_login(cast.host)
    dossiers.save_self_report(actor=Actor(user=cast.host), case=case, text="总结")
    dossiers.submit_case(actor=Actor(user=cast.host), case=case)
    response = client.post(
        reverse("assessment:self_report", args=[case.pk]), {"text": "改写"}, follow=True
    )
    assert "已提交并封存" in response.content.decode()


def test_my_cases_page_costs_constant_queries(client, cast, hn, django_assert_max_num_queries):
    annual_open_today(hn)
    client.force_login(cast.host)
    client.get(reverse("assessment:mine"))
    with django_assert_max_num_queries(7):
        assert client.get(reverse("assessment:mine")).status_code == 200
    annual_open_today(hn, year=2)
    with django_assert_max_num_queries(7):
        assert len(client.get(reverse("assessment:mine")).context["cases"]) == 2


def test_the_case_page_costs_constant_queries(client, cast, case, django_assert_max_num_queries):
    client.force_login(cast.host)
    client.get(dossier_url(case))
    with django_assert_max_num_queries(12):
        assert client.get(dossier_url(case)).status_code == 200


@pytest.mark.clause("HN-4.2.4")
def test_a_member_case_renders_for_its_host_and_the_centre(client, cast, hn):
    from .rounds import member_regular

    round_ = member_regular(hn)
    case = round_.cases.filter(studio=hn.studios[0]).first()
    check_access(
        client,
        cast,
        dossier_url(case),
        matrix(
            cast, NOT_FOUND, host=ALLOWED, hn_centre=ALLOWED, hn_admin=ALLOWED, superuser=ALLOWED
        ),
    )
    client.force_login(cast.host)
    page = client.get(dossier_url(case)).content.decode()
    assert "出勤" in page and "确认提交并封存" not in page


@pytest.mark.clause("HZ-3.4.3")
def test_a_trainee_case_renders_for_the_centre(client, cast):
    from tests.records.programme_people import with_hangzhou

    from .rounds import trainee_round

    hz = with_hangzhou(cast, trainees=2)
    case = trainee_round(hz).cases.first()
    check_access(
        client,
        cast,
        dossier_url(case),
        matrix(cast, NOT_FOUND, hz_admin=ALLOWED, hz_centre=ALLOWED, superuser=ALLOWED),
    )
    client.force_login(cast.hz_admin)
    page = client.get(dossier_url(case)).content.decode()
    assert "课程学时" in page and "270" in page
