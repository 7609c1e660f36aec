"""The public intake form through its routes: every step, every language, and what a hostile client sends."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworker.core.domain import NeedDomain
from caseworker.server.form import fields as F
from caseworker.server.form.i18n import FORM_LANGUAGE_ORDER, translator
from caseworker.server.form.routes import MSG_CSRF
from caseworker.server.form.security import CSRF_COOKIE
from tests.server.form.conftest import FormEnv, Walker, h1, hidden_fields, input_value

RTL = {"ar", "fa"}


def html_tag(page: str) -> str:
    m = re.search(r"<html [^>]*>", page)
    assert m, page[:200]
    return m.group(0)


def test_language_step_lists_each_language_in_its_own_script(form_env: FormEnv) -> None:
    page = form_env.walker().open("/")
    for code, native, direction in [
        ("ar", "العربية", "rtl"),
        ("fa", "فارسی", "rtl"),
        ("ti", "ትግርኛ", "ltr"),
        ("uk", "Українська", "ltr"),
        ("zh_Hans", "简体中文", "ltr"),
        ("fr", "Français", "ltr"),
        ("es", "Español", "ltr"),
        ("en", "English", "ltr"),
    ]:
        tag = f'formaction="/{code}/form" lang="{code.replace("_", "-")}" dir="{direction}"'
        assert tag in page and f">{native}</button>" in page
    assert "Step 1 of 6" in page


def test_language_step_follows_accept_language(form_env: FormEnv) -> None:
    r = form_env.client.get("/", headers={"Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"})
    assert 'lang="fa" dir="rtl"' in html_tag(r.text)
    r = form_env.client.get("/", headers={"Accept-Language": "zh-CN"})
    assert 'lang="zh-Hans"' in html_tag(r.text)


@pytest.mark.parametrize("code", FORM_LANGUAGE_ORDER)
def test_every_language_renders_with_its_lang_and_direction(form_env: FormEnv, code: str) -> None:
    w = form_env.walker(code)
    w.open("/")
    w.post("setlang", lang=code)
    assert w.status == 200
    direction = "rtl" if code in RTL else "ltr"
    assert html_tag(w.page) == f'<html lang="{code.replace("_", "-")}" dir="{direction}">'
    tr = translator(code)
    assert h1(w.page) == tr.gettext("Your privacy")
    if code != "en":
        assert tr.gettext("Your privacy") != "Your privacy"
        assert "Your privacy" not in w.page


def test_whole_form_in_english_gives_a_reference_and_a_status(form_env: FormEnv) -> None:
    w = form_env.walker("en")
    w.open("/")
    w.post("setlang", lang="en")
    assert h1(w.page) == "Your privacy" and "Step 2 of 6" in w.page
    w.post(consent="yes")
    assert h1(w.page) == "About you" and "Step 3 of 6" in w.page
    w.post(
        given_name="Amina",
        family_name="Hassan",
        given_name_latin="Amina",
        family_name_latin="Hassan",
        dob_year="1988",
        dob_month="3",
        dob_day="14",
        gender="female",
        phone="613-555-0142",
        contact="whatsapp",
        languages=["ar", "en"],
        interpreter="yes",
        city="Ottawa",
        postal_code="k1a0b1",
        status="psr",
    )
    assert h1(w.page) == "Your family", w.page
    w.post("add_member", m0_present="1", m0_given="Yusuf", m0_rel="child", m0_year="2015")
    assert input_value(w.page, "f-m0_given") == "Yusuf" and input_value(w.page, "f-m1_given") == ""
    w.post(m0_present="1", m0_given="Yusuf", m0_rel="child", m0_year="2015", m1_present="1")
    assert h1(w.page) == "What do you need help with?"
    w.post(needs=["housing", "language"], needs_text="We need a bigger flat.")
    assert h1(w.page) == "Check your answers"
    for shown in ("Amina", "Yusuf", "14 March 1988", "WhatsApp", "A place to live", "We need a bigger flat."):
        assert shown in w.page
    w.post("submit")
    assert w.status == 200 and h1(w.page) == "Your request was sent"
    reference = re.search(r'id="ref"[^>]*>([^<]+)<', w.page).group(1)  # type: ignore[union-attr]
    secret = re.search(r'id="secret"[^>]*>([^<]+)<', w.page).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"NWD-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert 'name="_state"' not in w.page  # nothing typed is carried past the confirmation

    [row] = form_env.stored()
    payload = json.loads(row.payload or "{}")
    assert payload["person"]["given_name"] == "Amina"
    assert payload["person"]["date_of_birth"] == {"year": 1988, "month": 3, "day": 14}
    assert payload["person"]["phone"] == "+16135550142" and payload["person"]["postal_code"] == "K1A 0B1"
    assert payload["person"]["contact_preference"] == "whatsapp"
    assert payload["household"] == [
        {"given_name": "Yusuf", "family_name": "", "relationship": "child", "birth_year": 2015}
    ]
    assert payload["consent"]["given"] is True and payload["form_language"] == "en"
    assert payload["needs"] == [NeedDomain.HOUSING.value, NeedDomain.LANGUAGE.value]

    w.open("/en/status")
    r = form_env.client.post(
        "/en/status", data={**hidden_fields(w.page), "reference": reference.lower(), "secret": secret}
    )
    assert r.status_code == 200
    assert 'aria-current="step" class="current"><strong>Received</strong>' in r.text
    assert "Amina" not in r.text and "Ottawa" not in r.text
    r = form_env.client.post(
        "/en/status", data={**hidden_fields(w.page), "reference": reference, "secret": "WRONG1"}
    )
    assert r.status_code == 404 and "We did not find a request" in r.text


def test_submitting_twice_gives_the_same_reference_and_one_request(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_review()
    review = w.page
    w.post("submit")
    first = re.search(r'id="ref"[^>]*>([^<]+)<', w.page).group(1)  # type: ignore[union-attr]
    w.page = review  # the browser's Back, then Send again
    w.post("submit")
    assert re.search(r'id="ref"[^>]*>([^<]+)<', w.page).group(1) == first  # type: ignore[union-attr]
    assert form_env.count() == 1


def test_consent_is_required_and_the_message_is_in_the_page_language(form_env: FormEnv) -> None:
    w = form_env.walker("ar")
    w.open("/ar/start")
    w.post()
    assert w.status == 422
    tr = translator("ar")
    assert tr.gettext(F.MSG_CONSENT) in w.page and tr.gettext(F.MSG_CONSENT) != F.MSG_CONSENT
    assert 'href="#f-consent"' in w.page  # the error summary links to the box
    assert (
        'id="f-consent" name="consent" value="yes" required aria-describedby="e-consent" aria-invalid="true"'
        in w.page
    )
    assert h1(w.page) == tr.gettext("Your privacy")


def test_validation_messages_are_translated_and_point_at_their_fields(form_env: FormEnv) -> None:
    w = form_env.walker("fr")
    w.to_about()
    w.post(given_name="", phone="12", contact="email", dob_year="88", postal_code="zzz")
    assert w.status == 422
    tr = translator("fr")
    assert tr.gettext(F.MSG_REQUIRED) in w.page
    assert tr.gettext(F.MSG_YEAR) in w.page
    assert "Vérifiez le numéro de téléphone" in w.page
    assert "Un code postal ressemble à A1A 1A1" in w.page
    for anchor in ("#f-given_name", "#f-dob_year", "#f-phone", "#f-postal_code"):
        assert f'href="{anchor}"' in w.page
    assert input_value(w.page, "f-dob_year") == "88" and input_value(w.page, "f-postal_code") == "zzz"


def test_email_chosen_without_an_address_and_nothing_to_reach(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    w.post(given_name="Amina", contact="email")
    assert "You chose email" in w.page and 'href="#f-email"' in w.page
    w.post(given_name="Amina", contact="phone")
    assert "Please give a phone number or an email address" in w.page and 'href="#f-phone"' in w.page


def test_dates_only_the_year_impossible_and_future(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    base = {"given_name": "Amina", "phone": "6135550142"}
    w.post(**base, dob_year="2001", dob_month="2", dob_day="30")
    assert "This date does not exist" in w.page and 'href="#f-dob_day"' in w.page
    w.post(**base, dob_year="2999")
    assert "Please check this answer." in w.page or "in the future" in w.page
    w.post(**base, dob_year="1990", dob_day="12")
    assert "Please choose the month too" in w.page
    w.post(**base, dob_year="١٩٩٠", dob_month="4", dob_day="9", dob_year_only="yes")  # Arabic-Indic digits
    assert h1(w.page) == "Your family", w.page


def test_back_never_loses_what_was_typed(form_env: FormEnv) -> None:
    w = form_env.walker("uk")
    w.to_about()
    w.post("back", given_name="Олена", city="Вінніпег", phone="bad phone")  # Back does not validate
    assert w.status == 200 and h1(w.page) == translator("uk").gettext("Your privacy")
    assert 'name="consent" value="yes" checked' in w.page  # the consent box is still ticked
    w.post(consent="yes")
    assert input_value(w.page, "f-given_name") == "Олена" and input_value(w.page, "f-city") == "Вінніпег"
    assert input_value(w.page, "f-phone") == "bad phone"
    w.post("language", given_name="Олена")
    assert h1(w.page) == translator("uk").gettext("Choose your language")
    w.post("setlang", lang="es")
    assert h1(w.page) == "Sobre usted" and input_value(w.page, "f-given_name") == "Олена"


def test_change_from_review_keeps_everything(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_review(city="Gatineau")
    w.post("goto:about")
    assert h1(w.page) == "About you" and input_value(w.page, "f-city") == "Gatineau"


def test_household_rows_add_remove_and_need_a_name(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    w.post(given_name="Amina", phone="6135550142")
    w.post("add_member", m0_present="1", m0_given="A")
    w.post("add_member", m0_present="1", m0_given="A", m1_present="1", m1_given="B")
    assert input_value(w.page, "f-m2_given") == ""
    fields = dict(m0_present="1", m0_given="A", m1_present="1", m1_given="B", m2_present="1", m2_given="C")
    w.post("remove:1", **fields)
    assert input_value(w.page, "f-m0_given") == "A" and input_value(w.page, "f-m1_given") == "C"
    assert input_value(w.page, "f-m2_given") is None
    w.post(m0_present="1", m0_given="A", m1_present="1", m1_given="", m1_year="2010")
    assert w.status == 422 and "Please write this person's first name" in html.unescape(w.page)


def test_needs_require_a_choice_or_words(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    w.post(given_name="Amina", phone="6135550142")
    w.post()
    w.post(needs_text="   ")
    assert w.status == 422 and 'href="#f-needs-0"' in w.page
    w.post(needs=["not-a-need"], needs_text="Help with a lease")
    assert h1(w.page) == "Check your answers"


# ---------------------------------------------------------------- abuse and hostile input


def test_markup_in_a_name_is_shown_escaped_everywhere(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_review(given_name='<script>alert("x")</script>', needs_text="<b>bold</b> & <img src=x>")
    assert "<script>alert" not in w.page and "<img src=x>" not in w.page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in w.page
    w.post("submit")
    payload = json.loads(form_env.stored()[0].payload or "{}")
    assert payload["person"]["given_name"] == '<script>alert("x")</script>'  # data, kept as typed


def test_bidi_overrides_are_stripped_from_names_and_arabic_is_kept(form_env: FormEnv) -> None:
    w = form_env.walker("ar")
    w.to_review(given_name="\u202eأمينة\u202c", family_name="حسن\u2066x\u2069")
    w.post("submit")
    assert w.status == 200
    person = json.loads(form_env.stored()[0].payload or "{}")["person"]
    assert person["given_name"] == "أمينة" and person["family_name"] == "حسنx"


def test_control_characters_are_refused_with_a_message(form_env: FormEnv) -> None:
    w = form_env.walker("es")
    w.to_about()
    w.post(given_name="Ana\x07", phone="6135550142")
    assert w.status == 422 and "caracteres ocultos" in w.page
    assert 'href="#f-given_name"' in w.page


def test_an_overlong_field_is_cut_and_reported(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    w.post(given_name="A" * 500, phone="6135550142")
    assert w.status == 422
    assert "at most 100 characters" in w.page
    assert input_value(w.page, "f-given_name") == "A" * 100


def test_a_ten_megabyte_field_is_refused_with_a_message(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    data = {**hidden_fields(w.page), "_action": "next", "given_name": "A" * (10 * 1024 * 1024)}
    r = form_env.client.post("/en/form", data=data)
    assert r.status_code == 413
    assert "too large" in r.text.lower() or "too much text" in r.text.lower()


def test_the_form_route_refuses_a_large_body_in_the_users_language(make_form_env: object) -> None:
    env = make_form_env(body_cap_bytes=512 * 1024)  # type: ignore[operator]
    w = env.walker("fr")
    w.to_about()
    data = {**hidden_fields(w.page), "_action": "next", "needs_text": "é" * 30_000}
    r = env.client.post("/fr/form", data=data)
    assert r.status_code == 413 and "Il y a trop de texte" in r.text


def test_missing_or_foreign_csrf_token_keeps_what_was_typed(form_env: FormEnv) -> None:
    w = form_env.walker("fa")
    w.to_about()
    data = {**hidden_fields(w.page), "_action": "next", "given_name": "مریم", "phone": "6135550142"}
    del data["_csrf"]
    r = form_env.client.post("/fa/form", data=data)
    assert r.status_code == 403
    assert html.escape(translator("fa").gettext(MSG_CSRF), quote=False) in r.text
    assert input_value(r.text, "f-given_name") == "مریم"
    # the page carries a fresh token: pressing the button again goes through
    w.page = r.text
    w.post(given_name="مریم", phone="6135550142")
    assert w.status == 200 and h1(w.page) == translator("fa").gettext("Your family")


def test_csrf_token_is_bound_to_the_browser_cookie(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    data = {**hidden_fields(w.page), "_action": "next", "given_name": "Amina", "phone": "6135550142"}
    form_env.client.cookies.set(CSRF_COOKIE, "another-browser-nonce")
    r = form_env.client.post("/en/form", data=data)
    assert r.status_code == 403 and input_value(r.text, "f-given_name") == "Amina"


def test_a_post_from_another_site_is_refused(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    data = {**hidden_fields(w.page), "_action": "next", "given_name": "Amina", "phone": "6135550142"}
    r = form_env.client.post("/en/form", data=data, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403


def test_tampered_answers_are_not_trusted(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    data = hidden_fields(w.page)
    body, mac = data["_state"].split(".")
    data["_state"] = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + mac
    r = form_env.client.post("/en/form", data={**data, "_action": "next", "given_name": "X"})
    assert r.status_code == 400 and "We could not read your earlier answers" in r.text


def test_honeypot_looks_accepted_but_stores_nothing(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    w.post(given_name="Bot", phone="6135550142", website="http://spam.example")
    w.post()
    w.post(needs=["housing"])
    w.post("submit")
    assert w.status == 200 and h1(w.page) == "Your request was sent"
    assert re.search(r'id="ref"[^>]*>NWD-', w.page)
    assert form_env.count() == 0


def test_the_honeypot_is_hidden_from_people_and_screen_readers(form_env: FormEnv) -> None:
    page = form_env.walker().to_about()
    m = re.search(r'<div class="hp" aria-hidden="true">.*?</div>', page, re.S)
    assert m and 'name="website"' in m.group(0) and 'tabindex="-1"' in m.group(0)


def test_rate_limit_answers_429_in_the_users_language_and_keeps_answers(make_form_env: object) -> None:
    env = make_form_env(form_rate_limit="2/minute")  # type: ignore[operator]
    w = env.walker("ar")
    w.open("/ar/start")
    w.post(consent="yes")
    w.post(given_name="أمينة", phone="6135550142")
    assert w.status == 200
    w.post(m0_present="1", m0_given="يوسف")
    assert w.status == 429 and int(w.headers["retry-after"]) >= 1
    assert "محاولات كثيرة جدًا" in w.page
    assert input_value(w.page, "f-m0_given") == "يوسف"


def test_security_headers_and_no_personal_data_in_urls_or_cookies(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_about()
    r = form_env.client.post(
        "/en/form", data={**hidden_fields(w.page), "given_name": "Amina", "phone": "6135550142"}
    )
    assert r.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert all("Amina" not in c for c in form_env.client.cookies.values())
    assert "Amina" not in str(r.url)
    assert 'action="/en/form"' in r.text and "?" not in re.search(r'action="([^"]*)"', r.text).group(1)  # type: ignore[union-attr]


def test_unknown_language_is_not_found(form_env: FormEnv) -> None:
    assert form_env.client.get("/xx/start").status_code == 404
    assert form_env.client.post("/xx/form", data={}).status_code == 404


def test_static_assets_are_cached_and_unknown_ones_missing(form_env: FormEnv) -> None:
    r = form_env.client.get("/form-assets/form.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    etag = r.headers["etag"]
    assert form_env.client.get("/form-assets/form.css", headers={"If-None-Match": etag}).status_code == 304
    assert form_env.client.get("/form-assets/../routes.py").status_code == 404
    assert form_env.client.get("/form-assets/nope.css").status_code == 404


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=120),
    city=st.text(max_size=60),
    action=st.sampled_from(["next", "back", "language", "goto:review", "remove:0", "add_member", "zzz"]),
)
def test_arbitrary_text_never_breaks_the_form_or_becomes_markup(
    form_env: FormEnv, name: str, city: str, action: str
) -> None:
    w = Walker(form_env.client, "en")
    w.to_about()
    w.post(action, given_name=name, city=city, phone="6135550142")
    assert w.status in (200, 422), w.status
    assert "<script>" not in w.page.replace('<script src="/form-assets/', "")
    assert w.page.count("<form ") <= 1


def test_too_large_page_for_the_body_cap_middleware_speaks_the_paths_language(form_env: FormEnv) -> None:
    from caseworker.server.form.routes import too_large_page

    page = too_large_page(form_env.app.state, "/ar/form").decode()
    assert '<html lang="ar" dir="rtl">' in page and "هذا نص كثير جدًا" in page
    assert '<html lang="en" dir="ltr">' in too_large_page(form_env.app.state, "/api/v1/x").decode()


def test_status_lookups_are_rate_limited_and_csrf_protected(make_form_env: object) -> None:
    env = make_form_env()  # type: ignore[operator]
    w = env.walker("uk")
    w.open("/uk/status")
    fields = {**hidden_fields(w.page), "reference": "NWD-0000-0000", "secret": "AAAAAA"}
    r = env.client.post("/uk/status", data={**fields, "_csrf": "1.2.3"})
    assert r.status_code == 403 and 'value="NWD-0000-0000"' in r.text
    statuses = [env.client.post("/uk/status", data=fields).status_code for _ in range(31)]
    assert statuses[0] == 404 and statuses[-1] == 429  # settings.status_rate_limit is 30/minute


def test_sending_changed_answers_under_a_used_id_keeps_them_and_explains(form_env: FormEnv) -> None:
    w = form_env.walker()
    w.to_review()
    review = w.page
    w.post("submit")
    assert h1(w.page) == "Your request was sent"
    w.page = review  # Back to the old review page, change something, send again
    w.post("goto:about")
    w.post(given_name="Amina Changed", phone="6135550142")
    w.post()
    w.post(needs=["housing"])
    w.post("submit")
    assert w.status == 409 and "This request was already sent" in w.page
    assert "Amina Changed" in w.page and form_env.count() == 1
