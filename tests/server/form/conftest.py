"""Fixtures for the public intake form: a real app on a SQLite file, and a walker that fills the steps."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from caseworker.server.app import create_app
from caseworker.server.config import Settings
from caseworker.server.models import Submission

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette: "httpx with TestClient is deprecated" (still works)
    from fastapi.testclient import TestClient

_HIDDEN = re.compile(r'<input type="hidden" name="(_\w+)" value="([^"]*)"')


def hidden_fields(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}


def h1(page: str) -> str:
    m = re.search(r"<h1>(.*?)</h1>", page, re.S)
    return html.unescape(m.group(1)) if m else ""


def input_value(page: str, field_id: str) -> str | None:
    m = re.search(rf'<input id="{re.escape(field_id)}"[^>]*? value="([^"]*)"', page)
    return html.unescape(m.group(1)) if m else None


@dataclass
class Walker:
    """Posts each step the way a browser would: the page's hidden fields plus what was typed."""

    client: TestClient
    lang: str = "en"
    page: str = ""
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)

    def open(self, path: str = "/") -> str:
        r = self.client.get(path)
        self.page, self.status, self.headers = r.text, r.status_code, dict(r.headers)
        return self.page

    def post(self, action: str = "next", lang: str | None = None, **fields: Any) -> str:
        data: dict[str, Any] = {**hidden_fields(self.page), "_action": action, **fields}
        r = self.client.post(f"/{lang or self.lang}/form", data=data)
        self.page, self.status, self.headers = r.text, r.status_code, dict(r.headers)
        if lang:
            self.lang = lang
        return self.page

    def to_about(self) -> str:
        self.open(f"/{self.lang}/start")
        return self.post(consent="yes")

    def to_review(self, **about: Any) -> str:
        self.to_about()
        fields = {"given_name": "Amina", "phone": "613 555 0142", **about}
        self.post(**fields)
        assert self.status == 200, self.page
        self.post()  # household: nobody else
        self.post(needs=["housing"])
        return self.page


@dataclass
class FormEnv:
    app: Any
    client: TestClient
    db_url: str

    def walker(self, lang: str = "en") -> Walker:
        return Walker(self.client, lang)

    def stored(self) -> list[Submission]:
        with self.app.state.ctx.session_factory() as session:
            return list(session.execute(select(Submission)).scalars())

    def count(self) -> int:
        with self.app.state.ctx.session_factory() as session:
            return int(session.execute(select(func.count()).select_from(Submission)).scalar_one())


@pytest.fixture
def make_form_env(tmp_path: Path) -> Iterator[Callable[..., FormEnv]]:
    made: list[TestClient] = []

    def make(**overrides: Any) -> FormEnv:
        db_url = f"sqlite:///{tmp_path / f'intake{len(made)}.sqlite3'}"
        settings = Settings(db_url=db_url, **{"form_rate_limit": "10000/minute", **overrides})
        app = create_app(settings)
        client = TestClient(app, base_url="http://testserver")
        made.append(client)
        return FormEnv(app, client, db_url)

    yield make
    for client in made:
        client.close()


@pytest.fixture
def form_env(make_form_env: Callable[..., FormEnv]) -> FormEnv:
    return make_form_env()
