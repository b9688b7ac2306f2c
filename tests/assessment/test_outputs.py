"""A round's results as .xlsx and each studio's (or trainee's) assessment report as PDF (HN-5.4,
HZ-3.4.3): for the centre and the authority, the host and the trainee their own once
published; opened with real readers; audited as exports."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.factories import UserFactory, grant
from tests.files import pdf_text
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.accounts.roles import Role
from touyan.assessment.models import Case, Consequence, ReviewRequest, Round, Score
from touyan.audit.models import AuditEntry, Verb

from .rounds import annual, trainee_round

pytestmark = pytest.mark.django_db

TRAP = '=HYPERLINK("http://evil.example/","点此")'


@pytest.fixture
def scored(cast):
    """An annual round with two studios scored by two experts each: the first 优秀 and
    commended, the second 不合格 after a refused review, with a revocation to come."""
    hn = with_hainan(cast, members=5)
    round_ = annual(hn)
    experts = [UserFactory(username=f"assessor-{n}") for n in range(2)]
    for expert in experts:
        grant(expert, Role.EXPERT, "460000")
    first, second = (round_.cases.get(studio=s) for s in hn.studios)
    points = {
        first.pk: [
            {"building": 95, "research": 90, "performance": 90},
            {"building": 91, "research": 88, "performance": 92},
        ],
        second.pk: [
            {"building": 50, "research": 40, "performance": 60},
            {"building": 58, "research": 52, "performance": 50},
        ],
    }
    totals = {first.pk: ["92.00", "90.40"], second.pk: ["50.00", "53.80"]}
    for case in (first, second):
        for expert, given, total in zip(experts, points[case.pk], totals[case.pk], strict=True):
            Score.objects.create(
                case=case,
                expert=expert,
                points=given,
                total=Decimal(total),
                submitted_at=timezone.now(),
            )
    Case.objects.filter(pk=first.pk).update(
        status=Case.Status.DECIDED,
        score=Decimal("91.20"),
        spread=Decimal("1.60"),
        proposed_grade="excellent",
        grade="excellent",
        reason="活动扎实，成果突出",
        consequence=Consequence.COMMEND,
    )
    Case.objects.filter(pk=second.pk).update(
        status=Case.Status.DECIDED,
        score=Decimal("51.90"),
        spread=Decimal("3.80"),
        proposed_grade="fail",
        grade="fail",
        reason=TRAP,
        consequence=Consequence.REVOKE,
        effective_on=round_.period_ends,
    )
    ReviewRequest.objects.create(
        case=second,
        reason="材料遗漏",
        original_grade="fail",
        status=ReviewRequest.Status.REFUSED,
        decision="复核专家组维持原等次",
    )
    return hn, round_, first, second


def publish(round_):
    Round.objects.filter(pk=round_.pk).update(
        stage=Round.Stage.PUBLISHED, published_at=timezone.now()
    )


@pytest.mark.clause("HN-5.4")
def test_the_results_workbook_is_for_the_centre_and_the_authority(client, cast, scored):
    _hn, round_, first, _second = scored
    url = reverse("assessment:results_sheet", args=[round_.pk])
    managers = dict.fromkeys(("hn_admin", "hn_centre", "superuser"), ALLOWED)
    check_access(client, cast, url, matrix(cast, NOT_FOUND, **managers))
    publish(round_)
    check_access(client, cast, url, matrix(cast, NOT_FOUND, **managers))


@pytest.mark.clause("HN-5.4")
def test_the_results_workbook_has_a_row_per_studio(client, cast, scored):
    hn, round_, first, second = scored
    client.force_login(cast.hn_centre)
    response = client.get(reverse("assessment:results_sheet", args=[round_.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == f"{round_.name} 考核结果"
    header = [c.value for c in sheet[3]]
    assert header == [
        "序号",
        "考核对象",
        "工作室/学校",
        "区县",
        "得分",
        "专家评分",
        "分差",
        "建议等次",
        "等次",
        "评定理由",
        "结果运用",
    ]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(4, values_only=True)]
    assert [r["考核对象"] for r in rows] == [s.name for s in hn.studios]
    top, bottom = rows
    assert top["工作室/学校"] == hn.studios[0].base_school.name
    assert top["区县"] == "龙华区"
    assert (top["得分"], top["专家评分"], top["分差"]) == ("91.20", "92.00 / 90.40", "1.60")
    assert (top["建议等次"], top["等次"], top["结果运用"]) == ("优秀", "优秀", "表彰")
    assert bottom["评定理由"] == TRAP  # kept as text, never a formula
    assert bottom["结果运用"].startswith("撤销")
    text = repr(rows)
    for principal in hn.members[hn.studios[0].pk]:
        assert principal.id_number not in text and principal.mobile not in text
    entry = AuditEntry.objects.filter(verb=Verb.EXPORT).latest("pk")
    assert entry.actor == cast.hn_centre and "考核结果" in entry.note + entry.target_label + str(
        entry.changes
    )


@pytest.mark.clause("HN-5.4")
def test_a_studio_report_is_the_hosts_once_published(client, cast, scored):
    _hn, round_, first, _second = scored
    url = reverse("assessment:case_report", args=[first.pk])
    managers = dict.fromkeys(("hn_admin", "hn_centre", "superuser"), ALLOWED)
    check_access(client, cast, url, matrix(cast, NOT_FOUND, **managers))
    publish(round_)
    check_access(client, cast, url, matrix(cast, NOT_FOUND, host=ALLOWED, **managers))


@pytest.mark.clause("HN-5.4", "HN-5.4.1")
def test_the_studio_report_gives_criteria_weights_means_grade_and_consequence(client, cast, scored):
    _hn, round_, first, second = scored
    publish(round_)
    client.force_login(cast.host)
    response = client.get(reverse("assessment:case_report", args=[first.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "年度考核评价" in text and "考核报告" in text
    assert "工作室建设情况" in text and "40%" in text
    assert "93.00" in text  # building: (95 + 91) / 2
    assert "总分：91.20" in text and "等次：优秀" in text
    assert "结果运用：表彰" in text
    client.force_login(cast.hn_centre)
    text = pdf_text(client.get(reverse("assessment:case_report", args=[second.pk])).content)
    assert "复核：复核不成立，维持原等次" in text and "复核专家组维持原等次" in text
    assert "撤销" in text
    assert AuditEntry.objects.filter(verb=Verb.EXPORT).count() == 2


@pytest.mark.clause("HZ-3.4.3")
def test_a_trainee_report_is_the_trainees_own_once_published(client, cast):
    hz = with_hangzhou(cast, trainees=2)
    round_ = trainee_round(hz)
    case = round_.cases.get(trainee=hz.trainees[0])
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.DECIDED, grade="pass", reason="按期完成学习任务"
    )
    url = reverse("assessment:case_report", args=[case.pk])
    managers = dict.fromkeys(("hz_admin", "hz_centre", "superuser"), ALLOWED)
    check_access(client, cast, url, matrix(cast, NOT_FOUND, **managers))
    publish(round_)
    check_access(client, cast, url, matrix(cast, NOT_FOUND, trainee=ALLOWED, **managers))
    client.force_login(cast.trainee)
    text = pdf_text(client.get(url).content)
    assert "过程考核" in text and "等次：合格" in text and "按期完成学习任务" in text
    assert "学时" in text and "/270" in text
