"""Deliverables through the API: who may hand in what, and how long the text counts."""

import pytest

from touyan.programmes import services as programme_services
from touyan.records.models import Deliverable

from ..factories import UserFactory
from ..programmes import SYSTEM, hainan, hangzhou
from .helpers import send, token_for

pytestmark = pytest.mark.django_db

HAN = "校长领导力研究"


def report(principal_id=None, *, length=10_000, **fields):
    body = (HAN * (length // len(HAN) + 1))[:length]
    return {
        "kind": "research_report",
        "title": "课题结题报告：集团化办学中的课程治理",
        "body": body,
        "submitted_on": "2027-06-30",
        "principal_id": principal_id,
        **fields,
    }


@pytest.fixture
def hz(db, cast):
    programme = hangzhou(trainees=2)
    programme_services.add_trainee(
        actor=SYSTEM,
        cohort=programme.cohort,
        principal=cast.xihu_principal,
        joined_on=programme.cohort.starts_on,
    )
    return programme


@pytest.mark.clause("HZ-3.4.2")
def test_a_trainee_hands_in_their_report_and_gets_its_length(client, cast, hz):
    body = report(cast.xihu_principal.pk)
    body["body"] = "第一章 绪论\n\n" + body["body"][:9990] + "（PISA 2025）。 "
    response = send(
        client,
        "POST",
        f"/programmes/{hz.programme.slug}/deliverables",
        body,
        key=token_for(cast.own),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    # 第一章 绪论: 5; the text: 9990; （ PISA 2025 ）。: 5 — a word or a number counts one,
    # spaces and line breaks count nothing: exactly the 10000 characters HZ-3.4.2 asks for.
    assert data["char_count"] == 5 + 9990 + 5 == 10_000
    assert data["kind_name"] == "课题结题报告" and data["author"]["name"] == "西湖校长"
    assert Deliverable.objects.get().char_count == data["char_count"]


def test_the_centre_hands_in_for_a_trainee_a_district_officer_may_not(client, cast, hz):
    path = f"/programmes/{hz.programme.slug}/deliverables"
    trainee = hz.trainees[0].principal_id
    assert (
        send(client, "POST", path, report(trainee), key=token_for(cast.hz_centre)).status_code
        == 201
    )
    refused = send(client, "POST", path, report(trainee), key=token_for(cast.xihu))
    assert refused.status_code == 404 and refused.json()["detail"] == "您无权在这个项目中提交成果"
    stranger = send(client, "POST", path, report(trainee), key=token_for(cast.own))
    assert stranger.status_code == 404
    assert stranger.json()["detail"] == "您不能为所指的工作室或人员提交成果"
    assert Deliverable.objects.count() == 1


def test_refusals_of_the_service_name_their_field(client, cast, hz):
    path = f"/programmes/{hz.programme.slug}/deliverables"
    key = token_for(cast.own)
    unknown = send(client, "POST", path, report(cast.xihu_principal.pk, kind="poem"), key=key)
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == [
        {"field": "kind", "in": "body", "message": "项目政策中没有成果类型“poem”"}
    ]
    blank = send(client, "POST", path, report(cast.xihu_principal.pk, body=" \n "), key=key)
    assert blank.json()["detail"] == [
        {"field": "body", "in": "body", "message": "请填写正文或上传附件"}
    ]
    ownerless = send(client, "POST", path, report(None), key=token_for(cast.hz_centre))
    assert ownerless.status_code == 400 and ownerless.json()["detail"][0]["field"] == "principal_id"


@pytest.mark.clause("HN-4.3")
def test_a_member_hands_in_their_growth_plan(client, cast):
    hn = hainan(studios=1, members=2)
    studio = hn.studios[0]
    member = hn.members[studio.pk][0]
    member.user = UserFactory()
    member.save()
    body = {
        "kind": "growth_plan",
        "title": "个人成长方案",
        "body": "三年内形成自己的办学主张。",
        "studio_id": studio.pk,
        "principal_id": member.pk,
    }
    path = f"/programmes/{hn.programme.slug}/deliverables"
    response = send(client, "POST", path, body, key=token_for(member.user))
    assert response.status_code == 201, response.content
    assert response.json()["char_count"] == 13
    assert response.json()["studio"] == {"id": studio.pk, "name": studio.name}
    other = hn.members[studio.pk][1]
    refused = send(
        client, "POST", path, {**body, "principal_id": other.pk}, key=token_for(member.user)
    )
    assert refused.status_code == 404


def test_the_list_follows_what_the_user_sees(client, cast, hz):
    path = f"/programmes/{hz.programme.slug}/deliverables"
    centre = token_for(cast.hz_centre)
    for trainee in hz.trainees:
        send(client, "POST", path, report(trainee.principal_id), key=centre)
    everything = send(client, "GET", path, key=centre).json()
    assert everything["count"] == 2 and "body" not in everything["items"][0]
    district = send(client, "GET", path, key=token_for(cast.binjiang)).json()
    assert [item["author"]["name"] for item in district["items"]] == ["学员1"]
    assert send(client, "GET", f"{path}?kind=study_report", key=centre).json()["count"] == 0
    assert send(client, "GET", path, key=token_for(cast.own)).json()["count"] == 0
