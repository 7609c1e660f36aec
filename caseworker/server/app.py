"""The intake server application: ``create_app(settings)`` builds everything, no module globals.

Everything a request handler needs hangs off ``request.app.state.ctx`` (an :class:`AppContext`):
settings, the engine and session factory, the server's secret key (bytes; never logged), the clock
and the rate limiter. ``caseworker.server.db.get_session`` is the FastAPI dependency for a session.

Routes: the public form (``caseworker.server.form.router``) at ``/``, the agency API at ``/api/v1``,
``/healthz`` and ``/openapi.json``. A global middleware refuses bodies over the cap with 413 before
any handler reads them.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caseworker.server import migrations
from caseworker.server.clock import Clock
from caseworker.server.config import Settings
from caseworker.server.db import make_engine, make_session_factory
from caseworker.server.errors import ServerError
from caseworker.server.models import ServerSecret
from caseworker.server.ratelimit import RateLimits

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session] = field(repr=False)
    secret_key: bytes = field(repr=False)
    clock: Clock
    limits: RateLimits


def load_secret_key(engine: Engine, settings: Settings) -> bytes:
    """The key given in settings, or the one kept in the database (generated at first start)."""
    if settings.secret_key:
        return settings.secret_key.encode()
    with Session(engine) as session:
        value = session.execute(select(ServerSecret.value).where(ServerSecret.name == "secret_key")).scalar()
        if value is None:
            session.add(ServerSecret(name="secret_key", value=secrets.token_urlsafe(48)))
            try:
                session.commit()
                log.info("generated the server secret key and stored it in the database")
            except IntegrityError:  # another process won the race: use theirs
                session.rollback()
            value = session.execute(
                select(ServerSecret.value).where(ServerSecret.name == "secret_key")
            ).scalar_one()
        session.rollback()
        return str(value).encode()


class BodyCapMiddleware:
    """Refuse request bodies over ``cap`` bytes with 413, whatever the route; read nothing more.

    The body is read here (at most ``cap`` bytes) and replayed to the app, so a lying or missing
    Content-Length cannot get a larger body past the cap.
    """

    def __init__(self, app: ASGIApp, cap: int) -> None:
        self.app = app
        self.cap = cap

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.cap
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(scope, send)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.cap:
                await self._refuse(scope, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        path: str = scope.get("path", "")
        if path.startswith("/api/"):
            body = (
                b'{"error":"too_large","message":"The request is larger than this server accepts ('
                + str(self.cap).encode()
                + b' bytes)."}'
            )
            ctype = b"application/json"
        else:
            body = (
                b'<!doctype html><html lang="en"><meta charset="utf-8"><title>Too large</title>'
                b"<p>What was sent is too large. Go back, shorten your answers and try again.</p>"
                b'<p lang="fr">Le formulaire envoy\xc3\xa9 est trop volumineux. Revenez en arri\xc3\xa8re, '
                b"raccourcissez vos r\xc3\xa9ponses et r\xc3\xa9essayez.</p></html>"
            )
            ctype = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", ctype),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def purge_once(ctx: AppContext) -> int:
    """Apply the retention period now; returns how many closed requests were purged."""
    from caseworker.server import retention
    from caseworker.server.clock import now_ms

    with ctx.session_factory() as session:
        result = retention.purge(
            session, retention_days=ctx.settings.retention_days, now_ms=now_ms(ctx.clock)
        )
    if result.submissions:
        log.info("retention: purged %d closed requests", result.submissions)
    return result.submissions


async def _purge_loop(ctx: AppContext) -> None:
    from starlette.concurrency import run_in_threadpool

    while True:
        await asyncio.sleep(ctx.settings.purge_interval_hours * 3600)
        await _purge_safely(ctx, run_in_threadpool)


async def _purge_safely(ctx: AppContext, runner: Any) -> None:
    try:
        await runner(purge_once, ctx)
    except Exception:  # a failed purge is retried next time; it must not stop the server
        log.exception("retention purge failed")


def _lifespan(ctx: AppContext) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from starlette.concurrency import run_in_threadpool

        task = None
        if ctx.settings.purge_interval_hours > 0:
            await _purge_safely(ctx, run_in_threadpool)  # at start, before serving
            task = asyncio.create_task(_purge_loop(ctx))
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task

    return lifespan


def _include_form(app: FastAPI) -> None:
    try:
        from caseworker.server.form import router as form_router
    except ImportError as exc:  # the form package is being built alongside; the API works without it
        if "caseworker.server.form" not in str(exc):
            raise
        log.warning("public intake form not available: %s", exc.__class__.__name__)
        return
    app.include_router(form_router)


def create_app(settings: Settings, *, clock: Clock = time.time, migrate: bool = True) -> FastAPI:
    """Build the server: open the database, bring its schema up to date, wire the routes."""
    from caseworker.server.api import router as api_router

    engine = make_engine(
        settings.db_url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        lock_retries=settings.sqlite_lock_retries,
        sqlite_synchronous=settings.sqlite_synchronous,
    )
    if migrate:
        migrations.upgrade(engine)
    secret_key = load_secret_key(engine, settings)
    ctx = AppContext(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine, secret_key=secret_key),
        secret_key=secret_key,
        clock=clock,
        limits=RateLimits(
            {
                "form": settings.form_rate_limit,
                "status": settings.status_rate_limit,
                "enrol": settings.enrol_rate_limit,
            }
        ),
    )
    app = FastAPI(
        title="Caseworker intake server",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan(ctx),
    )
    app.state.ctx = ctx
    app.state.settings = settings

    @app.exception_handler(ServerError)
    async def _server_error(_request: Request, exc: ServerError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.code, "message": exc.message, "hint": exc.hint},
            status_code=exc.status,
        )

    @app.get("/healthz", tags=["ops"])
    def healthz() -> JSONResponse:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:  # a health check reports, it does not crash
            log.exception("health check: database unreachable")
            return JSONResponse({"status": "database unreachable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    app.include_router(api_router, prefix="/api/v1")
    _include_form(app)
    app.add_middleware(BodyCapMiddleware, cap=settings.body_cap_bytes)
    return app


def client_address(request: Request) -> str:
    """The client's address as uvicorn saw it (after trusted proxy headers)."""
    return request.client.host if request.client else "unknown"


def context(request: Request) -> AppContext:
    ctx: Any = request.app.state.ctx
    assert isinstance(ctx, AppContext)
    return ctx
