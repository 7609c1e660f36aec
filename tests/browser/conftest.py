"""A real headless Chromium (Debian chromium + chromedriver) against a real caseworker-server subprocess."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.helpers.live_server import LiveServer, start_live_server

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def form_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``caseworker-server serve`` (the real entry point) on a fresh SQLite file, for this module."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("Chromium and chromedriver are needed (scripts/system-deps.sh installs them)")
    tmp = tmp_path_factory.mktemp("form-server")
    server = start_live_server(
        f"sqlite:///{tmp / 'intake.sqlite3'}",
        extra_args=["--form-rate-limit", "1000/minute"],
        log_dir=tmp,
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_driver(tmp_path: Path) -> Iterator[Callable[..., webdriver.Chrome]]:
    drivers: list[webdriver.Chrome] = []

    def make(*, javascript: bool = True, width: int = 390, height: int = 844) -> webdriver.Chrome:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        profile = tmp_path / f"profile{len(drivers)}"
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        if not javascript:
            options.add_experimental_option(
                "prefs", {"profile.managed_default_content_settings.javascript": 2}
            )
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        driver.set_page_load_timeout(30)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        driver.quit()
    shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.fixture
def driver(make_driver: Callable[..., webdriver.Chrome]) -> webdriver.Chrome:
    return make_driver()


def axe_violations(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.x A/AA and best practices) on the current page; the violations found."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(30)
    raw = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(r => done(JSON.stringify(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))))
          .catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));
        """
    )
    return list(json.loads(raw))
