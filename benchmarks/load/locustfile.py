"""The demo roles' real journeys, for `run.py` (or `locust -f benchmarks/load/locustfile.py`).

Each simulated user signs in once as its demo account (password ``touyan-demo``) and then walks
its pages in a closed loop with no pause: the centre's compliance dashboards and lists, a
district officer's review desk, an expert's scoring, a trainee's own pages, and anonymous
visitors on the public notices and studio pages. The links each walks are read from the pages
themselves at start, so the journeys follow whatever the demo built. Requests are named by
their route (ids replaced by ``<id>``) so the statistics group them per page.

The measure is the steady loop: when the last user has signed in and read its links, the
statistics of that warm-up are written to ``TOUYAN_LOAD_WARMUP`` (a JSON file; sign-in's
password hashing is timed there) and reset, and the run stops ``TOUYAN_LOAD_SECONDS`` later.
"""

from __future__ import annotations

import json
import os
import random
import re

import gevent
from locust import FastHttpUser, constant, task

PASSWORD = "touyan-demo"
READY = {"users": 0, "measuring": False}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def route(path: str) -> str:
    return re.sub(r"/\d+/", "/<id>/", path)


def links(page: str, pattern: str) -> list[str]:
    """The distinct links of ``page`` matching ``pattern``, but no form for a new object."""
    found = set(re.findall(rf'href="({pattern})"', page))
    return sorted(link for link in found if not link.endswith("/new/"))


class Journey(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    username = ""

    def open(self, path: str) -> str:
        with self.client.get(path, name=route(path), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return ""
            return response.text or ""

    def on_start(self):
        self.pages: list[str] = []
        if self.username:
            page = self.client.get("/accounts/login/", name="sign in").text
            self.client.post(
                "/accounts/login/",
                data={
                    "csrfmiddlewaretoken": CSRF.search(page).group(1),
                    "username": self.username,
                    "password": PASSWORD,
                },
                headers={"Referer": f"{self.host}/accounts/login/"},
                name="sign in",
            )
        self.discover()
        self.ready()

    def ready(self) -> None:
        """Count this user in; the last one ends the warm-up (see the module's text)."""
        READY["users"] += 1
        runner = self.environment.runner
        if READY["measuring"] or READY["users"] < runner.target_user_count:
            return
        READY["measuring"] = True
        stats = runner.stats
        warmup = {
            f"{entry.method} {entry.name}": {
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
            }
            for entry in stats.entries.values()
        }
        if path := os.environ.get("TOUYAN_LOAD_WARMUP"):
            with open(path, "w") as handle:
                json.dump(warmup, handle)
        stats.reset_all()
        seconds = int(os.environ.get("TOUYAN_LOAD_SECONDS", "0"))
        if seconds:
            gevent.spawn_later(seconds, runner.quit)

    def discover(self) -> None:
        raise NotImplementedError

    @task
    def walk(self):
        self.open(random.choice(self.pages))


class Centre(Journey):
    """Training-centre staff: the compliance dashboards, filtered, and the registry lists."""

    weight = 3
    username = "hz-centre"

    def discover(self):
        home = self.open("/")
        programmes = links(self.open("/programmes/"), r"/programmes/[\w-]+/")
        dashboards = [p.replace("/programmes/", "/compliance/") for p in programmes]
        self.pages = [
            "/",
            "/registry/principals/",
            "/registry/schools/",
            "/studios/",
            *programmes,
            *dashboards,
            *[f"{d}?state=missed" for d in dashboards],
            *links(home, r"/compliance/[\w-]+/"),
        ]


class HainanCentre(Centre):
    weight = 3
    username = "hn-centre"


class District(Journey):
    """A district officer: the registry of the district and the review desk of each call."""

    weight = 2
    username = "hz-xihu"

    def discover(self):
        calls = self.open("/selection/calls/")
        desks = links(calls, r"/selection/calls/\d+/district/")
        lists = [
            link
            for desk in desks
            for link in links(self.open(desk), r"/selection/calls/\d+/district/\d+/")
        ]
        reviews = [
            link
            for page in lists
            for link in links(self.open(page), r"/selection/review/applications/\d+/")
        ]
        desks += lists + reviews[:10]
        self.pages = ["/", "/registry/principals/", "/selection/calls/", *desks]


class Expert(Journey):
    """An expert: the list of applications to score and each scoring page."""

    weight = 2
    username = "expert"

    def discover(self):
        reviews = links(self.open("/selection/reviews/"), r"/selection/reviews/\d+/")
        self.pages = ["/", "/selection/reviews/", *reviews]


class Trainee(Journey):
    """A trainee: the home page, their record, their activities and their compliance page."""

    weight = 2
    username = "trainee"

    def discover(self):
        home = self.open("/")
        own = links(home, r"/programmes/[\w-]+/trainees/\d+/")
        activities = [
            link
            for page in own
            for link in links(self.open(page), r"/records/[\w-]+/activities/\d+/")
        ]
        mine = links(home, r"/compliance/[\w-]+/mine/")
        self.pages = ["/", "/notifications/", *own, *activities[:10], *mine]


class Visitor(Journey):
    """Anonymous visitors: public calls and notices, the studio list and studio pages."""

    weight = 4

    def discover(self):
        calls = self.open("/selection/calls/")
        notices = links(calls, r"/selection/calls/\d+/(?:notice/)?")
        studios = links(self.open("/studios/"), r"/studios/\d+/")
        self.pages = ["/selection/calls/", "/studios/", *notices, *studios]


class Livez(FastHttpUser):
    """The baseline: the cheapest answer of the same server (``--baseline``), run alone."""

    wait_time = constant(0)
    path = os.environ.get("TOUYAN_LOAD_BASELINE", "/livez")

    @task
    def live(self):
        self.client.get(self.path, name=self.path)
