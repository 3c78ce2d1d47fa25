"""The dashboards in a real headless browser: `streamlit run dashboards/app.py` on the tiny warehouse the
session builds (fixture ``built``), every page opened in Debian's chromium through Playwright, switched to
Chinese, one filter used, and a screenshot saved per page.

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
import urllib.request
from pathlib import Path

import pytest

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
    "segments": ("Segments", "客群分析", ("客群（服务层级）", "sidebar")),
    "voice": ("Voice of the customer", "客户之声", ("平台", "sidebar")),
    "service": ("Service", "客户服务", ("渠道", "sidebar")),
    "quality": ("Data quality", "数据质量", ("数据源", "main")),
    "actions": ("Action lists", "行动清单", ("客群（服务层级）", "sidebar")),
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
def dashboard_url(built):
    """A running `streamlit run dashboards/app.py` on the built serving copy, stopped afterwards."""
    assert built.success
    port = free_port()
    env = {
        **os.environ,
        "INSIGHT_SERVING_PATH": str(built.serving_path),
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


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def pick_second_option(page, label: str, where: str) -> None:
    """Open the select box labelled ``label`` and pick its second option (the first is 'all')."""
    area = page.locator("[data-testid='stSidebar']" if where == "sidebar" else "[data-testid='stMain']")
    area.locator("[data-testid='stSelectbox']").filter(has_text=label).click()
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
def test_page_in_a_real_browser(dashboard_url: str, browser, screenshot_dir: Path, url_path: str) -> None:
    english, chinese, used_filter = PAGES[url_path]
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(dashboard_url if url_path == "overview" else f"{dashboard_url}/{url_path}")
        wait_for_idle(page)
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


def test_action_list_downloads_in_a_real_browser(dashboard_url: str, browser) -> None:
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{dashboard_url}/actions")
        wait_for_idle(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))

        assert rows[0][:4] == ["Customer id", "Name (masked)", "Phone (masked)", "E-mail (masked)"]
        assert len(rows) > 1
        assert all("*" in row[1] for row in rows[1:] if row[1])
    finally:
        page.close()
