"""The dashboards in a real headless browser: `streamlit run dashboards/app.py` on the tiny warehouse the
session builds (fixture ``built``), with a user file: the sign-in page, every page opened after signing in
as a privacy officer in Debian's chromium through Playwright, switched to Chinese, one filter used, and a
screenshot saved per page; a manager limited to one region sees that region only. Every page is opened
offline: each request whose host is not this machine is recorded and aborted, and a test fails on any.

Playwright comes from the project's test extra and brings no browser: it drives /usr/bin/chromium
(`apt-get install chromium`); without it this test skips.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb
import pytest

from dashboards.access import Role, UserFile

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
VIEWPORT = {"width": 1400, "height": 900}
MAX_SCREENSHOT_HEIGHT = 12000
# page url path -> (English title, Chinese title, the filter used: (label in Chinese, where))
PAGES = {
    "overview": ("Customer overview", "客户概览", None),
    "customer": ("Customer 360", "客户 360 视图", ("地区", "sidebar")),
    "segments": ("Segments", "客群分析", ("服务层级", "sidebar")),
    "voice": ("Voice of the customer", "客户之声", ("平台", "sidebar")),
    "service": ("Service", "客户服务", ("渠道", "sidebar")),
    "quality": ("Data quality", "数据质量", ("数据源", "main")),
    "actions": ("Action lists", "行动清单", ("服务层级", "sidebar")),
}

PASSWORD = "correct horse battery"
# page url path -> its name in the sidebar's navigation
NAVIGATION_TITLES = {
    "customer": "Customer 360",
    "segments": "Segments",
    "voice": "Voice of the customer",
    "service": "Service",
    "quality": "Data quality",
    "actions": "Action lists",
}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no /usr/bin/chromium: install Debian's chromium (apt-get install -y chromium) to run the browser test",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@pytest.fixture(scope="module")
def regions(built) -> list[str]:
    """The customers' regions of the built serving copy, most customers first."""
    with duckdb.connect(str(built.serving_path), read_only=True) as con:
        return [region for (region,) in con.execute(
            "select region from marts.customer_360 where region is not null group by region order by count(*) desc"
        ).fetchall()]


@pytest.fixture(scope="module")
def access_dir(tmp_path_factory, regions: list[str]) -> Path:
    """A user file with a privacy officer (every page) and a manager limited to the largest region."""
    folder = tmp_path_factory.mktemp("access")
    users = UserFile(folder / "users.json")
    users.add("officer", Role.PRIVACY_OFFICER, (), PASSWORD)
    users.add("east", Role.MANAGER, (regions[0],), PASSWORD)
    users.save()
    return folder


@pytest.fixture(scope="module")
def dashboard_url(built, access_dir: Path):
    """A running `streamlit run dashboards/app.py` on the built serving copy, stopped afterwards."""
    assert built.success
    port = free_port()
    env = {
        **os.environ,
        "INSIGHT_SERVING_PATH": str(built.serving_path),
        "INSIGHT_USERS_FILE": str(access_dir / "users.json"),
        "INSIGHT_AUDIT_DIR": str(access_dir / "audit"),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
    ]
    # Its own process group, so that stopping it stops everything it started.
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is in the test extra: pip install -e '.[test]'"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture
def outside_requests() -> list[str]:
    """The addresses a test's pages asked for outside this machine; the test fails when there is any."""
    requests: list[str] = []
    yield requests
    assert requests == [], f"the dashboards asked for addresses outside this machine: {sorted(set(requests))}"


def offline_page(browser, outside_requests: list[str]):
    """A new page whose every request leaving this machine is recorded in ``outside_requests`` and aborted."""
    page = browser.new_page(viewport=VIEWPORT)

    def block_outside(route) -> None:
        url = route.request.url
        host = urllib.parse.urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside_requests.append(url)
            route.abort()

    page.route("**/*", block_outside)
    return page


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("dashboard_screenshots")


def wait_for_idle(page, timeout: float = 60) -> None:
    """Wait until Streamlit has finished the current run: no running indicator, and the page settled."""
    deadline = time.monotonic() + timeout
    page.wait_for_selector("h1", timeout=timeout * 1000)
    while time.monotonic() < deadline:
        if page.locator("[data-testid='stStatusWidget']").count() == 0:
            page.wait_for_timeout(800)
            if page.locator("[data-testid='stStatusWidget']").count() == 0:
                return
        page.wait_for_timeout(300)
    raise TimeoutError("the page kept running")


def sign_in(page, name: str, password: str = PASSWORD) -> None:
    """Fill the sign-in form of the page just opened and submit it."""
    page.wait_for_selector("h1", timeout=60_000)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText !== 'Sign in'")
    wait_for_idle(page)


def go_to(page, title: str) -> None:
    """Open a page through the sidebar's navigation (a new address would start a new, signed-out session)."""
    page.locator("[data-testid='stSidebarNav']").get_by_text(title, exact=True).click()
    page.wait_for_function(f"document.querySelector('h1') && document.querySelector('h1').innerText === {title!r}")
    wait_for_idle(page)


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def pick_second_option(page, label: str, where: str) -> None:
    """Open the select box labelled ``label`` and pick its second option (the first is 'all')."""
    area = page.locator("[data-testid='stSidebar']" if where == "sidebar" else "[data-testid='stMain']")
    box = area.locator("[data-testid='stSelectbox']").filter(has_text=label)
    # a box at the bottom edge of the window (below the signed-in line) opens no list: centre it first
    box.evaluate("element => element.scrollIntoView({block: 'center'})")
    box.click()
    page.get_by_role("option").nth(1).click()


def save_full_page(page, path: Path) -> None:
    """Streamlit scrolls inside its main block, so the viewport grows to the content before the shot."""
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer]')]"
        ".map(element => element.scrollHeight))"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 100, MAX_SCREENSHOT_HEIGHT)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


@pytest.mark.parametrize("url_path", list(PAGES))
def test_page_in_a_real_browser(
    dashboard_url: str, browser, screenshot_dir: Path, url_path: str, outside_requests: list[str]
) -> None:
    english, chinese, used_filter = PAGES[url_path]
    page = offline_page(browser, outside_requests)
    try:
        page.goto(dashboard_url)
        sign_in(page, "officer")
        if url_path != "overview":
            go_to(page, NAVIGATION_TITLES[url_path])
        assert page.locator("h1").first.inner_text() == english
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)  # plotly's code loads after the page

        page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
        page.wait_for_function(
            f"document.querySelector('h1') && document.querySelector('h1').innerText === {chinese!r}"
        )
        wait_for_idle(page)
        before = main_text(page)
        if used_filter is None:
            # The months slider: its last month one step back moves the KPIs to the month before.
            page.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']").last.focus()
            page.keyboard.press("ArrowLeft")
        else:
            pick_second_option(page, *used_filter)
        wait_for_idle(page)

        assert main_text(page) != before
        assert page.locator("[data-testid='stException']").count() == 0
        save_full_page(page, screenshot_dir / f"{url_path}.png")
        print(f"screenshot: {screenshot_dir / f'{url_path}.png'}")
    finally:
        page.close()


def test_action_list_downloads_in_a_real_browser(dashboard_url: str, browser, outside_requests: list[str]) -> None:
    page = offline_page(browser, outside_requests)
    try:
        page.goto(dashboard_url)
        sign_in(page, "officer")
        go_to(page, "Action lists")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))

        assert rows[0][:4] == ["Customer id", "Name (masked)", "Phone (masked)", "E-mail (masked)"]
        assert len(rows) > 1
        assert all("*" in row[1] for row in rows[1:] if row[1])
    finally:
        page.close()


def test_sign_in_in_a_real_browser(
    dashboard_url: str, browser, screenshot_dir: Path, access_dir: Path, outside_requests: list[str]
) -> None:
    page = offline_page(browser, outside_requests)
    try:
        page.goto(dashboard_url)
        page.wait_for_selector("h1", timeout=60_000)
        assert page.locator("h1").first.inner_text() == "Sign in"
        assert page.locator(".js-plotly-plot").count() == 0
        page.screenshot(path=str(screenshot_dir / "sign_in.png"))
        print(f"screenshot: {screenshot_dir / 'sign_in.png'}")

        page.get_by_label("Name", exact=True).fill("officer")
        page.get_by_label("Password", exact=True).fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Wrong name or password.").wait_for(timeout=30_000)
        sign_in(page, "officer")

        assert page.locator("h1").first.inner_text() == "Customer overview"
        assert "Signed in as" in page.locator("[data-testid='stSidebar']").inner_text()
        trail = "".join(path.read_text() for path in (access_dir / "audit").iterdir())
        assert '"action": "sign_in_failed", "user": "officer"' in trail
        assert '"action": "sign_in", "user": "officer"' in trail
    finally:
        page.close()


def test_a_regional_manager_sees_one_region_in_a_real_browser(
    dashboard_url: str, browser, screenshot_dir: Path, regions: list[str], outside_requests: list[str]
) -> None:
    page = offline_page(browser, outside_requests)
    try:
        page.goto(dashboard_url)
        sign_in(page, "east")
        go_to(page, "Customer 360")
        navigation = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Service" not in navigation and "Monthly report" not in navigation
        page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Region").click()
        offered = page.get_by_role("option").all_inner_texts()
        page.keyboard.press("Escape")

        assert len(offered) == 2  # "All" and the manager's one region
        assert page.locator("[data-testid='stException']").count() == 0
        save_full_page(page, screenshot_dir / "scoped_customer.png")
        print(f"screenshot: {screenshot_dir / 'scoped_customer.png'}")
        page.goto(f"{dashboard_url}/service")  # a page outside the scope, by its address: sign-in, then no page
        sign_in(page, "east")
        assert page.locator("h1").first.inner_text() == "Customer overview"
        assert "limited to" in main_text(page)
    finally:
        page.close()


def test_every_page_stays_on_this_machine_in_a_real_browser(
    dashboard_url: str, browser, outside_requests: list[str]
) -> None:
    """Every page of the navigation (a privacy officer sees them all), in English and in Chinese."""
    page = offline_page(browser, outside_requests)
    try:
        page.goto(dashboard_url)
        sign_in(page, "officer")
        links = page.locator("[data-testid='stSidebarNav'] a")
        assert links.count() >= len(PAGES) + 2  # the monthly report and the unmasking page besides PAGES
        for language in ("English", "中文"):
            if language == "中文":
                page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
                wait_for_idle(page)
            for index in range(links.count()):
                links.nth(index).click()
                wait_for_idle(page)
                assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()
