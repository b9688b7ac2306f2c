"""The site's feeds (HN-4.1.6): Atom and RSS 2.0 per studio and per column parse as XML, list
the published posts newest first and nothing else."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from .helpers import draft, published, site_people

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.6")]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def posts(cast):
    studio = site_people(cast).studios[0]
    first = published(cast.host, studio, title="第一篇：校长交流", column="exchange")
    second = published(
        cast.host, studio, title="第二篇：管理案例", column="cases", kind="case_review"
    )
    draft(cast.host, studio, title="草稿不出现")
    return studio, first, second


def test_the_studios_atom_feed_lists_its_published_posts(client, posts):
    studio, first, second = posts
    response = client.get(reverse("publishing:atom", args=[studio.pk]))
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == studio.name
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "第二篇：管理案例",
        "第一篇：校长交流",
    ]
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("publishing:post", args=[first.pk]))
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "主持人0"
    assert entries[0].find(f"{ATOM}summary").text


def test_the_rss_feed_of_a_column_holds_that_column_only(client, posts):
    studio, first, second = posts
    response = client.get(reverse("publishing:column_rss", args=[studio.pk, "cases"]))
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("channel/item")
    assert [item.find("title").text for item in items] == ["第二篇：管理案例"]
    assert items[0].find("pubDate").text
    assert (
        client.get(reverse("publishing:column_atom", args=[studio.pk, "nope"])).status_code == 404
    )
