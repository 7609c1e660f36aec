#!/usr/bin/env python3
"""Screenshots of every step of the public intake form on a phone-sized screen, in several languages.

    .venv/bin/python scripts/form_screenshots.py --out /tmp/form-shots            # en, ar, ti
    .venv/bin/python scripts/form_screenshots.py --out shots --lang fa --lang zh_Hans --width 360

Starts the intake server on 127.0.0.1 (a throwaway SQLite file, synthetic answers), drives the
system's headless Chromium with Selenium through language → privacy → about you → household →
needs → review → confirmation → status, plus one page with validation errors, and saves one
full-page PNG per step: ``<out>/<lang>-<nn>-<step>.png``. Look at them: right-to-left mirroring,
Ge'ez and Arabic glyphs (no boxes), nothing cut off.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from caseworker.server.app import create_app  # noqa: E402
from caseworker.server.config import Settings  # noqa: E402

CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# Synthetic answers, written the way a person from each language would type them.
PEOPLE: dict[str, dict[str, Any]] = {
    "en": {
        "given": "Amina",
        "family": "Hassan",
        "latin": ("Amina", "Hassan"),
        "city": "Ottawa",
        "member": "Yusuf",
    },
    "ar": {
        "given": "أمينة",
        "family": "حسن",
        "latin": ("Amina", "Hassan"),
        "city": "أوتاوا",
        "member": "يوسف",
    },
    "fa": {
        "given": "مریم",
        "family": "احمدی",
        "latin": ("Maryam", "Ahmadi"),
        "city": "تورنتو",
        "member": "علی",
    },
    "ti": {"given": "ሰላም", "family": "ተስፋይ", "latin": ("Selam", "Tesfay"), "city": "ካልጋሪ", "member": "ዳዊት"},
    "uk": {
        "given": "Олена",
        "family": "Коваль",
        "latin": ("Olena", "Koval"),
        "city": "Вінніпег",
        "member": "Іван",
    },
    "zh_Hans": {"given": "丽", "family": "王", "latin": ("Li", "Wang"), "city": "温哥华", "member": "明"},
    "fr": {
        "given": "Aïcha",
        "family": "Diallo",
        "latin": ("Aicha", "Diallo"),
        "city": "Gatineau",
        "member": "Moussa",
    },
    "es": {
        "given": "María",
        "family": "López",
        "latin": ("Maria", "Lopez"),
        "city": "Montréal",
        "member": "José",
    },
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db_dir: Path) -> Iterator[str]:
    settings = Settings(db_url=f"sqlite:///{db_dir / 'intake.sqlite3'}", form_rate_limit="10000/minute")
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def make_driver(profile: Path, width: int, height: int) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )
    return driver


def shoot(driver: webdriver.Chrome, path: Path, width: int, height: int) -> None:
    """A full-page screenshot: the viewport is stretched to the page's height for the capture.

    Fonts load lazily (Arabic, Ge'ez and CJK fallbacks), and a taller viewport can reflow the page,
    so the height is measured again until it settles.
    """
    driver.set_script_timeout(10)
    driver.execute_async_script("const done = arguments[0]; document.fonts.ready.then(() => done(true));")
    full = height
    for _ in range(5):
        measured = int(driver.execute_script("return document.documentElement.scrollHeight"))
        if measured <= full and full != height:
            break
        full = max(height, measured)
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": full, "deviceScaleFactor": 1, "mobile": True},
        )
        time.sleep(0.1)
    driver.execute_script("window.scrollTo(0, 0)")
    path.write_bytes(driver.get_screenshot_as_png())
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )


def type_into(driver: webdriver.Chrome, element_id: str, text: str) -> None:
    box = driver.find_element(By.ID, element_id)
    box.clear()
    box.send_keys(text)


def gone(old: WebElement) -> Callable[[object], bool]:
    """A wait condition: true once ``old`` no longer belongs to the page (a new page has loaded).

    chromedriver reports a detached node either as a stale reference or, mid-navigation, as an
    "unknown error: Node ... does not belong to the document"; both mean the old page is gone.
    """

    def check(_driver: object) -> bool:
        try:
            old.is_enabled()
        except WebDriverException:
            return True
        return False

    return check


def navigate(driver: webdriver.Chrome, element: WebElement) -> None:
    """Click something that loads a page and wait until the new page has replaced the old one."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 15).until(gone(old))


def press(driver: webdriver.Chrome, action: str) -> None:
    selector = f"button[name=_action][value='{action}']:not(.visually-hidden)"
    navigate(driver, driver.find_element(By.CSS_SELECTOR, selector))


def walk(driver: webdriver.Chrome, base: str, lang: str, out: Path, width: int, height: int) -> list[Path]:
    person = PEOPLE.get(lang, PEOPLE["en"])
    saved: list[Path] = []

    def snap(name: str) -> None:
        path = out / f"{lang}-{len(saved) + 1:02d}-{name}.png"
        shoot(driver, path, width, height)
        saved.append(path)

    driver.get(f"{base}/")
    snap("language")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, f"button[formaction='/{lang}/form']"))
    snap("privacy")
    press(driver, "next")  # without ticking the box: the error summary
    snap("privacy-error")
    driver.find_element(By.ID, "f-consent").click()
    press(driver, "next")
    snap("about")
    type_into(driver, "f-given_name", person["given"])
    type_into(driver, "f-family_name", person["family"])
    type_into(driver, "f-given_name_latin", person["latin"][0])
    type_into(driver, "f-family_name_latin", person["latin"][1])
    type_into(driver, "f-dob_year", "1988")
    type_into(driver, "f-phone", "613 555 0142")
    type_into(driver, "f-email", "not-an-email")
    type_into(driver, "f-city", person["city"])
    press(driver, "next")
    snap("about-errors")
    type_into(driver, "f-email", "")
    driver.find_element(By.ID, "f-dob_year_only-0").click()
    driver.find_element(By.ID, "f-interpreter-0").click()
    press(driver, "next")
    snap("household")
    type_into(driver, "f-m0_given", person["member"])
    type_into(driver, "f-m0_year", "2015")
    press(driver, "next")
    snap("needs")
    driver.find_element(By.ID, "f-needs-0").click()
    driver.find_element(By.ID, "f-needs-2").click()
    type_into(driver, "f-needs_text", person["city"] + " — 2 + 2")
    press(driver, "next")
    snap("review")
    press(driver, "submit")
    snap("done")
    reference = driver.find_element(By.ID, "ref").text
    secret = driver.find_element(By.ID, "secret").text
    driver.get(f"{base}/{lang}/status")
    type_into(driver, "f-reference", reference)
    type_into(driver, "f-secret", secret)
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    snap("status")
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="directory for the PNG files")
    parser.add_argument("--lang", action="append", help="language code (repeatable); default en, ar, ti")
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--height", type=int, default=844)
    args = parser.parse_args(argv)
    langs = args.lang or ["en", "ar", "ti"]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp)) as base:
        for lang in langs:
            driver = make_driver(Path(tmp) / f"profile-{lang}", args.width, args.height)
            try:
                for path in walk(driver, base, lang, args.out, args.width, args.height):
                    print(path)
            finally:
                driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
