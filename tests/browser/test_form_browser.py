"""The newcomer's form in a real headless Chromium against a real server: English, Arabic, no JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import axe_violations
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.browser


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


class Form:
    """Drives the form like a person: types into fields, presses buttons, checks each page with axe."""

    def __init__(self, driver: webdriver.Chrome, base: str) -> None:
        self.d = driver
        self.base = base
        self.axe_report: dict[str, list[dict[str, object]]] = {}

    def type(self, element_id: str, text: str) -> None:
        box = self.d.find_element(By.ID, element_id)
        box.clear()
        box.send_keys(text)

    def click(self, element_id: str) -> None:
        self.d.find_element(By.ID, element_id).click()

    def navigate(self, element: WebElement) -> None:
        """Click something that loads a new page, and wait until the new page has replaced the old."""
        old = self.d.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.d, 15).until(gone(old))

    def press(self, action: str) -> None:
        self.navigate(
            self.d.find_element(
                By.CSS_SELECTOR, f"button[name=_action][value='{action}']:not(.visually-hidden)"
            )
        )

    def h1(self) -> str:
        return str(self.d.find_element(By.TAG_NAME, "h1").text)

    def check_axe(self, name: str) -> None:
        violations = axe_violations(self.d)
        if violations:
            self.axe_report[name] = violations

    def html_attrs(self) -> tuple[str, str]:
        root = self.d.find_element(By.TAG_NAME, "html")
        return str(root.get_attribute("lang")), str(root.get_attribute("dir"))


def fill_and_send(form: Form, lang: str, person: dict[str, str], texts: dict[str, str]) -> tuple[str, str]:
    d = form.d
    d.get(form.base + "/")
    assert "1" in d.find_element(By.CLASS_NAME, "progress").text
    form.check_axe("language")
    form.navigate(d.find_element(By.CSS_SELECTOR, f"button[formaction='/{lang}/form']"))
    assert form.h1() == texts["privacy"]
    form.check_axe("privacy")

    form.press("next")  # without consent: the error summary, focused, linking to the box
    summary = d.find_element(By.ID, "error-summary")
    assert d.switch_to.active_element == summary
    form.check_axe("privacy-error")
    summary.find_element(By.TAG_NAME, "a").click()
    assert d.switch_to.active_element.get_attribute("id") == "f-consent"
    d.switch_to.active_element.send_keys(Keys.SPACE)  # tick it with the keyboard
    form.press("next")
    assert form.h1() == texts["about"]
    form.check_axe("about")

    form.type("f-given_name", person["given"])
    form.type("f-family_name", person["family"])
    form.type("f-given_name_latin", person["given_latin"])
    form.type("f-family_name_latin", person["family_latin"])
    form.type("f-dob_year", "1988")
    form.click("f-dob_year_only-0")
    form.type("f-phone", "613 555 0142")
    form.type("f-email", "not-an-email")
    form.click("f-contact-2")  # WhatsApp
    form.click("f-interpreter-0")
    form.type("f-city", person["city"])
    form.press("next")
    assert d.find_element(By.ID, "f-email").get_attribute("aria-invalid") == "true"
    assert d.find_element(By.ID, "f-given_name").get_attribute("value") == person["given"]  # kept
    form.check_axe("about-errors")
    form.type("f-email", "")
    form.press("next")
    assert form.h1() == texts["household"]
    form.check_axe("household")

    form.type("f-m0_given", person["member"])
    form.press("add_member")
    form.type("f-m1_given", "X")
    form.navigate(d.find_element(By.CSS_SELECTOR, "button[value='remove:1']"))
    assert not d.find_elements(By.ID, "f-m1_given")
    assert d.find_element(By.ID, "f-m0_given").get_attribute("value") == person["member"]
    form.type("f-m0_year", "2015")
    old = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.ID, "f-m0_year").send_keys(Keys.ENTER)  # Enter means Continue, not Remove
    WebDriverWait(d, 15).until(gone(old))
    assert form.h1() == texts["needs"]
    form.check_axe("needs")

    form.click("f-needs-0")
    form.type("f-needs_text", person["needs"])
    form.press("back")  # Back keeps what was typed on this page too
    assert form.h1() == texts["household"]
    form.press("next")
    assert d.find_element(By.ID, "f-needs_text").get_attribute("value") == person["needs"]
    assert d.find_element(By.ID, "f-needs-0").is_selected()
    form.press("next")
    assert form.h1() == texts["review"]
    page = d.page_source
    for shown in (person["given"], person["member"], person["needs"], "613 555 0142"):
        assert shown in page
    form.check_axe("review")

    form.press("submit")
    assert form.h1() == texts["done"]
    reference = d.find_element(By.ID, "ref").text
    secret = d.find_element(By.ID, "secret").text
    assert re.fullmatch(r"NWD-[0-9A-Z]{4}-[0-9A-Z]{4}", reference) and len(secret) == 6
    form.check_axe("done")

    d.get(f"{form.base}/{lang}/status")
    form.type("f-reference", reference.lower().replace("-", " "))  # typed loosely, as people do
    form.type("f-secret", secret)
    form.navigate(d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    current = d.find_element(By.CSS_SELECTOR, "li[aria-current=step]")
    assert texts["received"] in current.text
    assert person["given"] not in d.page_source and person["city"] not in d.page_source
    form.check_axe("status")
    return reference, secret


ENGLISH = {
    "privacy": "Your privacy",
    "about": "About you",
    "household": "Your family",
    "needs": "What do you need help with?",
    "review": "Check your answers",
    "done": "Your request was sent",
    "received": "Received",
}
ARABIC = {
    "privacy": "خصوصيتك",
    "about": "معلومات عنك",
    "household": "عائلتك",
    "needs": "في ماذا تحتاج إلى مساعدة؟",
    "review": "راجع إجاباتك",
    "done": "تم إرسال طلبك",
    "received": "تم الاستلام",
}


def test_english_form_end_to_end_with_zero_axe_violations(
    form_server: LiveServer, driver: webdriver.Chrome
) -> None:
    form = Form(driver, form_server.url)
    person = {
        "given": "Amina",
        "family": "Hassan",
        "given_latin": "Amina",
        "family_latin": "Hassan",
        "city": "Ottawa",
        "member": "Yusuf",
        "needs": "We need a flat near a school.",
    }
    fill_and_send(form, "en", person, ENGLISH)
    assert form.axe_report == {}


def test_arabic_form_end_to_end_mirrored_with_zero_axe_violations(
    form_server: LiveServer, driver: webdriver.Chrome
) -> None:
    form = Form(driver, form_server.url)
    person = {
        "given": "أمينة",
        "family": "حسن",
        "given_latin": "Amina",
        "family_latin": "Hassan",
        "city": "أوتاوا",
        "member": "يوسف",
        "needs": "نحتاج إلى شقة قريبة من مدرسة.",
    }
    driver.get(form_server.url + "/ar/start")
    assert form.html_attrs() == ("ar", "rtl")
    # mirrored: the heading starts at the right edge, the checkbox sits right of its label
    width = driver.execute_script("return document.documentElement.clientWidth")
    h1 = driver.find_element(By.TAG_NAME, "h1")
    text_right = driver.execute_script(
        "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
        "return r.getBoundingClientRect().right;",
        h1,
    )
    assert text_right > width * 0.8
    box = driver.find_element(By.ID, "f-consent").rect
    label = driver.find_element(By.CSS_SELECTOR, "label[for=f-consent]").rect
    assert box["x"] > label["x"]
    fill_and_send(form, "ar", person, ARABIC)
    assert form.axe_report == {}


def test_the_form_works_without_javascript(
    form_server: LiveServer, make_driver: Callable[..., webdriver.Chrome]
) -> None:
    driver = make_driver(javascript=False)
    form = Form(driver, form_server.url)
    driver.get(form_server.url + "/ti/start")
    assert form.html_attrs() == ("ti", "ltr")
    form.click("f-consent")
    form.press("next")
    form.type("f-given_name", "ሰላም")
    form.type("f-phone", "613 555 0142")
    form.press("next")
    form.press("next")
    form.click("f-needs-1")
    form.press("next")
    form.press("submit")
    assert re.fullmatch(r"NWD-[0-9A-Z]{4}-[0-9A-Z]{4}", driver.find_element(By.ID, "ref").text)
    # the copy button is an enhancement: without JavaScript it stays hidden
    assert not driver.find_element(By.ID, "copy-ref").is_displayed()


def test_copy_button_copies_the_reference(form_server: LiveServer, driver: webdriver.Chrome) -> None:
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": form_server.url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    form = Form(driver, form_server.url)
    driver.get(form_server.url + "/en/start")
    form.click("f-consent")
    form.press("next")
    form.type("f-given_name", "Amina")
    form.type("f-email", "amina@example.com")
    form.press("next")
    form.press("next")
    form.type("f-needs_text", "Work")
    form.press("next")
    form.press("submit")
    button = driver.find_element(By.ID, "copy-ref")
    assert button.is_displayed()
    button.click()
    driver.set_script_timeout(10)
    copied = driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('ERR ' + e));"
    )
    assert copied == driver.find_element(By.ID, "ref").text
    assert driver.find_element(By.ID, "copy-done").text == "Copied"
