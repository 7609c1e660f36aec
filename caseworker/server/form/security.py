"""Form-level abuse protection: CSRF tokens, the signed answers carried between steps, rate limits.

- **CSRF** (signed double submit): a random nonce lives in an HttpOnly, SameSite=Lax cookie (it holds
  nothing personal); every form carries ``ts.nonce.mac`` where ``mac = HMAC(key, ts.nonce)``. A post is
  accepted when the MAC is right, the token is younger than its time window and the nonce matches the
  cookie. A cross-site page can neither read the cookie nor forge the MAC.
- **Answers between steps** are carried in one hidden field, re-posted with every step (no server-side
  session, nothing in URLs or cookies): compressed JSON, base64url, HMAC-signed so a tampered or
  foreign blob is refused instead of trusted (for example the honeypot flag cannot be removed).
- **Rate limits** per client address with the ``limits`` library (in-memory moving window).
- The **honeypot** is a text field hidden from people and screen readers; whatever fills it is a bot.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import zlib
from dataclasses import dataclass
from typing import Any

from caseworker.server.ratelimit import RateLimits as SharedRateLimits

CSRF_FIELD = "_csrf"
CSRF_COOKIE = "cw_form"
STATE_FIELD = "_state"
HONEYPOT_FIELD = "website"
CSRF_WINDOW_SECONDS = 4 * 3600  # a newcomer may take a long time on a form; a token outlives that
CSRF_CLOCK_SKEW = 300
MAX_STATE_CHARS = 96 * 1024


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def derive_key(master: bytes, purpose: str) -> bytes:
    """A separate key per purpose, so a CSRF token can never pass as a signed state and vice versa."""
    return hmac.new(master, b"caseworker.form." + purpose.encode("ascii"), hashlib.sha256).digest()


@dataclass(frozen=True)
class CsrfGuard:
    key: bytes
    window_seconds: int = CSRF_WINDOW_SECONDS

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(18)

    @staticmethod
    def nonce_ok(nonce: str | None) -> bool:
        return (
            bool(nonce)
            and 10 <= len(nonce or "") <= 64
            and all(c.isalnum() or c in "-_" for c in nonce or "")
        )

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self.key, payload.encode("ascii"), hashlib.sha256).digest()[:18])

    def issue(self, nonce: str, now: float | None = None) -> str:
        ts = str(int(now if now is not None else time.time()))
        payload = f"{ts}.{nonce}"
        return f"{payload}.{self._mac(payload)}"

    def check(self, token: str | None, cookie_nonce: str | None, now: float | None = None) -> bool:
        """True when ``token`` is ours, fresh, and bound to the nonce in the browser's cookie."""
        if not token or len(token) > 200 or not self.nonce_ok(cookie_nonce):
            return False
        parts = token.split(".")
        if len(parts) != 3 or not parts[0].isdigit():
            return False
        ts, nonce, mac = parts
        if not hmac.compare_digest(mac, self._mac(f"{ts}.{nonce}")):
            return False
        if not hmac.compare_digest(nonce, cookie_nonce or ""):
            return False
        age = (now if now is not None else time.time()) - int(ts)
        return -CSRF_CLOCK_SKEW <= age <= self.window_seconds


class BadState(ValueError):
    """The carried answers are not ours (tampered, truncated, or signed with another key)."""


@dataclass(frozen=True)
class StateCodec:
    key: bytes

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self.key, body.encode("ascii"), hashlib.sha256).digest())

    def dumps(self, state: dict[str, Any]) -> str:
        raw = json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
        body = _b64(zlib.compress(raw, 6))
        return f"{body}.{self._mac(body)}"

    def loads(self, blob: str) -> dict[str, Any]:
        if len(blob) > MAX_STATE_CHARS or blob.count(".") != 1:
            raise BadState("malformed")
        body, mac = blob.split(".")
        if not hmac.compare_digest(mac, self._mac(body)):
            raise BadState("bad signature")
        try:
            decoder = zlib.decompressobj()
            raw = decoder.decompress(_unb64(body), 4 * MAX_STATE_CHARS)
            if decoder.unconsumed_tail:
                raise BadState("too large")
            value = json.loads(raw.decode("utf-8"))
        except (ValueError, zlib.error) as exc:
            raise BadState("undecodable") from exc
        if not isinstance(value, dict):
            raise BadState("not an object")
        return value


class RateLimits:
    """Moving-window limits per client address for the form's pages and its status page.

    The form keeps its own buckets (built from the same settings as the API's), on the server's shared
    limiter (:class:`caseworker.server.ratelimit.RateLimits`, the ``limits`` library).
    """

    def __init__(self, form: str = "30/minute", status: str = "30/minute") -> None:
        self._limits = SharedRateLimits({"form": form, "status": status})

    def hit(self, kind: str, client: str) -> int | None:
        """Count one request; None when allowed, else the seconds until the client may try again."""
        if self._limits.hit(kind, client):
            return None
        return self._limits.retry_after(kind, client)
