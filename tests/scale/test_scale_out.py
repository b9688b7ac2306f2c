"""Scale-out: two `touyan serve` processes and two `touyan worker` processes on one PostgreSQL
database, nothing kept only in one of them. A user signs in through one server and goes on
through the other; an evaluation cached through one is invalidated for both by a write in a
third process; jobs enqueued from two processes are each run once by the two workers.

Runs in the PostgreSQL pass of CI only."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from tests.programmes import SYSTEM, hainan
from touyan.records import services as records

from .processes import (
    TOUYAN,
    environment,
    free_port,
    has_command,
    running,
    start,
    wait_until_answering,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "scale-out-Password-1"


@pytest.fixture
def database_url():
    if connection.vendor != "postgresql":
        pytest.skip("scale-out runs on PostgreSQL (the PostgreSQL pass of CI)")
    for command in ("serve", "worker"):
        if not has_command(command):
            pytest.skip(f"`touyan {command}` is not in this tree")
    s = connection.settings_dict
    user = urllib.parse.quote(s["USER"] or "")
    password = f":{urllib.parse.quote(s['PASSWORD'])}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def grid(page: str) -> str:
    """The page without its CSRF tokens, which differ in every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


class Browser:
    """One person's browser: one cookie jar, used against either server."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()

    def sign_in(self, base: str, username: str, password: str) -> None:
        _status, _url, page = self.get(f"{base}/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        ).encode()
        request = urllib.request.Request(
            f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/accounts/login/"}
        )
        with self.opener.open(request, timeout=30) as response:
            assert "/accounts/login/" not in response.geturl(), "the sign-in was refused"


def test_two_servers_and_two_workers_share_everything(
    database_url, reference_data, cast, tmp_path, settings
):
    # The servers run with production's hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    cast.hn_admin.set_password(PASSWORD)
    cast.hn_admin.save()
    hn = hainan(studios=2, members=2)
    marks = tmp_path / "marks"
    marks.mkdir()
    env = environment(
        database_url, TOUYAN_JOB_MODULES="tests.scale.jobs", TOUYAN_SCALE_MARKS=str(marks)
    )
    ports = [free_port(), free_port()]
    servers = [
        start(
            f"serve-{n}",
            ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            logs=tmp_path,
        )
        for n, port in enumerate(ports)
    ]
    workers = [
        start(f"worker-{n}", ["worker", "--workers", "1"], env=env, logs=tmp_path) for n in range(2)
    ]
    a, b = (f"http://127.0.0.1:{port}" for port in ports)
    with running([*servers, *workers]):
        for server, base in zip(servers, (a, b), strict=True):
            wait_until_answering(server, base)

        # The session made through one server is the session of the other.
        browser = Browser()
        browser.sign_in(a, cast.hn_admin.username, PASSWORD)
        status, url, _page = browser.get(f"{b}/")
        assert status == 200 and "/accounts/login/" not in url

        # The evaluation cached through one is evaluated anew, for both, after a write.
        dashboard = f"/compliance/{hn.programme.slug}/?as_of=2025-12-10"
        before = [grid(browser.get(f"{base}{dashboard}")[2]) for base in (a, b)]
        for day in (dt.date(2025, 9, 10), dt.date(2025, 10, 10), dt.date(2025, 11, 10)):
            records.create_activity(
                actor=SYSTEM,
                programme=hn.programme,
                studios=[hn.studios[0]],
                activity_type="seminar",
                title="专题研讨",
                date=day,
            )
        after = [grid(browser.get(f"{base}{dashboard}")[2]) for base in (b, a)]
        assert before[0] == before[1]
        assert after[0] == after[1] != before[0]

        # Jobs enqueued from two processes are each run once, by whichever worker takes them.
        enqueue = (
            "from touyan.core.actors import Actor;"
            "from touyan.jobs.services import enqueue;"
            "[enqueue(actor=Actor.system(), kind='scale.mark', payload={{'label': '{0}-%d' % i}})"
            " for i in range(10)]"
        )
        for origin in ("a", "b"):
            subprocess.run(
                [str(TOUYAN), "shell", "-c", enqueue.format(origin)],
                env=env,
                check=True,
                timeout=120,
                capture_output=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(marks.iterdir())) < 20:
            time.sleep(0.5)
        time.sleep(3)  # a second run of any job would show by now
        runs = sorted(path.name.split(".")[0] for path in marks.iterdir())
        assert len(runs) == 20, [w.output() for w in workers]
        assert len(set(runs)) == 20, "a job ran more than once"
        labels = sorted(path.read_text() for path in marks.iterdir())
        assert labels == sorted(f"{o}-{i}" for o in "ab" for i in range(10))
