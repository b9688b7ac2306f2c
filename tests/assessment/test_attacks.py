"""The assessment pages tried as an attacker and as every role: what leaks across studios,
programmes and provinces, what links a survey answer to its member, what a page costs."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.records.programme_people import account_for, matrix, with_hainan
from tests.selection_chain import actor_of
from touyan.accounts.roles import Role
from touyan.assessment.models import Case, Round, Score
from touyan.assessment.services import dossiers, panel
from touyan.assessment.services.reviews import assign_reviewer, request_review
from touyan.assessment.services.survey import answer_survey

from ..factories import UserFactory, grant
from ..files import pdf_bytes
from ..formation import with_user
from ..programmes import SYSTEM, hainan
from .decided import deciding, published
from .dossiers import annual_open_today
from .rounds import annual
from .scoring import centre_staff
from .test_outputs import pdf_text

pytestmark = pytest.mark.django_db

AGREE = {"plan_followed": 4, "useful": 4, "guidance": 4, "climate": 4}
DAY = dt.date(2026, 10, 10)
LATER = dt.date(2030, 9, 1)  # a second programme beside the first
LATER = dt.date(2030, 9, 1)  # a second programme beside the first


# The survey: nobody differences the aggregate while members still answer -------------------


@pytest.mark.clause("HN-5.3")
def test_the_centre_cannot_difference_the_survey_while_members_still_answer(client, pin_today):
    """With the aggregate shown as answers come in, two readings around one member's answer
    (whose time the audit trail gives) would be that member's answers."""
    hn = hainan(studios=1, members=7)
    round_ = annual(hn)
    pin_today(round_.opens_on + dt.timedelta(days=1))
    studio = hn.studios[0]
    case = round_.cases.get(studio=studio)
    members = [account_for(p, f"member-{n}") for n, p in enumerate(hn.members[studio.pk])]
    for user in members[:5]:
        answer_survey(actor=actor_of(user), case=case, answers=AGREE)
    centre = centre_staff()
    client.force_login(centre)
    page = reverse("assessment:case", args=[case.pk])
    before = client.get(page).content.decode()
    answer_survey(actor=actor_of(members[5]), case=case, answers={**AGREE, "useful": 1})
    after = client.get(page).content.decode()
    assert "已答 6 人" in after
    assert "4.00" not in before and "3.50" not in after, "no aggregate while answers come in"
    assert "调查结束后" in after
    # Once the round has left its preparation no answer can come in: the aggregate is shown.
    Round.objects.filter(pk=round_.pk).update(stage=Round.Stage.SCORING)
    assert "3.50" in client.get(page).content.decode()


# Review panels come from the programme's expert pool -----------------------------------------


@pytest.fixture
def review(pin_today):
    pin_today(DAY)
    hn = hainan(studios=2, members=2)
    round_ = published(hn, ["fail", "pass"], today=DAY)
    case = round_.cases.get(studio=hn.studios[0])
    host = with_user(hn.studios[0].host).user
    return hn, request_review(actor=actor_of(host), case=case, reason="成果未计入")


@pytest.mark.clause("HN-5.4")
def test_a_review_panel_takes_no_one_from_outside_the_programmes_expert_pool(client, cast, review):
    _hn, request = review
    hangzhou_expert = cast.expert  # an expert of Hangzhou's pool, nothing to do with Hainan
    hainan_expert = UserFactory(full_name="海南复核专家")
    grant(hainan_expert, Role.EXPERT, "460000")
    centre = centre_staff()
    client.force_login(centre)
    url = reverse("assessment:review", args=[request.pk])
    page = client.get(url).content.decode()
    assert "海南复核专家" in page
    assert f'value="{hangzhou_expert.pk}"' not in page, "another province's expert is offered"
    for outsider in (hangzhou_expert, cast.nobody, cast.hz_admin):
        response = client.post(url, {"action": "assign", "expert": outsider.pk})
        assert "不在本项目的专家库中" in response.content.decode()
        with pytest.raises(ValidationError, match="不在本项目的专家库中"):
            assign_reviewer(actor=actor_of(centre), review=request, expert=outsider)
    assert not Score.objects.filter(for_review=True).exists()
    client.post(url, {"action": "assign", "expert": hainan_expert.pk})
    assert Score.objects.filter(for_review=True, expert=hainan_expert).exists()


def test_the_review_page_costs_constant_queries_whatever_the_pool(
    client, review, django_assert_max_num_queries
):
    _hn, request = review
    centre = centre_staff()
    client.force_login(centre)
    url = reverse("assessment:review", args=[request.pk])

    def pool(n):
        for _ in range(n):
            grant(UserFactory(), Role.EXPERT, "460000")

    pool(2)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    pool(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# Constant queries on the centre's and the authority's list pages ------------------------------


def _queries(client, url, django_assert_max_num_queries, limit=60) -> int:
    client.get(url)
    with django_assert_max_num_queries(limit) as counted:
        assert client.get(url).status_code == 200
    return len(counted.captured_queries)


def test_the_decisions_page_costs_the_same_for_3_or_12_cases(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.hn_admin)
    small = deciding(hainan(studios=3, members=2), ["excellent", "pass", "fail"])
    few = _queries(
        client, reverse("assessment:decisions", args=[small.pk]), django_assert_max_num_queries
    )
    large = deciding(hainan(studios=12, members=2, start=LATER), ["pass"] * 12, flagged=(1, 5))
    url = reverse("assessment:decisions", args=[large.pk])
    assert _queries(client, url, django_assert_max_num_queries) <= few


def test_the_round_page_costs_the_same_for_3_or_12_cases(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.hn_admin)
    small = deciding(hainan(studios=3, members=2), ["excellent", "pass", "fail"])
    few = _queries(
        client, reverse("assessment:round", args=[small.pk]), django_assert_max_num_queries
    )
    large = deciding(hainan(studios=12, members=2, start=LATER), ["pass"] * 12, flagged=(1, 5))
    url = reverse("assessment:round", args=[large.pk])
    assert _queries(client, url, django_assert_max_num_queries) <= few


# Actions in the wrong stage are refused in words ------------------------------------------------


@pytest.mark.clause("HN-5.4")
def test_deciding_from_a_page_left_open_after_publication_is_refused_in_words(
    client, cast, pin_today
):
    pin_today(DAY)
    hn = hainan(studios=2, members=2)
    round_ = published(hn, ["fail", "pass"], by=cast.hn_admin, today=DAY)
    case = round_.cases.get(studio=hn.studios[0])
    client.force_login(cast.hn_admin)
    url = reverse("assessment:decisions", args=[round_.pk])
    response = client.post(
        url, {"case": case.pk, "grade": "pass", "reason": "改为合格"}, follow=True
    )
    assert "考核结果已于" in response.content.decode()
    response = client.post(url, {"action": "accept", "reason": "同意"}, follow=True)
    assert "考核结果已于" in response.content.decode()
    case.refresh_from_db()
    assert case.grade == "fail"


# Every role against one studio's pages, stage by stage ---------------------------------------


@pytest.mark.clause("HN-5.3", "HN-5.4")
def test_every_role_reaches_only_its_own_part_of_a_studios_assessment(client, cast):
    """Studio 0's case through a round's life: its dossier and document, the centre's case
    page, the expert's score page, the published result and the report PDF."""
    hn = with_hainan(cast, members=5)
    round_ = annual_open_today(hn)
    case = round_.cases.get(studio=hn.studios[0])
    cast.hn_expert = UserFactory(username="hn-assessor")
    grant(cast.hn_expert, Role.EXPERT, "460000")
    panel.add_expert(actor=SYSTEM, round_=round_, expert=cast.hn_expert)
    score = panel.assign_expert(actor=SYSTEM, case=case, expert=cast.hn_expert)
    document = dossiers.add_document(
        actor=actor_of(cast.host),
        case=case,
        title="会议纪要",
        file=SimpleUploadedFile("纪要.pdf", pdf_bytes("minutes"), content_type="application/pdf"),
    )
    dossier = reverse("assessment:dossier", args=[case.pk])
    download = reverse("assessment:case_document", args=[case.pk, document.pk])
    office = reverse("assessment:case", args=[case.pk])
    scoring = reverse("assessment:expert_score", args=[score.pk])
    managers = {"superuser": ALLOWED, "hn_admin": ALLOWED, "hn_centre": ALLOWED}

    def table(hn_expert=NOT_FOUND, **outcomes):
        return matrix(cast, NOT_FOUND, **outcomes) | {"hn_expert": hn_expert}

    # Preparing: the host and the centre; the assigned expert not yet.
    for url in (dossier, download):
        check_access(client, cast, url, table(host=ALLOWED, **managers))
    check_access(client, cast, office, table(**managers))
    check_access(client, cast, scoring, table())

    # Scoring: the assigned expert reads the frozen dossier and scores; nobody else does.
    Round.objects.filter(pk=round_.pk).update(stage=Round.Stage.SCORING)
    case.status = Case.Status.SUBMITTED
    case.save(update_fields=["status"])
    for url in (dossier, download):
        check_access(client, cast, url, table(host=ALLOWED, hn_expert=ALLOWED, **managers))
    check_access(client, cast, scoring, table(hn_expert=ALLOWED))
    client.force_login(cast.host)
    response = client.get(download)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"

    # Published: the result for the studio's people and the centre; the report for the host.
    Round.objects.filter(pk=round_.pk).update(
        stage=Round.Stage.PUBLISHED, published_at=timezone.now()
    )
    round_.cases.update(status=Case.Status.DECIDED, grade="pass", reason="同意")
    result = reverse("assessment:result", args=[case.pk])
    report = reverse("assessment:case_report", args=[case.pk])
    check_access(client, cast, result, table(host=ALLOWED, member=ALLOWED, **managers))
    check_access(client, cast, report, table(host=ALLOWED, **managers))
    client.force_login(cast.host)
    response = client.get(report)
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    people = [hn.studios[0].host, *hn.members[hn.studios[0].pk]]
    for person in people:
        assert person.id_number not in text and person.mobile not in text


# Writes: POST only, with the CSRF token ---------------------------------------------------------


def test_every_write_needs_a_post_with_the_csrf_token(cast):
    from django.test import Client

    hn = with_hainan(cast, members=5)
    round_ = annual_open_today(hn)
    case = round_.cases.get(studio=hn.studios[0])
    writes = [
        reverse("assessment:self_report", args=[case.pk]),
        reverse("assessment:refresh_dossier", args=[case.pk]),
        reverse("assessment:submit_case", args=[case.pk]),
        reverse("assessment:publish_grades", args=[round_.pk]),
    ]
    host = Client(enforce_csrf_checks=True)
    host.force_login(cast.host)
    for url in writes:
        assert host.get(url).status_code in (404, 405), url
        assert host.post(url, {"text": "自评", "confirm": "on"}).status_code == 403, url
    survey = Client(enforce_csrf_checks=True)
    survey.force_login(cast.member)
    url = reverse("assessment:survey", args=[case.pk])
    assert survey.post(url, {code: "5" for code in AGREE}).status_code == 403
    case.refresh_from_db()
    assert case.self_report == "" and case.status == Case.Status.PREPARING
    assert not case.answers.exists()


def test_the_scoring_panel_takes_no_one_from_outside_the_programmes_expert_pool(cast):
    round_ = annual(hainan(studios=1, members=2))
    for outsider in (cast.expert, cast.nobody, cast.hz_centre):
        with pytest.raises(ValidationError, match="不在本项目的专家库中"):
            panel.add_expert(actor=SYSTEM, round_=round_, expert=outsider)
    assert not round_.panel.exists()
