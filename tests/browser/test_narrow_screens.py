"""No page of any role scrolls sideways on a 360 px phone, long unbroken words included.

Built on the demo, with long words put into it: a school name of 60 Latin letters without a
space, long studio, call and activity titles, a long e-mail address, long file names and long
numbers. Every role (the anonymous visitor too) finds its pages the way the personal-data sweep
does — every link from the home page and every URL pattern, parameters filled from real objects
— one page per URL pattern; then one browser context per role, 360 px wide, opens each page in
turn and measures the document's width and every visible element that sticks out of the screen
without a scrolling box around it. All offending pages are listed together.

Screenshots of a sample go to ``/tmp/phone-shots/`` (``TOUYAN_PHONE_SHOTS`` changes where).
It is the slowest browser test: on two shared cores about seven minutes — a minute building the
demo, three finding the pages of 15 roles, three opening some 570 pages in Chromium.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client, override_settings

from tests.test_personal_data_sweep import FAST_HASHER, Crawl, filled, route_key, site_routes
from touyan.accounts.models import User
from touyan.demo.accounts import DEMO_ACCOUNTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360
SHOTS = Path(os.environ.get("TOUYAN_PHONE_SHOTS", "/tmp/phone-shots"))
ROLES = ["anonymous", *(account.username for account in DEMO_ACCOUNTS)]
# Pages whose screenshot is worth a look: wide tables, long names, forms, the menu.
SHOWN = {
    "",
    "registry/principals/",
    "registry/schools/",
    "programmes/<slug:slug>/",
    "compliance/<slug:slug>/",
    "audit/",
    "selection/office/calls/<int:pk>/",
    "selection/calls/<int:pk>/district/<str:code>/",
    "selection/review/applications/<int:pk>/",
}
DOWNLOADS = (".xlsx", ".pdf", ".json", ".csv", ".zip", ".toml", ".png", ".jpg")

LONG_WORD = "HangzhouXihuDistrictExperimentalPrimarySchoolAffiliatedZJNU"  # 60 letters
LONG_NUMBER = "330106202609010012345678901234"
LONG_FILE = "principal_annual_self_assessment_report_final_version_2026_signed_and_stamped.pdf"
LONG_EMAIL = "principal.of.the.experimental.school@xihu-district-education-bureau.example.cn"

# For each visible element: does it reach beyond the screen with no box of its own between it
# and the page that scrolls or clips it? The document and body do not count as such a box: a
# page that hides its overflow there still cuts content off.
MEASURE = """
(width) => {
  const clipped = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (element) => {
    let text = element.tagName.toLowerCase();
    if (element.id) text += "#" + element.id;
    if (typeof element.className === "string" && element.className.trim())
      text += "." + element.className.trim().split(/\\s+/).join(".");
    const words = (element.innerText || element.value || "").trim().replace(/\\s+/g, " ");
    return text + (words ? ' "' + words.slice(0, 40) + '"' : "");
  };
  const outside = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right <= width + 1 && box.left >= -1) continue;
    if (getComputedStyle(element).visibility === "hidden" || clipped(element)) continue;
    outside.push(element);
  }
  // The innermost offenders name the cause; their containers only follow.
  const causes = outside.filter((element) => !outside.some((o) => o !== element && element.contains(o)));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    outside: causes.slice(0, 3).map((element) => {
      const box = element.getBoundingClientRect();
      return name(element) + " → " + Math.round(box.left) + ".." + Math.round(box.right);
    }),
  };
}
"""


def lengthen_words():
    """Long unbroken words in the places a phone has to fit them."""
    from touyan.people.models import School
    from touyan.programmes.models import Studio
    from touyan.records.models import Activity, ActivityFile, Deliverable
    from touyan.selection.models import Call, Evidence

    School.objects.update(name=Concat(Value(LONG_WORD), F("name")))
    Studio.objects.update(name=Concat(F("name"), Value(LONG_WORD)))
    Call.objects.update(title=Concat(F("title"), Value(LONG_NUMBER)))
    Activity.objects.update(
        title=Concat(F("title"), Value(LONG_NUMBER)), place=Concat(Value(LONG_WORD), F("place"))
    )
    Deliverable.objects.update(title=Concat(F("title"), Value(LONG_WORD)))
    ActivityFile.objects.update(name=Value(LONG_FILE))
    Evidence.objects.update(original_name=Value(LONG_FILE))
    User.objects.update(email=Value(LONG_EMAIL))


class PageCrawl(Crawl):
    """The sweep's crawl, one page per URL pattern, downloads left out."""

    def wanted(self, url: str) -> bool:
        path = url.split("?", 1)[0]
        key = route_key(url)
        if path.endswith(DOWNLOADS) or key is None or key[0] in self.shapes:
            return False
        return super().wanted(url)


def pages_of(client: Client) -> dict[str, str]:
    """Route → a URL of it that opens as an HTML page for the client's user."""
    crawl = PageCrawl(client, asks_in_full=False)
    routes = site_routes()
    crawl.run(["/", *("/" + route for route in routes if "<" not in route)])
    user_id = client.session.get("_auth_user_id")
    if user_id is not None:
        user = User.objects.get(pk=user_id)
        for route in routes:
            if "<" in route and route not in opened(crawl):
                # Patterns no link led to: their parameters filled from real objects, until
                # one opens.
                for url in filled(route, user):
                    crawl.shapes.pop(route, None)
                    crawl.seen.discard(route_key(url))
                    crawl.run([url])
                    if route in opened(crawl):
                        break
    return opened(crawl)


def opened(crawl: Crawl) -> dict[str, str]:
    """Route → the first URL of it that opened as an HTML page (not a fragment that a page's
    script fetches, such as a job's status box)."""
    pages = {}
    for url, response in crawl.visited:
        if (
            response.status_code == 200
            and "text/html" in response.get("Content-Type", "")
            and response.content.lstrip()[:15].lower() == b"<!doctype html>"
        ):
            pages.setdefault(route_key(url)[0], url)
    return pages


def shot_name(route: str) -> str:
    """``selection/office/calls/<int:pk>/`` → ``selection_office_calls_pk``."""
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"\1", route).strip("/")
    return route.replace("/", "_") or "home"


def signed_in_context(browser, base_url: str, client: Client):
    phone = browser.new_context(
        viewport={"width": WIDTH, "height": 740}, is_mobile=True, has_touch=True
    )
    if settings.SESSION_COOKIE_NAME in client.cookies:
        phone.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": base_url,
                }
            ]
        )
    return phone


@pytest.fixture
def demo_with_long_words(live_server):
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        call_command("demo", verbosity=0)
        lengthen_words()
        yield


def test_no_page_of_any_role_scrolls_sideways_at_360_px(web, browser, demo_with_long_words):
    _context, base_url, _shots = web
    SHOTS.mkdir(parents=True, exist_ok=True)
    offending, measured = [], {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(User.objects.get(username=role))
        pages = pages_of(client)
        phone = signed_in_context(browser, base_url, client)
        page = phone.new_page()
        for route, url in sorted(pages.items()):
            page.goto(base_url + url)
            found = page.evaluate(MEASURE, WIDTH)
            if found["scrollWidth"] > WIDTH or found["outside"]:
                offending.append(
                    f"{role} {url}: {found['scrollWidth']} px wide; " + "; ".join(found["outside"])
                )
            if route in SHOWN:
                page.screenshot(path=str(SHOTS / f"{role}-{shot_name(route)}.png"), full_page=True)
        measured[role] = len(pages)
        phone.close()
    assert not offending, f"{len(offending)} pages are wider than {WIDTH} px:\n" + "\n".join(
        offending
    )
    # The walk really went somewhere: every signed-in role opened pages beyond its home.
    assert all(count >= 3 for role, count in measured.items() if role != "anonymous"), measured
