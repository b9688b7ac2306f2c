"""Every page of the demo, as every demo account, carries the strict Content-Security-Policy
and contains nothing it would block.

A crawl, not a list: from each account's home page it follows every link on the site, one page
per URL pattern, so a page added later is covered as soon as a menu or a list links to it. It
builds the whole demo, so it runs in one of CI's two database passes only (SQLite); the header
itself is also checked on every response of the permission matrix (tests/access.py) in both.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import Resolver404, resolve

from touyan.accounts.models import User
from touyan.demo.accounts import DEMO_ACCOUNTS

from .csp import csp_problems

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the demo-wide sweep runs in the SQLite pass only"
)

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
NOT_PAGES = ("/static/", "/media/", "/i18n/", "/accounts/logout/")
PAGES_PER_ACCOUNT = 200


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links_of(response, base: str) -> list[str]:
    if "text/html" not in response.headers.get("Content-Type", ""):
        return []
    parser = Links()
    parser.feed(response.content.decode(errors="replace"))
    paths = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(base, href))
        if url.netloc in ("", "testserver") and url.path.startswith("/"):
            paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def route_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name or match.route}"


def crawl(client) -> tuple[int, dict[str, list[str]]]:
    """Visit every page reachable from the home page and the admin's, one per route; what each
    breaks."""
    seen_routes, problems, visited = set(), {}, 0
    queue = deque(["/", "/sysadmin/"])
    while queue and visited < PAGES_PER_ACCOUNT:
        path = queue.popleft()
        route = route_of(path)
        if route is None or route in seen_routes or path.startswith(NOT_PAGES):
            continue
        seen_routes.add(route)
        response = client.get(path)
        visited += 1
        if response.status_code >= 500:
            problems[path] = [f"HTTP {response.status_code}"]
        elif found := csp_problems(response):
            problems[path] = found
        queue.extend(links_of(response, path))
    return visited, problems


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("m")),
        transaction.atomic(),
    ):
        call_command("demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", [account.username for account in DEMO_ACCOUNTS])
def test_every_page_an_account_reaches_keeps_the_policy(demo, db, client, username):
    client.force_login(User.objects.get(username=username))
    visited, problems = crawl(client)
    assert visited >= 3, f"{username} reached only {visited} pages"
    assert problems == {}


def test_every_public_page_keeps_the_policy(demo, db, client):
    visited, problems = crawl(client)
    assert problems == {}
