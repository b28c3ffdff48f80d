"""Browser tests: Playwright for Python driving Debian's chromium (no browser download).

Every test here is marked `browser` (`pytestmark = pytest.mark.browser`) and runs in
`make test` on both databases, each against pytest-django's `live_server` (a real server in
a thread, on the transactional test database; with xdist, one server per worker). Without
chromium the tests are skipped with a clear word — except under CI=true, where a missing
browser fails them (the Makefile installs Debian's chromium before the tests).

Fixtures:
- `browser`: chromium, headless, once per test module;
- `page`: an anonymous page at the office screen size (1366×768), Indonesian first;
- `page_for(user)`: a page already signed in as `user` — a session made on the server and
  handed to the browser as its cookie, without the sign-in form (fast);
- `axe_check(page)`: runs axe-core in the page and fails on serious or critical violations;
- `screenshot(page, name)`: saves var/screenshots/NAME.png (not committed) and returns the path;
- `office_open`: the clock at a Tuesday 09:00 WIB, running, so the office is open."""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

from konsultasi.conftest import TUESDAY_0900

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
OFFICE_SCREEN = {"width": 1366, "height": 768}
SERIOUS = {"serious", "critical"}


def chromium_path() -> str | None:
    return (
        os.environ.get("KONSULTASI_CHROMIUM")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )


@pytest.fixture(scope="module")
def browser():
    """Per module, not per session: Playwright's event loop leaves this thread with the
    browser, so tests of other modules that the same worker runs next see plain sync code."""
    executable = chromium_path()
    if executable is None:
        message = "chromium is not installed (make test installs Debian's chromium with apt-get)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI needs it.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
    )
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(autouse=True, scope="module")
def _django_beside_playwright():
    """Playwright's sync API keeps an event loop in this thread; Django would take every ORM
    call made here (the test's own, and the database flush after it) for a call from async
    code and refuse it. The calls are synchronous. Module-scoped, so that it outlives the
    flush of the last test's database."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def office_open(time_machine):
    """Tuesday 09:00 WIB, with the clock running (the pages poll in real time)."""
    time_machine.move_to(TUESDAY_0900, tick=True)
    return time_machine


@pytest.fixture
def new_context(browser, live_server):
    contexts = []

    def make(**options):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=OFFICE_SCREEN,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def signed_in(client: Client, user, tries: int = 20) -> None:
    """`force_login`, tried again while the table is locked: on SQLite the test database is in
    memory with a shared cache, where a writer meeting another connection's read (the live
    server answering an open page's live refresh) is refused at once: the busy timeout does
    not apply to a shared cache's table locks."""
    for attempt in range(tries):
        try:
            client.force_login(user)
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == tries - 1:
                raise
            time.sleep(0.05)


@pytest.fixture
def page_for(new_context, live_server):
    """page_for(user) → a page of a fresh browser context signed in as `user`."""

    def make(user, **options):
        client = Client()
        signed_in(client, user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context = new_context(**options)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                    "httpOnly": True,
                }
            ]
        )
        return context.new_page()

    return make


@pytest.fixture
def axe_check():
    def check(page, *, exclude: tuple[str, ...] = ()):
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            """async (exclude) => await axe.run(
                {exclude: exclude.map((selector) => [selector])},
                {resultTypes: ["violations"]})""",
            list(exclude),
        )
        serious = [v for v in results["violations"] if v.get("impact") in SERIOUS]
        if serious:
            lines = [f"axe found {len(serious)} serious or critical violation(s) on {page.url}:"]
            for violation in serious:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
                for node in violation["nodes"][:5]:
                    summary = " ".join(node.get("failureSummary", "").split())
                    lines.append(f"    {', '.join(node['target'])}: {summary}")
            pytest.fail("\n".join(lines), pytrace=False)
        return results["violations"]

    return check


@pytest.fixture
def screenshot():
    def save(page, name: str, *, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
