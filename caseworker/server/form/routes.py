"""The public intake form: server-rendered pages that work without JavaScript.

One POST endpoint per language (``/{lang}/form``) drives every step: the page posts its own fields, the
signed blob of earlier answers, a CSRF token and the button pressed (``_action``); the answer is the
next page, rendered directly (no redirect, so nothing personal ever travels in a URL). Back, Change
and a language change all post too, so nothing typed is lost on the way. Request bodies are never
logged.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from babel.lists import format_list
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from caseworker.core.domain import NewcomerStatus
from caseworker.i18n import languages as registry
from caseworker.intake.schema import MAX_HOUSEHOLD, IntakeSubmission
from caseworker.server.form import fields as F
from caseworker.server.form.i18n import N_, Translator, available_languages
from caseworker.server.form.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    HONEYPOT_FIELD,
    STATE_FIELD,
    BadState,
    CsrfGuard,
    RateLimits,
    StateCodec,
    derive_key,
)

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
FORM_BODY_CAP = 128 * 1024  # the agency API's middleware caps every body too; this is the form's own
ASSET_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}

MSG_CSRF = N_(
    "For your safety this page has to be sent again. Your answers are still here. "
    "Please check them and press the button again."
)
MSG_RATE = N_(
    "Too many tries from your connection in a short time. Your answers are still here. "
    "Please wait %(minutes)s minutes, then try again."
)
MSG_STATE = N_("We could not read your earlier answers. Please start again. We are sorry.")
MSG_ERRORS = N_("Please fix %(count)s answers:")
MSG_ERROR_ONE = N_("Please fix this answer:")
MSG_STORE_DOWN = N_(
    "We could not save your request just now. Your answers are still here. Please try again in a few minutes."
)

MSG_TOO_LARGE_TITLE = N_("This is too much text")
MSG_TOO_LARGE = N_(
    "What you sent is much longer than this form can take. Please go back, make the long answers "
    "shorter, and try again."
)
MSG_ALREADY_SENT = N_(
    "This request was already sent, with different answers. If something changed, tell the agency "
    "when they contact you."
)

STATUS_TEXT: dict[NewcomerStatus, tuple[str, str]] = {
    NewcomerStatus.RECEIVED: (N_("Received"), N_("Your request is waiting for an agency.")),
    NewcomerStatus.WITH_AGENCY: (N_("With an agency"), N_("A settlement worker is looking at your request.")),
    NewcomerStatus.CONTACTED: (N_("Contacted"), N_("A worker has contacted you, or will very soon.")),
    NewcomerStatus.CLOSED: (
        N_("Closed"),
        N_("This request is finished. If you need more help, you can send a new request."),
    ),
}
STATUS_ORDER = (
    NewcomerStatus.RECEIVED,
    NewcomerStatus.WITH_AGENCY,
    NewcomerStatus.CONTACTED,
    NewcomerStatus.CLOSED,
)


class IntakeGateway(Protocol):
    """What the form needs from storage (SERVER-API's intake_store behind a session)."""

    def submit(self, request: Request, submission: IntakeSubmission) -> tuple[str, str, bool]: ...

    def status(self, request: Request, reference: str, secret: str) -> str | None: ...


class StoreGateway:
    """The real storage: caseworker.server.intake_store with a session from caseworker.server.db."""

    def _session(self, request: Request) -> Any:
        return request.app.state.ctx.session_factory()

    def submit(self, request: Request, submission: IntakeSubmission) -> tuple[str, str, bool]:
        from caseworker.server import intake_store

        with self._session(request) as session:
            result = intake_store.submit(session, submission)
        return result.reference, result.secret, result.created

    def status(self, request: Request, reference: str, secret: str) -> str | None:
        from caseworker.server import intake_store

        with self._session(request) as session:
            found = intake_store.status(session, reference, secret)
        return None if found is None else str(found)


@dataclass
class FormContext:
    """Everything the form's pages share, built once per app from its settings."""

    master_key: bytes
    rate_limits: RateLimits
    gateway: IntakeGateway
    templates: Environment
    languages: tuple[registry.Language, ...]
    assets: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    body_cap: int = FORM_BODY_CAP
    retention_days: int = 90

    @property
    def csrf(self) -> CsrfGuard:
        return CsrfGuard(derive_key(self.master_key, "csrf"))

    @property
    def codec(self) -> StateCodec:
        return StateCodec(derive_key(self.master_key, "state"))

    def language(self, code: str) -> registry.Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise HTTPException(status_code=404)


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def load_assets() -> dict[str, tuple[bytes, str]]:
    out = {}
    for path in sorted((HERE / "static").iterdir()):
        if path.suffix in ASSET_TYPES:
            data = path.read_bytes()
            out[path.name] = (data, hashlib.sha256(data).hexdigest()[:16])
    return out


def build_context(app_state: Any, gateway: IntakeGateway | None = None) -> FormContext:
    app_ctx = getattr(app_state, "ctx", None)
    settings = getattr(app_ctx, "settings", None) or getattr(app_state, "settings", None)
    key = getattr(app_ctx, "secret_key", None) or getattr(settings, "secret_key", None)
    if isinstance(key, str):
        master = key.encode("utf-8")
    elif isinstance(key, bytes):
        master = key
    else:
        master = os.urandom(32)  # one process only; the server normally provides a persistent key
    limits = RateLimits(
        form=getattr(settings, "form_rate_limit", "30/minute"),
        status=getattr(settings, "status_rate_limit", "30/minute"),
    )
    cap = int(getattr(settings, "body_cap_bytes", FORM_BODY_CAP))
    return FormContext(
        master_key=master,
        rate_limits=limits,
        gateway=gateway or getattr(app_state, "form_gateway", None) or StoreGateway(),
        templates=make_templates(),
        languages=available_languages(),
        assets=load_assets(),
        body_cap=min(cap, FORM_BODY_CAP),
        retention_days=int(getattr(settings, "retention_days", 90)),
    )


def get_context(request: Request) -> FormContext:
    state = request.app.state
    ctx = getattr(state, "form_context", None)
    if ctx is None:
        ctx = build_context(state)
        state.form_context = ctx
    assert isinstance(ctx, FormContext)
    return ctx


router = APIRouter(include_in_schema=False)


# ---------------------------------------------------------------- rendering


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _asset_url(ctx: FormContext, name: str) -> str:
    return f"/form-assets/{name}?v={ctx.assets[name][1]}"


SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


def render(
    request: Request,
    ctx: FormContext,
    tr: Translator,
    template: str,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **values: Any,
) -> HTMLResponse:
    nonce = request.cookies.get(CSRF_COOKIE)
    fresh = not CsrfGuard.nonce_ok(nonce)
    if fresh:
        nonce = CsrfGuard.new_nonce()
    assert nonce is not None
    errors: F.FieldErrors = values.pop("errors", None) or F.FieldErrors()
    translated = {
        name: tr.gettext(msgid) % args if args else tr.gettext(msgid)
        for name, (msgid, args) in errors.items.items()
    }
    page = ctx.templates.get_template(template).render(
        _=tr.gettext,
        ngettext=tr.ngettext,
        tr=tr,
        lang=tr.language,
        languages=ctx.languages,
        csrf_token=ctx.csrf.issue(nonce),
        css_url=_asset_url(ctx, "form.css"),
        js_url=_asset_url(ctx, "form.js"),
        errors=translated,
        anchor=anchor,
        steps=F.STEPS,
        F=F,
        registry=registry,
        HONEYPOT_FIELD=HONEYPOT_FIELD,
        opts=lambda labels: [(k, tr.gettext(v), None) for k, v in labels.items()],
        month_options=[("", "—")] + [(str(i + 1), tr.gettext(m)) for i, m in enumerate(F.MONTHS)],
        language_options=[(lang.iso639, lang.native_name, lang) for lang in registry.LANGUAGES],
        status_options=[(k, tr.gettext(v)) for k, v in F.STATUS_LABELS.items()],
        relationship_options=[(k, tr.gettext(v)) for k, v in F.RELATIONSHIP_LABELS.items()],
        retention_days=ctx.retention_days,
        status_order=[s.value for s in STATUS_ORDER],
        status_text={k.value: v for k, v in STATUS_TEXT.items()},
        **values,
    )
    response = HTMLResponse(page, status_code=status_code, headers={**SECURITY_HEADERS, **(headers or {})})
    if fresh:
        response.set_cookie(
            CSRF_COOKIE, nonce, httponly=True, samesite="lax", secure=_secure(request), path="/"
        )
    return response


GROUP_FIELDS = frozenset({"languages", "needs", "gender", "contact", "interpreter", "dob_year_only"})


def anchor(name: str) -> str:
    """The id of the element an error-summary link for ``name`` points at."""
    return f"f-{name}-0" if name in GROUP_FIELDS else f"f-{name}"


def render_step(
    request: Request,
    ctx: FormContext,
    tr: Translator,
    step: str,
    answers: F.Answers,
    errors: F.FieldErrors | None = None,
    banner: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    resume: str = "",
) -> HTMLResponse:
    errors = errors or F.FieldErrors()
    if step == "review" and not answers.created_at:
        answers.created_at = datetime.now(UTC).isoformat(timespec="seconds")
    if step == "household" and not answers.members:
        answers.members = [{name: "" for name in F.MEMBER_FIELDS}]
    number = F.STEPS.index(step) + 1
    count = len(errors.items)
    heading = None
    if count:
        heading = tr.gettext(MSG_ERROR_ONE) if count == 1 else tr.gettext(MSG_ERRORS) % {"count": count}
    return render(
        request,
        ctx,
        tr,
        f"{step}.html",
        status_code=status_code,
        headers=headers,
        step=step,
        step_number=number,
        step_total=len(F.STEPS),
        a=answers,
        state=ctx.codec.dumps(answers.to_state()),
        errors=errors,
        error_heading=heading,
        banner=banner,
        resume=resume,
        form_action=f"/{tr.code}/form",
        max_household=MAX_HOUSEHOLD,
        review=review_sections(answers, tr) if step == "review" else [],
    )


def review_sections(a: F.Answers, tr: Translator) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """What the review step lists: the answers as typed, with labels in the page's language."""
    _ = tr.gettext

    def joined(items: list[str]) -> str:
        return format_list(items, style="standard", locale=tr.code) if items else ""

    def label(table: dict[str, str], value: str) -> str:
        return _(table[value]) if value in table else ""

    if a.get("dob_year"):
        parts = [a.get("dob_year")]
        if not a.get("dob_year_only"):
            month = a.get("dob_month")
            if month.isdigit() and 1 <= int(month) <= 12:
                parts.append(_(F.MONTHS[int(month) - 1]))
            if a.get("dob_day"):
                parts.append(a.get("dob_day"))
        dob = " ".join(reversed(parts))
    else:
        dob = ""
    spoken = [lang.native_name for lang in registry.LANGUAGES if lang.iso639 in a.get_list("languages")]
    about = [
        (_("First name, as you write it"), a.get("given_name")),
        (_("Last name, as you write it"), a.get("family_name")),
        (_("First name in English letters"), a.get("given_name_latin")),
        (_("Last name in English letters"), a.get("family_name_latin")),
        (_("Date of birth"), dob),
        (_("Gender (you can skip this)"), label(F.GENDER_LABELS, a.get("gender"))),
        (_("Phone number"), a.get("phone")),
        (_("Email address"), a.get("email")),
        (_("What is the best way to contact you?"), label(F.CONTACT_LABELS, a.get("contact") or "phone")),
        (_("Which languages do you speak?"), joined(spoken)),
        (_("Do you need an interpreter?"), {"yes": _("Yes"), "no": _("No")}.get(a.get("interpreter"), "")),
        (_("City or town"), a.get("city")),
        (_("Postal code"), a.get("postal_code")),
        (_("Your immigration status"), label(F.STATUS_LABELS, a.get("status") or "unknown")),
    ]
    family = []
    for i, row in enumerate(
        m for m in a.members if any((m.get(k) or "").strip() for k in ("given", "family"))
    ):
        name = " ".join(p for p in (row.get("given", ""), row.get("family", "")) if p)
        parts = [name, label(F.RELATIONSHIP_LABELS, row.get("rel", "")), row.get("year", "")]
        family.append((_("Person %(n)s") % {"n": i + 1}, " · ".join(p for p in parts if p)))
    if not family:
        family.append((_("Your family"), _("Only me")))
    needs = [
        (
            _("Choose all that fit"),
            joined([_(F.NEED_LABELS[n]) for n in a.get_list("needs") if n in F.NEED_LABELS]),
        ),
        (_("Tell us more (you can write in your language)"), a.get("needs_text")),
    ]
    return [
        (_("About you"), "about", about),
        (_("Your family"), "household", family),
        (_("What do you need help with?"), "needs", needs),
    ]


def render_message(
    request: Request,
    ctx: FormContext,
    tr: Translator,
    title: str,
    body: str,
    status_code: int,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(request, ctx, tr, "message.html", status_code, headers, title=title, body=body)


def _translator(ctx: FormContext, code: str) -> Translator:
    return Translator(ctx.language(code))


def best_language(ctx: FormContext, accept: str) -> str:
    """The first Accept-Language entry the form offers (``zh`` and ``zh-CN`` find ``zh_Hans``)."""
    offered = {lang.code: lang for lang in ctx.languages}
    for part in accept.split(",")[:20]:
        tag = part.split(";")[0].strip().replace("-", "_")
        base = tag.split("_")[0].lower()
        if tag in offered:
            return tag
        for lang in ctx.languages:
            if lang.iso639 == base:
                return lang.code
    return "en"


# ---------------------------------------------------------------- body handling


class TooLarge(Exception):
    pass


async def read_form(request: Request, cap: int) -> dict[str, list[str]]:
    """The urlencoded body as lists of values, refusing more than ``cap`` bytes before reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > cap:
            raise TooLarge
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in ("application/x-www-form-urlencoded", ""):
        return {}
    text = bytes(body).decode("utf-8", errors="replace")
    try:
        return parse_qs(text, keep_blank_values=True, max_num_fields=600)
    except ValueError:
        return {}


def _same_origin(request: Request) -> bool:
    """A post whose Origin header names another site is refused (browsers send Origin on POST)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc == host


def _too_large(request: Request, ctx: FormContext, tr: Translator) -> HTMLResponse:
    return render_message(
        request,
        ctx,
        tr,
        tr.gettext(MSG_TOO_LARGE_TITLE),
        tr.gettext(MSG_TOO_LARGE),
        413,
    )


def too_large_page(app_state: Any, path: str) -> bytes:
    """The 413 page in the language named by ``path`` (``/ar/form`` → Arabic), for the server's body-cap
    middleware, which refuses an oversized body before any route runs."""
    ctx = getattr(app_state, "form_context", None) or build_context(app_state)
    app_state.form_context = ctx
    segment = path.strip("/").split("/")[0]
    code = segment if any(lang.code == segment for lang in ctx.languages) else "en"
    tr = _translator(ctx, code)
    page = ctx.templates.get_template("message.html").render(
        _=tr.gettext,
        tr=tr,
        lang=tr.language,
        css_url=_asset_url(ctx, "form.css"),
        js_url=_asset_url(ctx, "form.js"),
        title=tr.gettext(MSG_TOO_LARGE_TITLE),
        body=tr.gettext(MSG_TOO_LARGE),
    )
    return page.encode("utf-8")


# ---------------------------------------------------------------- routes


@router.get("/form-assets/{name}")
def asset(name: str, request: Request) -> Response:
    ctx = get_context(request)
    if name not in ctx.assets:
        raise HTTPException(status_code=404)
    data, etag = ctx.assets[name]
    headers = {
        "ETag": f'"{etag}"',
        "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == f'"{etag}"':
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=ASSET_TYPES[Path(name).suffix], headers=headers)


@router.get("/", response_class=HTMLResponse)
def language_page(request: Request) -> HTMLResponse:
    ctx = get_context(request)
    code = best_language(ctx, request.headers.get("accept-language", ""))
    return render_step(request, ctx, _translator(ctx, code), "language", F.Answers())


@router.get("/{lang}/start", response_class=HTMLResponse)
def start(lang: str, request: Request) -> HTMLResponse:
    """A link an agency can share that opens the privacy step in one language."""
    ctx = get_context(request)
    tr = _translator(ctx, lang)
    return render_step(request, ctx, tr, "privacy", F.Answers())


@router.get("/{lang}/form")
def form_get(lang: str, request: Request) -> Response:
    ctx = get_context(request)
    ctx.language(lang)
    return RedirectResponse(f"/{lang}/start", status_code=303)


def _rate_limited_page(request: Request, ctx: FormContext, tr: Translator, seconds: int) -> HTMLResponse:
    minutes = max(1, (seconds + 59) // 60)
    return render_message(
        request,
        ctx,
        tr,
        tr.gettext(N_("Please wait a little")),
        tr.gettext(MSG_RATE) % {"minutes": minutes},
        429,
        {"Retry-After": str(seconds)},
    )


@router.post("/{lang}/form", response_class=HTMLResponse)
async def form_post(lang: str, request: Request) -> HTMLResponse:
    ctx = get_context(request)
    tr = _translator(ctx, lang)
    try:
        form = await read_form(request, ctx.body_cap)
    except TooLarge:
        return _too_large(request, ctx, tr)

    def one(name: str) -> str:
        return (form.get(name) or [""])[0]

    banner: str | None = None
    answers = F.Answers()
    blob = one(STATE_FIELD)
    if blob:
        try:
            answers = F.Answers.from_state(ctx.codec.loads(blob))
        except BadState:
            banner = tr.gettext(MSG_STATE)
    step = one("_step") if one("_step") in F.STEPS else "privacy"
    resume = one("_resume") if one("_resume") in F.STEPS else ""
    action = one("_action") or "next"
    errors = F.FieldErrors()
    F.take_step_fields(answers, step, form, errors)
    if one(HONEYPOT_FIELD):
        answers.honeypot = True  # a bot: everything carries on as usual, and nothing is stored

    limited = ctx.rate_limits.hit("form", _client(request))
    if limited is not None:
        minutes = max(1, (limited + 59) // 60)
        return render_step(
            request,
            ctx,
            tr,
            step,
            answers,
            errors,
            tr.gettext(MSG_RATE) % {"minutes": minutes},
            429,
            {"Retry-After": str(limited)},
            resume=resume,
        )
    if not _same_origin(request) or not ctx.csrf.check(one(CSRF_FIELD), request.cookies.get(CSRF_COOKIE)):
        return render_step(request, ctx, tr, step, answers, errors, tr.gettext(MSG_CSRF), 403, resume=resume)
    if banner:
        return render_step(request, ctx, tr, "privacy", F.Answers(), banner=banner, status_code=400)

    index = F.STEPS.index(step)
    if action == "back":
        return render_step(request, ctx, tr, F.STEPS[max(0, index - 1)], answers, resume=step)
    if action == "language":
        return render_step(request, ctx, tr, "language", answers, resume=step)
    if action == "setlang":
        return render_step(request, ctx, tr, resume if resume not in ("", "language") else "privacy", answers)
    if action.startswith("goto:") and action[5:] in F.STEPS:
        return render_step(request, ctx, tr, action[5:], answers, errors)
    if action == "add_member":
        if len(answers.members) >= MAX_HOUSEHOLD:
            errors.add("members", F.MSG_TOO_MANY_MEMBERS, max=MAX_HOUSEHOLD)
        else:
            answers.members.append({name: "" for name in F.MEMBER_FIELDS})
        return render_step(request, ctx, tr, "household", answers, errors)
    if action.startswith("remove:") and action[7:].isdigit():
        i = int(action[7:])
        if 0 <= i < len(answers.members):
            del answers.members[i]
        return render_step(request, ctx, tr, "household", answers, errors)
    if action == "submit":
        return await _submit(request, ctx, tr, answers)

    # "next": errors from over-long fields first, then the step's own checks
    F.validate_step(step, answers, errors)
    if errors:
        return render_step(request, ctx, tr, step, answers, errors, status_code=422)
    if step == "privacy" and not answers.consent_at:
        answers.consent_at = datetime.now(UTC).isoformat(timespec="seconds")
    return render_step(request, ctx, tr, F.STEPS[min(index + 1, len(F.STEPS) - 1)], answers)


def fake_reference() -> tuple[str, str]:
    """What a bot that filled the honeypot is shown: looks like the real thing, refers to nothing."""
    from caseworker.server import ids

    return ids.new_reference(), ids.random_chars(ids.SECRET_LENGTH)


async def _submit(request: Request, ctx: FormContext, tr: Translator, answers: F.Answers) -> HTMLResponse:
    errors = F.FieldErrors()
    submission, bad_step = F.build_submission(answers, tr.code, errors)
    if submission is None:
        return render_step(request, ctx, tr, bad_step, answers, errors, status_code=422)
    if answers.honeypot:
        log.info("intake form: honeypot filled, submission dropped")
        reference, secret = fake_reference()
    else:
        try:
            # Storage is blocking SQL: run it in the thread pool so the event loop keeps serving others.
            reference, secret, _created = await run_in_threadpool(ctx.gateway.submit, request, submission)
        except Exception as exc:  # noqa: BLE001 - any storage failure: keep the answers, say so
            # Only the class name is logged: database errors can quote the values they were given.
            conflict = exc.__class__.__name__ == "Conflict"
            log.warning("intake form: could not store a submission (%s)", exc.__class__.__name__)
            return render_step(
                request,
                ctx,
                tr,
                "review",
                answers,
                banner=tr.gettext(MSG_ALREADY_SENT if conflict else MSG_STORE_DOWN),
                status_code=409 if conflict else 503,
            )
    return render(request, ctx, tr, "done.html", reference=reference, secret=secret)


@router.get("/{lang}/status", response_class=HTMLResponse)
def status_get(lang: str, request: Request) -> HTMLResponse:
    ctx = get_context(request)
    tr = _translator(ctx, lang)
    return render(request, ctx, tr, "status.html", reference="", secret="", result=None, not_found=False)


@router.post("/{lang}/status", response_class=HTMLResponse)
async def status_post(lang: str, request: Request) -> HTMLResponse:
    ctx = get_context(request)
    tr = _translator(ctx, lang)
    try:
        form = await read_form(request, 4096)
    except TooLarge:
        return _too_large(request, ctx, tr)
    reference = (form.get("reference") or [""])[0].strip().upper()[:40]
    secret = (form.get("secret") or [""])[0].strip()[:40]
    values: dict[str, Any] = {"reference": reference, "secret": secret, "result": None, "not_found": False}
    limited = ctx.rate_limits.hit("status", _client(request))
    if limited is not None:
        return _rate_limited_page(request, ctx, tr, limited)
    if not _same_origin(request) or not ctx.csrf.check(
        (form.get(CSRF_FIELD) or [""])[0], request.cookies.get(CSRF_COOKIE)
    ):
        return render(request, ctx, tr, "status.html", 403, banner=tr.gettext(MSG_CSRF), **values)
    found = (
        await run_in_threadpool(ctx.gateway.status, request, reference, secret)
        if reference and secret
        else None
    )
    if found is None:
        values["not_found"] = True
        return render(request, ctx, tr, "status.html", 404, **values)
    values["result"] = found
    return render(request, ctx, tr, "status.html", **values)
