"""What the public sees of a round's consequences (HN-5.4, HN-5.4.1): a revoked studio's base
title is withdrawn on every public page, the studio stays readable marked 已撤销; a commended
studio shows "表彰：<round> 优秀" on its page, in the list and on the front door."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.formation import formation, member_call
from touyan.assessment.consequences import apply_due
from touyan.core.actors import Actor

from .decided import published

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.4", "HN-5.4.1")]


def card_of(html: str, url: str) -> str:
    """The list card that links to ``url``."""
    for card in re.findall(r'<li class="card">.*?</li>\s*(?=<li class="card">|</ul>)', html, re.S):
        if f'href="{url}"' in card:
            return card
    raise AssertionError(f"no card for {url}")


@pytest.fixture
def outcome():
    f = formation(carried=2, members=2, new=1)
    revoked, commended, plain = f.studios
    today = timezone.localdate()
    round_ = published(f, ["fail", "excellent", "pass"], today=today - dt.timedelta(days=30))
    apply_due(actor=Actor.system(), today=today)
    member_call(f)
    for studio in f.studios:
        studio.refresh_from_db()
    return f, round_, revoked, commended, plain


def test_the_base_title_is_withdrawn_on_every_public_page(client, outcome):
    f, _round, revoked, commended, plain = outcome
    title = revoked.base_title
    assert title and revoked.revoked_on is not None
    # The prospectus may name the title in its own words: the public page leaves it out.
    prospectus = revoked.prospectus
    prospectus.published = {**prospectus.published, "goals": f"建设{title}，带动成员学校。"}
    prospectus.save()
    pages = {
        "home": "/",
        "list": reverse("studios:public_list"),
        "list_programme": reverse("studios:public_list") + f"?programme={f.programme.slug}",
        "calls": reverse("selection:public_calls"),
        "call": reverse("selection:public_call", args=[f.call.pk]),
        **{f"studio-{s.pk}": reverse("studios:public", args=[s.pk]) for s in f.studios},
    }
    html = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html[name] = response.content.decode()
    page = html[f"studio-{revoked.pk}"]
    assert title not in page and "已撤销" in page and revoked.name in page
    for other in (commended, plain):
        assert title in html[f"studio-{other.pk}"]
    for name in ("list", "list_programme"):
        assert title not in card_of(html[name], reverse("studios:public", args=[revoked.pk]))
        assert "已撤销" in card_of(html[name], reverse("studios:public", args=[revoked.pk]))
        assert title in card_of(html[name], reverse("studios:public", args=[plain.pk]))
    for name in ("home", "calls", "call"):
        segment = html[name]
        # Nowhere does the revoked studio appear next to the title.
        for line in segment.splitlines():
            if revoked.name in line or revoked.base_school.name in line:
                assert title not in line, name
    # A revoked studio is no longer offered to member applicants.
    assert reverse("studios:public", args=[revoked.pk]) not in html["call"]
    assert reverse("studios:public", args=[plain.pk]) in html["call"]


def test_a_commendation_is_shown_publicly(client, outcome):
    _f, round_, _revoked, commended, plain = outcome
    honour = f"表彰：{round_.name} 优秀"
    assert honour in client.get(reverse("studios:public", args=[commended.pk])).content.decode()
    assert honour not in client.get(reverse("studios:public", args=[plain.pk])).content.decode()
    listing = client.get(reverse("studios:public_list")).content.decode()
    assert honour in card_of(listing, reverse("studios:public", args=[commended.pk]))
    assert honour in client.get("/").content.decode()


def test_the_public_list_keeps_constant_queries(client, outcome, django_assert_max_num_queries):
    url = reverse("studios:public_list")
    client.get(url)
    with django_assert_max_num_queries(8):
        client.get(url)
