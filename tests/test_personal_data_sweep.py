"""The sweep: no full ID or mobile number of another person leaves the platform by a GET.

Built on the demo (``touyan demo``, once for the module). Every demo account but the system
administrator signs in and follows every link its pages offer, starting from the home page and
every URL pattern that takes no parameter; one page per URL pattern and query shape, so it stays
fast. Every API route with a GET is called too, its path parameters filled from real objects.
Each body is scanned — HTML, JSON, the text of downloaded .xlsx and .pdf files — for the full
ID or mobile number of anyone but the signed-in user. Accounts with the right to see personal
data are swept as well (pages show them masked numbers too), except the export options they ask
for explicitly (``full=1``), which are audited instead.

It takes about a minute, most of it building the demo; ``.ci/run`` runs it in the SQLite pass
only (``TOUYAN_PERSONAL_DATA_SWEEP=0`` turns it off).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from openpyxl import load_workbook

from touyan.accounts.models import User
from touyan.demo.accounts import DEMO_ACCOUNTS
from touyan.people.models import Principal

pytestmark = pytest.mark.sweep

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SWEPT = [account.username for account in DEMO_ACCOUNTS if not account.superuser]
ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
HREF = re.compile(r"""(?:href|action)=["']([^"'#]+)""")
# Not pages: static files, the admin site of the system administrator, the language switch.
SKIPPED_PREFIXES = ("/static/", "/sysadmin/", "/i18n/", "/accounts/logout/")
QUERY_SHAPES_PER_ROUTE = 3
# Pages and downloads that show a person's numbers: the sweep must open each as some role.
PERSON_PAGES = {
    "registry/principals/<int:pk>/",
    "registry/principals/<int:pk>/edit/",
    "registry/export.xlsx",
    "selection/review/applications/<int:pk>/",
    "selection/review/applications/<int:pk>/form.pdf",
    "selection/calls/<int:pk>/district/<str:code>/summary.xlsx",
    "jobs/<int:pk>/file/",
    "selection/office/calls/<int:pk>/objections/",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once; yields the folder its files (uploads, the files jobs made) are in."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media, TOUYAN_BACKGROUND_JOBS="inline"
        ),
        transaction.atomic(),
    ):
        call_command("demo", verbosity=0)
        yield media
        transaction.set_rollback(True)


# Reading bodies -------------------------------------------------------------------------------


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def text_of(response) -> str:
    data = body_of(response)
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            " ".join("" if cell is None else str(cell) for cell in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if "pdf" in kind:
        return pdf_text(data)
    return data.decode("utf-8", errors="replace")


def pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("the sweep reads PDFs with pdftotext (Debian package poppler-utils)")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(data)
        source.flush()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", source.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return re.sub(r"[ \t]+", "", text)  # pdftotext may space out the digits of a number


def numbers_in(text: str) -> set[str]:
    return {n.upper() for n in ID_NUMBER.findall(text)} | set(MOBILE.findall(text))


# Finding pages --------------------------------------------------------------------------------


def site_routes() -> list[str]:
    """Every URL pattern of the site (the API apart), as a route: ``registry/principals/<int:pk>/``."""

    def walk(patterns, prefix: str):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and "(?P" not in route:
                yield (prefix + route).lstrip("^").rstrip("$")

    return [
        route
        for route in walk(get_resolver().url_patterns, "")
        if not ("/" + route).startswith(SKIPPED_PREFIXES) and not route.startswith("api/")
    ]


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def pk_models() -> dict[str, object]:
    """The objects a ``<pk>`` stands for, by the path segment before it."""
    from touyan.allocation.models import Run
    from touyan.compliance.models import Snapshot
    from touyan.notifications.models import Notification
    from touyan.people.models import RosterImport, School
    from touyan.programmes.models import Studio, Trainee
    from touyan.records.models import Activity, ActivityFile, Deliverable, ResearchProject
    from touyan.selection.models import Application, Call, Evidence, Review

    return {
        "principals": (Principal, "school__region__code"),
        "schools": (School, "region__code"),
        "import": (RosterImport, None),
        "studios": (Studio, None),
        "trainees": (Trainee, None),
        "activities": (Activity, None),
        "files": (ActivityFile, None),
        "deliverables": (Deliverable, None),
        "projects": (ResearchProject, None),
        "calls": (Call, None),
        "applications": (Application, "district__code"),
        "evidence": (Evidence, "application__district__code"),
        "reviews": (Review, None),
        "runs": (Run, None),
        "snapshots": (Snapshot, None),
        "notifications": (Notification, None),
    }


def real_values(route: str, name: str, user) -> list:
    """Up to a few real values for one path parameter, those in the user's area first."""
    from touyan.accounts.scopes import scope_of
    from touyan.policies.models import Policy, PolicyVersion
    from touyan.programmes.models import Cohort, Programme, Studio, Theme
    from touyan.selection.models import Application

    position = re.search(r"<(?:\w+:)?" + name + ">", route).start()
    segments = [part for part in route[:position].split("/") if part]
    segment = segments[-1] if segments else ""
    if name == "slug":
        model = Policy if route.startswith("policies/") else Programme
        return list(model.objects.order_by("pk").values_list("slug", flat=True)[:3])
    if name == "number":
        model = PolicyVersion if route.startswith("policies/") else Cohort
        return list(model.objects.values_list("number", flat=True).distinct().order_by()[:2])
    if name == "year":
        return list(Theme.objects.values_list("year", flat=True).distinct().order_by()[:1])
    if name == "code":
        return list(
            Application.objects.values_list("district_id", flat=True).distinct().order_by()[:4]
        )
    if name == "subject_id":
        return list(Studio.objects.values_list("pk", flat=True)[:2])
    if segment == "jobs":
        # The user's own jobs first (a file a job made is its requester's alone), then others'.
        from touyan.jobs.models import Job

        own = list(Job.objects.filter(requested_by=user).values_list("pk", flat=True)[:2])
        return own + list(Job.objects.exclude(requested_by=user).values_list("pk", flat=True)[:1])
    if name != "pk" or segment not in pk_models():
        return []
    model, region = pk_models()[segment]
    objects = model.objects.order_by("pk").values_list("pk", flat=True)
    values = []
    prefixes = scope_of(user).registry_prefixes
    if region and prefixes:
        inside = Q()
        for prefix in prefixes:
            inside |= Q(**{f"{region}__startswith": prefix})
        values = list(objects.filter(inside)[:3])
    return values + [pk for pk in objects[:2] if pk not in values]


def district_pairs(user) -> list[tuple[int, str]]:
    """(call, district) of candidates sent up, the user's districts first."""
    from touyan.accounts.scopes import scope_of
    from touyan.selection.models import Application

    sent = (
        Application.objects.exclude(reviewed_at=None)
        .values_list("call_id", "district_id")
        .distinct()
        .order_by("call_id", "district_id")
    )
    pairs = list(sent)
    prefixes = scope_of(user).registry_prefixes
    return sorted(pairs, key=lambda pair: not pair[1].startswith(prefixes or ("-",)))[:3]


def filled(route: str, user) -> Iterator[str]:
    """A route no link led to, its parameters filled from real objects, a few ways."""
    if "<int:pk>/district/<str:code>/" in route:
        for call, code in district_pairs(user):
            yield "/" + route.replace("<int:pk>", str(call)).replace("<str:code>", code)
        return
    names = PARAMETER.findall(route)
    pools = [real_values(route, name, user) for name in names]
    if not all(pools):
        return
    for index in range(max(len(pool) for pool in pools)):
        url = route
        for name, pool in zip(names, pools, strict=True):
            value = str(pool[min(index, len(pool) - 1)])
            url = re.sub(r"<(?:\w+:)?" + name + ">", value, url)
        yield "/" + url


def route_key(url: str) -> tuple[str, str] | None:
    """One page per URL pattern and query shape: the pattern's route and the query's names."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    names = ",".join(sorted({name for name, _value in parse_qsl(parts.query)} - {"page"}))
    return match.route, names


def links_in(page: str) -> Iterator[str]:
    for raw in HREF.findall(page):
        url = html.unescape(raw)
        if url.startswith("/") and not url.startswith("//"):
            yield url


class Crawl:
    def __init__(self, client, *, asks_in_full: bool):
        self.client = client
        self.asks_in_full = asks_in_full
        self.seen: set[tuple[str, str]] = set()
        self.shapes: dict[str, int] = {}
        self.visited: list[tuple[str, object]] = []

    def wanted(self, url: str) -> bool:
        if url.startswith(SKIPPED_PREFIXES) or url.startswith("/api/"):
            return False
        if self.asks_in_full and "full=1" in url:
            return False  # the explicit, audited option of a user with the right
        key = route_key(url)
        if key is None or key in self.seen:
            return False
        if self.shapes.get(key[0], 0) >= QUERY_SHAPES_PER_ROUTE:
            return False
        self.seen.add(key)
        self.shapes[key[0]] = self.shapes.get(key[0], 0) + 1
        return True

    def reached(self) -> set[str]:
        return {route for ((route, _names),) in zip(self.seen)}

    def run(self, start) -> None:
        queue = [url for url in start if self.wanted(url)]
        while queue:
            url = queue.pop(0)
            response = self.client.get(url)
            self.visited.append((url, response))
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                queue.extend(
                    link for link in links_in(body_of(response).decode()) if self.wanted(link)
                )


# The API --------------------------------------------------------------------------------------


def api_candidates(user) -> dict[str, list]:
    """Real objects to fill the API's path parameters with, the user's own first."""
    from touyan.policies.models import Policy, PolicyVersion
    from touyan.programmes.selectors import programmes_visible_to
    from touyan.records.models import Activity
    from touyan.selection.models import Application, Call, Review

    own_first = Application.objects.order_by("-principal__user_id", "pk")
    applications = list(
        Application.objects.filter(principal__user=user).values_list("pk", flat=True)[:2]
    ) + list(own_first.values_list("pk", flat=True)[:3])
    reviews = list(Review.objects.filter(expert=user).values_list("pk", flat=True)[:2]) + list(
        Review.objects.values_list("pk", flat=True)[:2]
    )
    return {
        "programme": list(programmes_visible_to(user).values_list("slug", flat=True)[:3]),
        "policy": list(Policy.objects.values_list("slug", flat=True)[:2]),
        "number": list(PolicyVersion.objects.values_list("number", flat=True).distinct()[:2]),
        "call_id": list(Call.objects.order_by("-pk").values_list("pk", flat=True)[:5]),
        "code": list(
            Application.objects.values_list("district_id", flat=True).distinct().order_by()[:5]
        ),
        "application_id": applications,
        "activity_id": list(Activity.objects.values_list("pk", flat=True)[:2]),
        "review_id": reviews,
    }


def api_get_paths(client) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        path if path.startswith("/api/") else "/api/v1" + path
        for path, item in schema["paths"].items()
        if "get" in item
    ]


def api_filled(path: str, candidates: dict[str, list]) -> Iterator[str]:
    """The path with each parameter filled, one candidate after the other."""
    names = re.findall(r"{(\w+)}", path)
    if not names:
        yield path
        return
    pools = []
    for name in names:
        key = name
        if name == "slug":
            key = "policy" if "/policies/" in path else "programme"
        pools.append(candidates.get(key, []))
    for index in range(max((len(pool) for pool in pools), default=0)):
        url = path
        for name, pool in zip(names, pools, strict=True):
            if not pool:
                return
            url = url.replace("{" + name + "}", str(pool[min(index, len(pool) - 1)]), 1)
        yield url


def sweep_api(client, user) -> list[tuple[str, object]]:
    """Every GET of the API, by the browser session and by a token without the personal-data
    scope (the way a provincial platform calls it)."""
    from touyan.api.services import create_api_token
    from touyan.core.actors import Actor

    _token, key = create_api_token(actor=Actor.system(), user=user, name="sweep")
    candidates = api_candidates(user)
    answers = []
    for path in api_get_paths(client):
        for url in api_filled(path, candidates):
            response = client.get(url)
            answers.append((url, response))
            response = client.get(url, headers={"Authorization": f"Bearer {key}"})
            answers.append((url, response))
            if response.status_code == 200:
                break
    return answers


# The test -------------------------------------------------------------------------------------


def others_numbers(user) -> set[str]:
    numbers, own = set(), set()
    for principal in Principal.objects.only("id_number", "mobile", "user_id"):
        mine = principal.user_id == user.pk
        for value in (principal.id_number, principal.mobile):
            if value:
                (own if mine else numbers).add(value.upper())
    return numbers - own


@pytest.mark.django_db
def test_no_role_receives_anyone_elses_full_numbers_by_any_get(demo, client, settings):
    settings.MEDIA_ROOT = demo
    leaks, coverage, opened = [], {}, set()
    accounts = {account.username: account for account in DEMO_ACCOUNTS}
    for username in SWEPT:
        user = User.objects.get(username=username)
        forbidden = others_numbers(user)
        client.force_login(user)
        crawl = Crawl(client, asks_in_full=accounts[username].sees_personal_data)
        routes = site_routes()
        crawl.run(["/", *("/" + route for route in routes if "<" not in route)])
        # Patterns no link led to: their parameters filled from real objects. Stop at the
        # first page that opens.
        for route in routes:
            if "<" in route and route not in crawl.reached():
                for url in filled(route, user):
                    crawl.seen.discard(route_key(url))
                    before = len(crawl.visited)
                    crawl.run([url])
                    if any(r.status_code == 200 for _u, r in crawl.visited[before:]):
                        break
        answers = crawl.visited + sweep_api(client, user)
        for url, response in answers:
            found = numbers_in(text_of(response)) & forbidden
            if found:
                leaks.append(f"{username} GET {url}: {sorted(found)[:3]}")
        pages = sum(1 for _url, response in answers if response.status_code == 200)
        opened |= {
            route_key(url)[0]
            for url, response in crawl.visited
            if response.status_code == 200 and route_key(url)
        }
        coverage[username] = pages
        client.logout()
    assert not leaks, "\n".join(leaks)
    # The crawl really went somewhere: every role reached pages beyond its home.
    assert all(pages >= 5 for pages in coverage.values()), coverage
    assert opened >= PERSON_PAGES, f"never opened: {sorted(PERSON_PAGES - opened)}"
