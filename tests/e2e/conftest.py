"""Browser-test fixtures: one headless Chromium (Debian's package) for all e2e tests, a fresh context each.

The browser comes from ``THIDUA_CHROMIUM``, else ``chromium`` on the PATH; Playwright's own downloaded
browsers are never used. Without a browser the tests are skipped, unless ``THIDUA_REQUIRE_BROWSER=1``
(set in CI), in which case every browser test fails with the reason.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DEMO_PASSWORD = "thidua-demo"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "e2e"
TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def browser_required() -> bool:
    return os.environ.get("THIDUA_REQUIRE_BROWSER", "").strip() == "1"


@functools.cache
def chromium_lookup() -> tuple[str | None, str]:
    """``(path, "")`` when a usable Chromium executable is found, else ``(None, why not)``."""
    configured = os.environ.get("THIDUA_CHROMIUM", "").strip()
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path), ""
        return None, f"THIDUA_CHROMIUM={configured} is not an executable file"
    found = shutil.which("chromium")
    if found:
        return found, ""
    return None, "no `chromium` on the PATH and THIDUA_CHROMIUM is not set (apt-get install chromium)"


def _is_browser_test(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    path, reason = chromium_lookup()
    if path is None and not browser_required():
        skip = pytest.mark.skip(reason=f"browser tests need Chromium: {reason}")
        for item in items:
            if _is_browser_test(item):
                item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    # Reported as a test failure (not a setup error) so CI's summary states the cause plainly.
    path, reason = chromium_lookup()
    if path is None and _is_browser_test(item):
        pytest.fail(f"THIDUA_REQUIRE_BROWSER=1 but no browser is available: {reason}", pytrace=False)


@pytest.fixture(scope="package")
def browser():
    """The headless Chromium shared by the e2e tests, or ``None`` when missing (the test fails or skips).

    Package scope: the browser, and Playwright's event loop with it, go away once the e2e tests are done,
    so the rest of the suite runs without them.
    """
    path, _reason = chromium_lookup()
    if path is None:
        yield None
        return
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio loop on the test thread, and Django then refuses ORM calls
    # there ("You cannot call this from an async context"). The tests and the live server are plain
    # synchronous code, so this is the usual pytest-django + Playwright setting, limited to these tests.
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        try:
            chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken install is a failure whatever THIDUA_REQUIRE_BROWSER says
            pytest.fail(f"could not start Chromium at {path}: {exc}", pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture
def e2e_demo(transactional_db, browser):
    """The demo province, committed so the live server's thread sees it; flushed again after each test.

    ``transactional_db`` stays a static dependency even without a browser: pytest-django runs the
    transactional tests after the others because of it.
    """
    if browser is None:
        return None  # the test fails (or was skipped) before it starts; don't spend time loading
    from thidua.demo.loader import load_demo

    return load_demo()


@pytest.fixture
def base_url(live_server, e2e_demo) -> str:
    return live_server.url


@pytest.fixture
def page(browser, base_url) -> Iterator:
    if browser is None:
        yield None
        return
    context = browser.new_context(base_url=base_url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # The Content-Security-Policy forbids inline scripts and styles: the browser reports each one it blocked.
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert blocked == [], f"the browser blocked content under the Content-Security-Policy: {blocked[:3]}"


def sign_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign a demo user in through the login form and wait until the form is left."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/accounts/login/")


def expect(target):
    """Playwright's ``expect``, imported when used (the module loads without Playwright installed)."""
    from playwright.sync_api import expect as _expect

    return _expect(target)


def click_and_confirm(page, button) -> None:
    """Click a submit button; when it (or its form) asks for a confirmation (``data-confirm``), the page's dialog
    must open with that message, and its "Confirm" button is pressed."""
    message = button.evaluate("b => b.getAttribute('data-confirm') || (b.form && b.form.getAttribute('data-confirm'))")
    button.click()
    if message:
        dialog = page.locator("#confirm-dialog")
        expect(dialog).to_be_visible()
        expect(dialog.locator("#confirm-message")).to_have_text(message)
        dialog.locator("#confirm-ok").click()


def settle(page, response) -> None:
    """After a form's POST answered ``response``: wait until the browser shows the page it was redirected to (the
    redirect is followed once the answer is in, so the old page may still be the loaded one), or the answer itself."""
    from urllib.parse import urljoin

    if response.status in (301, 302, 303):
        target = urlsplit(urljoin(response.url, response.headers["location"])).path
        page.wait_for_url(lambda url: urlsplit(url).path == target)
    page.wait_for_load_state()


def vi(message: str, *, required: bool = True, **params) -> str:
    """``message`` as the pages render it in Vietnamese (the project's default language). With ``required``, an
    interface text still in English is a failure, since the clerks read Vietnamese."""
    from django.utils import translation

    with translation.override("vi"):
        text = translation.gettext(message)
    assert not required or text != message, f"no Vietnamese translation for {message!r}"
    return text % params if params else text


@pytest.fixture
def login(page) -> Callable[[str], None]:
    """``login("yenthe")`` signs that demo user in through the login form and waits for the home page."""
    return functools.partial(sign_in, page)


@pytest.fixture
def new_page(browser, base_url) -> Iterator[Callable[..., object]]:
    """``new_page()``: another desk (a browser context configured like ``page``); ``new_page("hiephoa")`` also
    signs that user in."""
    contexts = []

    def _new_page(username: str | None = None):
        context = browser.new_context(base_url=base_url, locale="vi-VN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        desk = context.new_page()
        if username:
            sign_in(desk, username)
        return desk

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a throwaway folder (the live server runs in this process, so the setting reaches it)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


ASSET_TYPES = {"stylesheet", "script", "image", "font"}


@pytest.fixture
def broken_assets(page) -> list[str]:
    """Stylesheets, scripts, images and fonts the page failed to load (``"404 /static/…"``), as they happen."""
    broken: list[str] = []

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type in ASSET_TYPES:
            broken.append(f"{response.status} {urlsplit(response.url).path}")

    def on_request_failed(request) -> None:
        if request.resource_type in ASSET_TYPES:
            broken.append(f"{request.failure} {urlsplit(request.url).path}")

    if page is not None:
        page.on("response", on_response)
        page.on("requestfailed", on_request_failed)
    return broken


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
