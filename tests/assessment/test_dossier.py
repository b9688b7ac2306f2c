"""The dossier assembled from the records of the round's period (HN-5.3 查阅资料, HN-5.2):
studios, members and trainees; in queries that do not grow with the cases; by the task queue,
idempotently."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from touyan.assessment.dossier import VERSION, assemble, assemble_many
from touyan.assessment.jobs import assemble_dossiers
from touyan.assessment.models import Case
from touyan.jobs.models import Job
from touyan.jobs.services import enqueue
from touyan.records import services as records
from touyan.records.models import Level

from ..programmes import SYSTEM, hainan, hangzhou
from .dossiers import D, activity, annual_open_today, attend, studio_year
from .rounds import member_regular, trainee_round

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.3", "HN-5.2")]


def test_a_studio_dossier_holds_the_records_of_the_period():
    hn = hainan(studios=2, members=10)
    studio_year(hn, 0)
    round_ = annual_open_today(hn)
    case = round_.cases.get(studio=hn.studios[0])
    dossier = assemble(case)
    assert dossier["version"] == VERSION and dossier["kind"] == "studio"
    assert dossier["subject"]["members"] == 10
    # Only the first year's activities; the attendance of each and of each member.
    assert [a["type"] for a in dossier["activities"]] == ["seminar", "outreach"]
    seminar = dossier["activities"][0]
    assert seminar["type_name"] == "专题研讨"
    assert seminar["attendance"] == {"present": 2, "leave": 1, "absent": 1, "rate": 50}
    assert {t["type"]: t["count"] for t in dossier["activity_types"]} == {
        "seminar": 1,
        "outreach": 1,
    }
    first = dossier["attendance"][0]
    assert (first["present"], first["leave"], first["absent"], first["rate"]) == (2, 0, 0, 100)
    assert dossier["attendance"][9]["rate"] is None
    # Deliverables with their 字数, research with the period's outcomes, outreach recognised.
    assert dossier["deliverables"][0]["chars"] == 1200
    assert dossier["deliverables"][0]["kind_name"] == "工作室三年活动计划"
    (project,) = dossier["research"]
    assert project["level_name"] == "省级" and project["outcomes"][0]["kind_name"] == "论文"
    assert [a["title"] for a in dossier["outreach"]] == ["outreach 2025-11-03"]
    assert dossier["outreach"][0]["rural_or_weak"] is True
    # Compliance verdicts of the periods within the year, and an honest funds section.
    rules = {rule["rule"]: rule for rule in dossier["compliance"]}
    outreach_rule = rules["hn-yearly-outreach"]
    assert [p["state"] for p in outreach_rule["periods"]] == ["met"]
    assert all(p["starts"] <= "2026-08-31" for r in rules.values() for p in r["periods"])
    assert dossier["funds"]["recorded"] is False and dossier["funds"]["note"]
    # Plain JSON.
    assert json.loads(json.dumps(dossier)) == dossier
    other = assemble(round_.cases.get(studio=hn.studios[1]))
    assert other["activities"] == [] and other["research"] == []


def test_a_joint_activity_counts_for_each_of_its_studios():
    hn = hainan(studios=2, members=10)
    joint = activity(hn.programme, studios=hn.studios, kind="joint", day=D(2025, 12, 2))
    first, second = hn.studios
    attend(joint, [hn.members[first.pk][0], hn.members[second.pk][0]], ["present", "absent"])
    round_ = annual_open_today(hn)
    dossiers = assemble_many(round_, list(round_.cases.order_by("pk")))
    by_studio = {round_.cases.get(pk=pk).studio_id: d for pk, d in dossiers.items()}
    assert by_studio[first.pk]["activities"][0]["attendance"]["present"] == 1
    assert by_studio[first.pk]["attendance"][0]["present"] == 1
    assert by_studio[second.pk]["attendance"][0]["absent"] == 1


def test_assembling_many_cases_costs_the_same_queries_as_a_few():
    hn = hainan(studios=6, members=10)
    for index in range(6):
        studio_year(hn, index)
    round_ = annual_open_today(hn)
    cases = list(round_.cases.order_by("pk"))
    assemble_many(round_, cases[:1])  # the policy parsed once
    with CaptureQueriesContext(connection) as one:
        assemble_many(round_, cases[:1])
    with CaptureQueriesContext(connection) as six:
        dossiers = assemble_many(round_, cases)
    assert len(six) == len(one) <= 20
    assert all(len(d["activities"]) == 2 for d in dossiers.values())


@pytest.mark.clause("HN-4.2.4")
def test_a_member_dossier_holds_the_members_own_record():
    hn = hainan(studios=1, members=10)
    studio = hn.studios[0]
    person = hn.members[studio.pk][0]
    seminar = activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 9, 12))
    attend(seminar, [person], ["leave"])
    records.submit_deliverable(
        actor=SYSTEM,
        programme=hn.programme,
        kind="growth_plan",
        title="个人成长方案",
        studio=studio,
        principal=person,
        body="成长" * 300,
        today=D(2025, 9, 20),
    )
    round_ = member_regular(hn, semester=1)
    case = round_.cases.get(member__principal=person)
    dossier = assemble(case)
    assert dossier["kind"] == "member" and dossier["subject"]["name"] == person.name
    assert dossier["attendance"]["leave"] == 1 and dossier["attendance"]["present"] == 0
    assert dossier["attendance"]["sessions"][0]["status_name"] == "请假"
    assert [d["title"] for d in dossier["deliverables"]] == ["个人成长方案"]
    other = assemble(round_.cases.exclude(pk=case.pk).first())
    assert other["deliverables"] == [] and other["attendance"]["sessions"] == []


@pytest.mark.clause("HZ-3.4.3")
def test_a_trainee_dossier_holds_hours_per_topic_against_the_policy():
    hz = hangzhou(trainees=2)
    trainee, other = hz.trainees
    start = hz.cohort.starts_on
    course = activity(
        hz.programme,
        cohort=hz.cohort,
        kind="course",
        day=start + dt.timedelta(days=10),
        topic="humanities",
        hours=Decimal("8"),
    )
    attend(course, [trainee.principal, other.principal], ["present", "absent"])
    forum = activity(
        hz.programme,
        cohort=hz.cohort,
        kind="forum_talk",
        day=start + dt.timedelta(days=20),
        level=Level.CITY,
    )
    records.record_attendance(
        actor=SYSTEM,
        activity=forum,
        marks=[records.Mark(trainee.principal.pk, "present", presented=True)],
    )
    records.credit_hours(
        actor=SYSTEM,
        trainee=trainee,
        topic="humanities",
        hours=Decimal("4.5"),
        credited_on=start + dt.timedelta(days=30),
        note="校外研修认定",
    )
    round_ = trainee_round(hz)
    dossier = assemble(round_.cases.get(trainee=trainee))
    assert dossier["kind"] == "trainee"
    assert dossier["hours"]["required"] == 270
    topic = next(t for t in dossier["hours"]["topics"] if t["code"] == "humanities")
    assert (topic["required"], topic["done"], topic["in_period"]) == (20, "12.5", "12.5")
    assert dossier["hours"]["done"] == "12.5"
    assert dossier["attendance"]["present"] == 2 and dossier["attendance"]["scheduled"] == 2
    assert [t["title"] for t in dossier["talks"]] == [forum.title]
    assert {r["rule"] for r in dossier["compliance"]} >= {"hz-curriculum-hours"}
    missed = assemble(round_.cases.get(trainee=other))
    assert missed["attendance"]["absent"] == 1 and missed["hours"]["done"] == "0.0"


def test_opening_a_round_assembles_every_dossier_through_the_queue():
    hn = hainan(studios=2, members=10)
    studio_year(hn, 0)
    round_ = annual_open_today(hn)
    job = Job.objects.get(kind="assessment.assemble_dossiers")
    assert job.state == Job.State.DONE and job.result["assembled"] == 2
    assert job.progress_current == job.progress_total == 2
    case = round_.cases.get(studio=hn.studios[0])
    assert case.assembled_at is not None
    assert case.dossier == assemble(case)


def test_assembling_again_is_idempotent_and_leaves_frozen_cases_alone():
    hn = hainan(studios=2, members=10)
    studio_year(hn, 0)
    round_ = annual_open_today(hn)
    before = {c.pk: c.dossier for c in round_.cases.all()}
    frozen = round_.cases.get(studio=hn.studios[1])
    Case.objects.filter(pk=frozen.pk).update(
        status=Case.Status.SUBMITTED, dossier_hash="f" * 64, dossier={"kept": True}
    )
    again = enqueue(actor=SYSTEM, kind="assessment.assemble_dossiers", payload={"round": round_.pk})
    assert again.result["assembled"] == 1
    after = {c.pk: c.dossier for c in round_.cases.all()}
    assert after[frozen.pk] == {"kept": True}
    assert {k: v for k, v in after.items() if k != frozen.pk} == {
        k: v for k, v in before.items() if k != frozen.pk
    }


def test_the_job_body_can_be_delivered_twice():
    hn = hainan(studios=1, members=10)
    round_ = annual_open_today(hn)

    class Seen:
        def progress(self, current, total, message=""):
            self.last = (current, total)

    seen = Seen()
    first = assemble_dossiers(seen, round=round_.pk)
    second = assemble_dossiers(seen, round=round_.pk)
    assert first == second == {"round": round_.pk, "cases": 1, "assembled": 1}
    assert seen.last == (1, 1)
