import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Runs in every page before its own scripts, outside the page's policy: a blocked script, style
# or request is reported by Chromium as a `securitypolicyviolation` event, which this turns into
# a console message the watch below collects.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline code") + " in " + event.documentURI);
});
"""

# What the browser said during the current test: any console message, uncaught error or policy
# violation fails it.
REPORTED: list[str] = []


# Tests open pages outside a user's scope on purpose: a page answered 404 is the test's own
# business. Chromium logs it as a failed load, which is the one message let through; a script,
# stylesheet or image that fails to load is caught from the response instead.
PAGE_REFUSED = "Failed to load resource: the server responded with a status of 404"
# A test that types into a form at once may focus a field before Chromium runs the page's own
# `autofocus`; Chromium then notes that it skipped it. The race is the test's, not the page's.
AUTOFOCUS_SKIPPED = "Autofocus processing was blocked because a document already has a focused"
LET_THROUGH = (PAGE_REFUSED, AUTOFOCUS_SKIPPED)


def _console(message):
    if not message.text.startswith(LET_THROUGH):
        REPORTED.append(f"console.{message.type}: {message.text}")


def _response(response):
    if response.status >= 400 and response.request.resource_type != "document":
        REPORTED.append(f"{response.request.resource_type} {response.url}: HTTP {response.status}")


def watch(context):
    context.add_init_script(REPORT_VIOLATIONS)
    context.on("console", _console)
    context.on("response", _response)
    context.on("weberror", lambda error: REPORTED.append(f"uncaught error: {error.error}"))
    return context


@pytest.fixture(autouse=True)
def _browser_stays_silent():
    REPORTED.clear()
    yield
    if REPORTED:
        pytest.fail("the browser reported problems:\n" + "\n".join(REPORTED), pytrace=False)


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def _plain_http_server():
    """Set before the live server builds its middleware (which reads these once), and before
    Playwright's sync API starts an event loop in this thread: the ORM calls the tests make
    between page actions are still plain synchronous calls."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    yield
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def browser(_plain_http_server):
    executable = _chromium()
    if executable is None:
        if os.environ.get("TOUYAN_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for the browser tests (apt-get install chromium).")
        pytest.skip("Chromium is not installed; the browser tests need Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        new_context = browser.new_context
        # Every context a test opens, the phone-sized ones included, is watched.
        browser.new_context = lambda *args, **kwargs: watch(new_context(*args, **kwargs))
        yield browser
        browser.close()


@pytest.fixture
def web(_plain_http_server, browser, live_server, reference_data):
    """A fresh browser context against the live test server, plus where to put screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 860})
    yield context, live_server.url, ARTIFACTS
    context.close()
