"""The registry: what domains show on pages that are not their own, asked lazily, in order."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from touyan.core import registry
from touyan.core.context_processors import page_context
from touyan.core.registry import MenuEntry, Slot


def test_contributions_come_in_order_of_weight_then_of_registration():
    slot = Slot("test")
    slot.add(lambda subject: [f"{subject} late"], weight=20)
    slot.add(lambda subject: [f"{subject} early", f"{subject} early too"], weight=10)
    slot.add(lambda subject: [f"{subject} also late"], weight=20)
    assert list(slot.items("x")) == ["x early", "x early too", "x late", "x also late"]


def test_a_contribution_added_twice_counts_once():
    slot = Slot("test")

    def contribute(subject):
        return [subject]

    slot.add(contribute, weight=10)
    slot.add(contribute, weight=10)
    assert list(slot.items("x")) == ["x"]


def test_a_contribution_is_asked_only_when_its_items_are_read():
    asked = []
    slot = Slot("test")
    slot.add(lambda subject: asked.append(subject) or [subject], weight=10)
    items = slot.items("x")
    assert asked == []
    assert list(items) == ["x"] and asked == ["x"]


def test_a_menu_entry_is_current_on_its_page_or_in_its_sections():
    plain = MenuEntry("/studios/", "工作室")
    assert plain.is_current("/studios/") and not plain.is_current("/studios/3/")
    sections = MenuEntry("/programmes/", "培养项目", sections=("/programmes/", "/records/"))
    assert sections.is_current("/programmes/hn-2025/") and sections.is_current("/records/1/")
    assert not sections.is_current("/")


def test_every_contribution_comes_from_its_apps_home_module():
    slots = [registry.HOME_CARDS, registry.HOME_BADGES, registry.MENU, registry.PAGE_CONTEXT]
    slots += [registry.PUBLIC_HOME, registry.STUDIO_LINKS]
    for slot in slots:
        for contribution in slot.contributions():
            parts = contribution.__module__.split(".")
            assert parts[0] == "touyan" and parts[2:] == ["home"], contribution


def test_every_inbox_contribution_comes_from_its_apps_inbox_module():
    assert registry.INBOX.contributions()
    for contribution in registry.INBOX.contributions():
        parts = contribution.__module__.split(".")
        assert parts[0] == "touyan" and parts[2:] == ["inbox"], contribution


@pytest.mark.django_db
def test_the_menu_is_built_only_when_a_page_shows_it(cast, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = cast.hz_admin
    with django_assert_num_queries(0):
        context = page_context(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"] == 0
    assert [entry.url for entry, _current in context["nav_items"]][:3] == [
        reverse("core:home"),
        reverse("core:inbox"),
        reverse("people:principal_list"),
    ]


@pytest.mark.django_db
def test_the_menu_keeps_each_domains_place(client, cast):
    client.force_login(cast.superuser)
    nav_items = client.get(reverse("studios:public_list")).context["nav_items"]
    assert [(entry.url, current) for entry, current in nav_items] == [
        (reverse("core:home"), False),
        (reverse("core:inbox"), False),
        (reverse("people:principal_list"), False),
        (reverse("people:school_list"), False),
        (reverse("people:roster_import"), False),
        (reverse("selection:calls"), False),
        (reverse("accounts:user_list"), False),
        (reverse("audit:entry_list"), False),
        (reverse("studios:public_list"), True),
        (reverse("assessment:rounds"), False),
        (reverse("programmes:list"), False),
        (reverse("policies:list"), False),
        (reverse("community:index"), False),
        (reverse("funding:index"), False),
        (reverse("library:list"), False),
        (reverse("holidays:years"), False),
        (reverse("notifications:list"), False),
        (reverse("jobs:list"), False),
    ]


@pytest.mark.django_db
def test_the_home_page_keeps_each_domains_place(client, cast):
    client.force_login(cast.superuser)
    cards = client.get(reverse("core:home")).context["cards"]
    assert [card.title for card in cards] == [
        "学校与校长名册",
        "操作日志",
        "账号与授权",
        "培养项目",
    ]


# The queries of the home page, its cards and menu included, as they were when the registry
# replaced the lists written in core, with each role's own places (区县审核, open calls, 我的工作室),
# plus the 待办 inbox it leads with: one query per inbox
# contribution that concerns the user (a manager: first reviews, objections, runs to publish,
# prospectuses, attendance; an expert: their reviews, also counted by their card; a principal:
# the studios they host and the programmes they take part in; assessment rounds: a manager's
# rounds, review requests and rounds to grade; a principal's cases, survey invitations and
# rounds to grade; training: a manager's leave requests, plans waiting for approval and removal
# cases to decide, a principal's trainee record for the plan's card and their case to answer;
# funding: an authority's disbursements to decide, the centre's budget years to close; studio
# tasks: a principal's own parts and their studios' members' parts, in one query; 入校诊断: the
# followers' card (the programmes with their policies, one query), a host's visits to report
# and a member's follow-ups waiting; publishing: a manager's posts to review before publishing,
# a principal's members' posts; community: a principal's open study sessions, the posts held or
# reported for a host or a manager).
HOME_QUERIES = {
    "superuser": 27,
    "hz_admin": 26,
    "hz_centre": 28,
    "xihu": 17,
    "binjiang": 17,
    "hn_admin": 26,
    "expert": 13,
    "nobody": 10,
    "own": 31,
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(HOME_QUERIES))
def test_the_home_page_costs_no_more_queries(client, cast, who, django_assert_max_num_queries):
    client.force_login(cast[who])
    client.get(reverse("core:home"))
    with django_assert_max_num_queries(HOME_QUERIES[who]):
        assert client.get(reverse("core:home")).status_code == 200


def test_every_member_archive_contribution_comes_from_its_apps_archive_module():
    assert registry.MEMBER_ARCHIVE.contributions()
    for contribution in registry.MEMBER_ARCHIVE.contributions():
        parts = contribution.__module__.split(".")
        assert parts[0] == "touyan" and parts[2:] == ["archive"], contribution
