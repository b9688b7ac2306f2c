"""Carrying the last cycle's studios into this programme, and introduced hosts (HN-3.3)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.programmes import SYSTEM, hainan
from tests.records.programme_people import matrix, with_hainan
from touyan.audit.models import AuditEntry
from touyan.people.enums import Position
from touyan.programmes.models import Studio
from touyan.programmes.policy import spec_of
from touyan.programmes.services import record_introduced_host
from touyan.selection import eligibility

pytestmark = pytest.mark.django_db


def both_cycles(cast):
    """The last cycle (2022, two studios of ten members) and this one (2025)."""
    last = hainan(studios=2, start=dt.date(2022, 9, 1))
    return last, with_hainan(cast)


def carry_url() -> str:
    return reverse("programmes:carry_over", args=["hn-2025"])


def test_the_carry_over_page_is_for_the_centre(client, cast):
    both_cycles(cast)
    check_access(
        client,
        cast,
        carry_url(),
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED),
    )


@pytest.mark.clause("HN-3.3")
def test_the_centre_picks_confirms_and_carries_a_studio_with_its_members(client, cast):
    last, this = both_cycles(cast)
    old = last.studios[0]
    client.force_login(cast.hn_centre)
    page = client.get(carry_url()).content.decode()
    assert old.name in page and last.studios[1].name in page

    # Step one only asks for confirmation: nothing is carried yet.
    page = client.post(carry_url(), {"studios": [old.pk]}).content.decode()
    assert "确认延续 1 个工作室" in page and "成员 10 人" in page
    assert not Studio.objects.filter(carried_from=old).exists()

    response = client.post(carry_url(), {"studios": [old.pk], "confirm": "1"})
    assert response.status_code == 302
    new = Studio.objects.get(programme=this.programme, carried_from=old)
    assert new.host_id == old.host_id and new.members.count() == 10
    assert {m.joined_on for m in new.members.all()} == {this.programme.starts_on}
    assert AuditEntry.objects.filter(target_id=str(new.pk), note__contains="延续").exists()
    # Carried once: no longer offered.
    assert old.name not in client.get(carry_url()).content.decode()


@pytest.mark.clause("HN-3.3")
def test_a_host_who_no_longer_meets_the_condition_is_carried_only_as_introduced(client, cast):
    last, this = both_cycles(cast)
    fine, moved = last.studios
    moved.host.position = Position.VICE_PRINCIPAL
    moved.host.save(update_fields=["position"])
    client.force_login(cast.hn_centre)
    assert "须作为引进主持人延续" in client.get(carry_url()).content.decode()

    page = client.post(carry_url(), {"studios": [fine.pk, moved.pk], "confirm": "1"})
    assert page.status_code == 200
    assert "不符合主持人条件" in page.content.decode() and "请写明引进理由" in page.content.decode()
    # All or none: the studio without a problem was not carried either.
    assert not Studio.objects.filter(programme=this.programme, carried_from__isnull=False).exists()

    reason = "省外引进的知名校长，经厅务会研究同意"
    client.post(
        carry_url(),
        {"studios": [fine.pk, moved.pk], "confirm": "1", f"reason_{moved.pk}": reason},
    )
    introduced = Studio.objects.get(programme=this.programme, carried_from=moved)
    assert introduced.introduced and introduced.introduced_reason == reason
    assert introduced.introduced_by == cast.hn_centre and introduced.introduced_at is not None
    assert not Studio.objects.get(programme=this.programme, carried_from=fine).introduced
    listing = client.get(reverse("programmes:detail", args=["hn-2025"])).content.decode()
    assert "引进" in listing and "延续" in listing


@pytest.mark.clause("HN-3.3")
def test_the_centre_records_an_introduced_host_and_the_host_condition_honours_it(client, cast):
    this = with_hainan(cast)
    studio = this.studios[0]
    url = reverse("programmes:introduced_host", args=["hn-2025", studio.pk])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED),
    )
    host = studio.host
    host.position = Position.VICE_PRINCIPAL
    host.save(update_fields=["position"])
    call = next(c for c in spec_of(this.programme).selection if c.purpose == "hosts")
    day = dt.date(2025, 6, 1)  # before the cycle: a host may still take part in its host call

    def post_finding():
        found = eligibility.evaluate(
            call, host, jurisdiction="460000", on=day, programme_id=this.programme.pk
        )
        return next(f for f in found if f.code == "post")

    assert post_finding().outcome == eligibility.UNMET

    client.force_login(cast.hn_centre)
    assert client.post(url, {"introduced_reason": "  "}).status_code == 200  # refused
    assert not Studio.objects.get(pk=studio.pk).introduced
    response = client.post(url, {"introduced_reason": "省外引进"})
    assert response.status_code == 302
    studio.refresh_from_db()
    assert studio.introduced and studio.introduced_by_name
    entry = AuditEntry.objects.get(target_id=str(studio.pk), note__startswith="引进主持人")
    assert entry.changes["introduced"] == [False, True]
    page = client.get(reverse("programmes:studio", args=["hn-2025", studio.pk])).content.decode()
    assert "引进理由" in page and "省外引进" in page

    finding = post_finding()
    assert finding.outcome == eligibility.MET and "省外引进" in finding.reason


def test_recording_an_introduced_host_is_for_the_centre(cast):
    from django.core.exceptions import PermissionDenied

    from touyan.core.actors import Actor

    this = with_hainan(cast)
    with pytest.raises(PermissionDenied):
        record_introduced_host(
            actor=Actor.command_line(cast.host), studio=this.studios[0], reason="自荐"
        )
    record_introduced_host(actor=SYSTEM, studio=this.studios[0], reason="引进")
