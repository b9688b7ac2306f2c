"""Compliance verdicts through the API: the engine's evaluation, narrowed and filtered."""

import datetime as dt

import pytest

from touyan.programmes import services as programme_services
from touyan.records import services as records

from ..factories import UserFactory
from ..programmes import SYSTEM, hainan, hangzhou
from .helpers import send, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def hn(client, cast):
    programme = hainan(studios=2, members=1)
    body = {
        "activity_type": "seminar",
        "title": "九月专题研讨：新课标下的课程领导力",
        "date": "2025-09-18",
        "studio_ids": [programme.studios[0].pk],
    }
    send(
        client,
        "POST",
        f"/programmes/{programme.programme.slug}/activities",
        body,
        key=token_for(cast.hn_admin),
    )
    return programme


def subject(data, pk):
    return next(s for s in data["subjects"] if s["id"] == pk)


@pytest.mark.clause("HN-4.1.1")
def test_a_monthly_seminar_is_met_where_held_and_missed_where_not(client, cast, hn):
    path = f"/programmes/{hn.programme.slug}/compliance?as_of=2025-10-08"
    response = send(client, "GET", path, key=token_for(cast.hn_admin))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["as_of"] == "2025-10-08" and data["policy"] == {
        "slug": "hainan-studios",
        "version": 1,
    }
    assert {rule["id"] for rule in data["rules"]} >= {"hn-monthly-seminar"}
    held = subject(data, hn.studios[0].pk)["cells"]["hn-monthly-seminar"]
    september = held["verdicts"][0]
    assert september["period"]["label"] == "2025年9月" and september["state"] == "met"
    assert september["evidence"][0]["label"] == "九月专题研讨：新课标下的课程领导力"
    assert held["current"]["period"]["label"] == "2025年10月"
    missed = subject(data, hn.studios[1].pk)["cells"]["hn-monthly-seminar"]
    assert missed["verdicts"][0]["state"] == "missed" and missed["state"] == "missed"


def test_filters_by_subject_rule_and_state(client, cast, hn):
    key = token_for(cast.hn_admin)
    base = f"/programmes/{hn.programme.slug}/compliance?as_of=2025-10-08"
    one = send(
        client, "GET", f"{base}&subject={hn.studios[1].pk}&rule=hn-monthly-seminar", key=key
    ).json()
    assert [s["id"] for s in one["subjects"]] == [hn.studios[1].pk]
    assert [r["id"] for r in one["rules"]] == ["hn-monthly-seminar"]
    assert list(one["subjects"][0]["cells"]) == ["hn-monthly-seminar"]
    assert sum(one["totals"].values()) == 1 and one["totals"]["missed"] == 1
    missed = send(client, "GET", f"{base}&state=missed", key=key).json()
    cells = [cell for s in missed["subjects"] for cell in s["cells"].values()]
    assert cells and all(cell["state"] == "missed" for cell in cells)
    assert missed["totals"]["met"] == 0 and missed["totals"]["missed"] == len(cells)
    brief = send(client, "GET", f"{base}&detail=false", key=key).json()
    assert all(c["verdicts"] == [] for s in brief["subjects"] for c in s["cells"].values())


def test_an_unknown_rule_or_state_is_an_input_error(client, cast, hn):
    key = token_for(cast.hn_admin)
    base = f"/programmes/{hn.programme.slug}/compliance"
    unknown = send(client, "GET", f"{base}?rule=hn-weekly-picnic", key=key)
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == [
        {"field": "rule", "in": "query", "message": "项目政策中没有规则“hn-weekly-picnic”"}
    ]
    state = send(client, "GET", f"{base}?state=fine&as_of=2025-02-30", key=key)
    assert state.status_code == 422
    assert {item["field"] for item in state.json()["detail"]} == {"state", "as_of"}


def test_a_host_sees_their_own_studio_and_outsiders_nothing(client, cast, hn):
    host = UserFactory()
    hn.studios[1].host.user = host
    hn.studios[1].host.save()
    path = f"/programmes/{hn.programme.slug}/compliance?as_of=2025-10-08"
    data = send(client, "GET", path, key=token_for(host)).json()
    assert [s["id"] for s in data["subjects"]] == [hn.studios[1].pk]
    assert send(client, "GET", path, key=token_for(cast.hz_centre)).status_code == 404
    assert send(client, "GET", path).status_code == 401


@pytest.mark.clause("HZ-3.4.2")
def test_a_research_report_counts_only_from_ten_thousand_characters(client, cast):
    hz = hangzhou(trainees=2)
    programme_services.add_trainee(
        actor=SYSTEM, cohort=hz.cohort, principal=cast.xihu_principal, joined_on=hz.cohort.starts_on
    )
    centre = token_for(cast.hz_centre)
    for trainee, length in [(hz.trainees[0], 10_000), (hz.trainees[1], 9_999)]:
        body = {
            "kind": "research_report",
            "title": "课题结题报告",
            "body": "研" * length,
            "principal_id": trainee.principal_id,
        }
        response = send(
            client, "POST", f"/programmes/{hz.programme.slug}/deliverables", body, key=centre
        )
        assert response.json()["char_count"] == length
    path = f"/programmes/{hz.programme.slug}/compliance?as_of=2027-07-01&rule=hz-research-report"
    data = send(client, "GET", path, key=centre).json()
    enough = subject(data, hz.trainees[0].pk)["cells"]["hz-research-report"]
    short = subject(data, hz.trainees[1].pk)["cells"]["hz-research-report"]
    assert enough["state"] == "met"
    assert short["state"] != "met" and short["current"]["evidence"] == []
    mine = send(client, "GET", path, key=token_for(cast.own)).json()
    assert [s["name"] for s in mine["subjects"]] == ["西湖校长"]


@pytest.mark.clause("HZ-3.4.1", "HZ-3.T")
def test_cells_and_verdicts_carry_their_pace_beside_the_state(client, cast):
    hz = hangzhou(trainees=2)
    forums = [
        records.create_activity(
            actor=SYSTEM,
            programme=hz.programme,
            cohort=hz.cohort,
            activity_type="forum_talk",
            title=f"高端论坛 {n}",
            date=dt.date(2026, 4, 3) + dt.timedelta(days=7 * n),
            level="city",
        )
        for n in range(5)
    ]
    keen, silent = hz.trainees
    for forum in forums[:2]:
        records.record_attendance(
            actor=SYSTEM, activity=forum, marks=[records.Mark(keen.principal_id, "present", True)]
        )
    centre = token_for(cast.hz_centre)
    base = f"/programmes/{hz.programme.slug}/compliance?as_of=2026-04-20"
    data = send(client, "GET", base, key=centre).json()
    talks = subject(data, keen.pk)["cells"]["hz-forum-talks"]
    assert talks["state"] == "at_risk" and talks["pace"] == "on_track"
    assert talks["current"]["pace"] == "on_track" and talks["current"]["note"] == ""
    impossible = subject(data, silent.pk)["cells"]["hz-forum-talks"]
    assert impossible["state"] == "at_risk" and impossible["pace"] == "cannot_be_met"
    assert impossible["current"]["note"] == "其后排定的活动只剩 2 场，已不足以完成"
    # Periods not open have no pace; every rule's unit is given for absence rules only.
    assert all(v["pace"] is None for v in talks["verdicts"] if v["state"] == "not_due")
    units = {rule["id"]: rule["unit"] for rule in data["rules"]}
    assert units["hz-absence-ratio"] == "hours" and units["hz-forum-talks"] is None
    ceiling = subject(data, keen.pk)["cells"]["hz-absence-ratio"]
    assert ceiling["state"] == "met" and ceiling["pace"] == "on_track"
    assert ceiling["next_step"] == ""  # forums carry no class hours: nothing to count yet
    # Filtering by pace keeps only the cells whose open period reads so.
    only = send(client, "GET", f"{base}&pace=cannot_be_met", key=centre).json()
    cells = [c for s in only["subjects"] for c in s["cells"].values()]
    assert cells and all(c["pace"] == "cannot_be_met" for c in cells)
    assert [s["id"] for s in only["subjects"]] == [silent.pk]
    bad = send(client, "GET", f"{base}&pace=slow", key=centre)
    assert bad.status_code == 422


@pytest.mark.clause("EX-6", "EX-10")
def test_the_third_presets_rules_come_through_with_their_units(client, cast):
    from touyan.policies.presets import preset_text

    nb = hangzhou(trainees=1, text=preset_text("ningbo-backbone"))
    path = f"/programmes/{nb.programme.slug}/compliance"
    response = send(client, "GET", path, key=token_for(cast.superuser))
    assert response.status_code == 200, response.content
    units = {rule["id"]: rule["unit"] for rule in response.json()["rules"]}
    assert units["ex-secondment"] == "months" and units["ex-attendance-rate"] == "sessions"
