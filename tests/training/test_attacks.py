"""An attacker's pass over the training pages: forged fields, method tampering, stale states,
injected text in comments, reasons and exported files, other programmes' objects by id."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.records.services import submit_deliverable
from touyan.training import credits
from touyan.training.models import Comment, RemovalCase
from touyan.training.services.comments import add_comment
from touyan.training.services.completion import PASS, Choice, decide_cohort
from touyan.training.services.plans import start_plan
from touyan.training.services.removal import answer_case, decide_case, open_case

from .course import course
from .removal_data import centre_opens

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


@pytest.mark.clause("HZ-4.2.4")
def test_the_credit_file_writes_formula_like_names_as_text(cast):
    c = course(trainees=2)
    first, second = c.trainees
    first.principal.name = '=HYPERLINK("http://evil.example","点击")'
    first.principal.save(update_fields=["name"])
    second.principal.school.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    second.principal.school.save(update_fields=["name"])
    c.hz.cohort.name = "+第一期"
    c.hz.cohort.save(update_fields=["name"])
    decide_cohort(
        actor=Actor(cast.hz_centre),
        cohort=c.hz.cohort,
        choices={first.pk: Choice(PASS), second.pk: Choice(PASS)},
    )
    out = io.BytesIO()
    credits.export_credits(actor=Actor(cast.hz_admin), programme=c.programme, out=out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
    risky = [cell for cell in cells if isinstance(cell.value, str) and cell.value[:1] in "=+-@"]
    assert {cell.value for cell in risky} >= {first.principal.name, "+第一期"}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky)


@pytest.mark.clause("HZ-4.2.4")
def test_the_credit_file_is_refused_without_the_right_even_when_no_one_has_completed(client, cast):
    c = course()
    url = reverse("training:credits", args=[c.programme.pk])
    client.force_login(cast.hz_centre)  # manages the programme, no personal-data right
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        credits.export_credits(actor=Actor(cast.hz_centre), programme=c.programme, out=io.BytesIO())
    assert not AuditEntry.objects.filter(verb=Verb.EXPORT).exists()


@pytest.mark.clause("HZ-4.2.4")
def test_the_credit_file_of_a_cohort_not_of_the_programme_is_not_the_whole_programme(client, cast):
    c = course(trainees=2)
    decide_cohort(
        actor=Actor(cast.hz_centre), cohort=c.hz.cohort, choices={c.trainees[0].pk: Choice(PASS)}
    )
    client.force_login(cast.hz_admin)
    url = reverse("training:credits", args=[c.programme.pk])
    assert client.get(url + f"?cohort={c.hz.cohort.pk}").status_code == 404  # not asked in full
    assert client.get(url + f"?full=1&cohort={c.hz.cohort.pk}").status_code == 200
    assert client.get(url + "?full=1&cohort=999999").status_code == 404


@pytest.mark.clause("HZ-3.3.4")
def test_comments_and_reasons_are_escaped_on_every_page_that_shows_them(client, cast, pin_today):
    pin_today(dt.date(2026, 5, 20))
    c = course()
    trainee = c.trainees[0]
    plan = start_plan(actor=Actor(c.account(trainee)), trainee=trainee).plan
    add_comment(actor=Actor(c.lead), target=plan, body=XSS, url="/")
    deliverable = submit_deliverable(
        actor=Actor(c.account(trainee)),
        programme=c.programme,
        kind="study_log",
        title=XSS,
        principal=trainee.principal,
        body="考察记录。" * 50,
        today=dt.date(2026, 5, 18),
    )
    add_comment(actor=Actor(c.lead), target=deliverable, body=XSS, url="/")
    case = open_case(
        actor=Actor(cast.hz_centre),
        trainee=trainee,
        ground=RemovalCase.Ground.OTHER,
        reason=XSS,
        today=dt.date(2026, 5, 20),
    )
    answer_case(actor=Actor(c.account(trainee)), case=case, answer=XSS, today=dt.date(2026, 5, 20))
    client.force_login(cast.hz_centre)
    for url in (
        reverse("training:plan", args=[trainee.pk]),
        reverse("training:trainee", args=[trainee.pk]),
        reverse("training:removal_case", args=[case.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;" in page, url


@pytest.mark.clause("HZ-3.3.4")
def test_a_mentor_of_another_team_may_not_comment_on_the_plan_or_note_its_progress(client):
    c = course()
    trainee = c.trainees[0]  # team 一组; other_mentor leads 二组
    plan = start_plan(actor=Actor(c.account(trainee)), trainee=trainee).plan
    client.force_login(c.other_mentor)
    for action in ("comment", "progress", "approve", "return", "submit", "revise"):
        url = reverse(f"training:plan_{action}", args=[trainee.pk])
        assert client.post(url, {"body": "x", "note": "x"}).status_code == 404, action
    assert not Comment.objects.filter(plan=plan).exists()


@pytest.mark.clause("HZ-3.3.4")
def test_a_trainee_may_not_approve_their_own_plan_nor_act_on_anothers(client):
    c = course()
    own, other = c.trainees[0], c.trainees[1]
    start_plan(actor=Actor(c.account(own)), trainee=own)
    client.force_login(c.account(own))
    assert client.post(reverse("training:plan_approve", args=[own.pk])).status_code == 404
    assert client.post(reverse("training:plan_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("training:plan_comment", args=[other.pk])).status_code == 404


def test_post_only_steps_refuse_a_get(client, cast):
    c = course()
    trainee = c.trainees[0]
    client.force_login(c.account(trainee))
    for name in ("plan_submit", "plan_revise", "plan_comment", "plan_progress"):
        assert client.get(reverse(f"training:{name}", args=[trainee.pk])).status_code == 405
    client.force_login(cast.hz_centre)
    for name in ("plan_approve", "plan_return"):
        assert client.get(reverse(f"training:{name}", args=[trainee.pk])).status_code == 405
    assert client.get(reverse("training:team_dissolve", args=[c.team.pk])).status_code in (
        404,
        405,
    )
    assert c.team.__class__.objects.filter(pk=c.team.pk).exists()


@pytest.mark.clause("HZ-3.4.1")
def test_a_trainee_may_not_answer_anothers_case_nor_decide_their_own(client, cast, pin_today):
    pin_today(dt.date(2026, 4, 2))
    c = course()
    case = centre_opens(cast.hz_centre, c.trainees[0])
    client.force_login(c.account(c.trainees[1]))
    url = reverse("training:removal_answer", args=[case.pk])
    assert client.post(url, {"answer": "替他申辩"}).status_code == 404
    client.force_login(c.account(c.trainees[0]))
    decide = reverse("training:removal_decide", args=[case.pk])
    assert client.post(decide, {"decision": "keep", "reason": "自己保留"}).status_code == 404
    case.refresh_from_db()
    assert case.state == RemovalCase.State.OPEN and not case.answer


@pytest.mark.clause("HZ-3.4.1")
def test_a_case_is_decided_once_and_answered_only_before_its_deadline(client, cast, pin_today):
    pin_today(dt.date(2026, 4, 2))
    c = course()
    case = centre_opens(cast.hz_centre, c.trainees[0])
    pin_today(case.answer_by + dt.timedelta(days=1))
    client.force_login(c.account(c.trainees[0]))
    response = client.post(reverse("training:removal_answer", args=[case.pk]), {"answer": "迟到"})
    assert response.status_code == 200  # shown again with the refusal
    case.refresh_from_db()
    assert not case.answer
    decide_case(
        actor=Actor(cast.hz_centre),
        case=case,
        decision=RemovalCase.Decision.KEEP,
        reason="情节较轻",
        today=case.answer_by + dt.timedelta(days=1),
    )
    client.force_login(cast.hz_centre)
    response = client.post(
        reverse("training:removal_decide", args=[case.pk]),
        {"decision": "remove", "reason": "改判"},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.decision == RemovalCase.Decision.KEEP


@pytest.mark.clause("HZ-3.3.2")
def test_a_forged_revoke_field_on_the_institute_grants_is_not_a_server_error(client, cast):
    c = course()
    client.force_login(cast.hz_centre)
    url = reverse("training:institute_grants", args=[c.programme.slug])
    assert client.post(url, {"revoke": "abc"}).status_code == 404
    assert client.post(url, {"revoke": "999999"}).status_code == 404


@pytest.mark.clause("HZ-4.2.4")
def test_the_public_transcript_check_answers_not_found_to_odd_codes(client):
    c = course(trainees=1)
    for code in (
        "²-abc",
        "١-abc",
        "9" * 30 + "-abc",
        f"{c.trainees[0].pk}-0000000000000000",
        "x",
        "-",
    ):
        assert client.get(reverse("training:transcript_verify", args=[code])).status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.clause("HZ-3.4.1")
def test_the_removal_lists_read_in_the_same_queries_for_one_case_or_five(client, cast):
    c = course(trainees=6)
    client.force_login(cast.hz_centre)
    urls = (
        reverse("training:removal_list", args=[c.programme.slug]),
        reverse("training:removal_cases"),
    )

    def open_for(trainees):
        for trainee in trainees:
            open_case(
                actor=Actor(cast.hz_centre),
                trainee=trainee,
                ground=RemovalCase.Ground.OTHER,
                reason="严重违反培训纪律",
            )

    open_for(c.trainees[:1])
    for url in urls:
        _queries(client, url)  # warm: the session, the policy
    few = [_queries(client, url) for url in urls]
    open_for(c.trainees[1:])
    assert [_queries(client, url) for url in urls] == few
