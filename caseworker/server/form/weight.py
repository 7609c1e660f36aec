"""Page weight of every step of the intake form: HTML + CSS + JS bytes a phone downloads (fonts excluded:
the form uses the phone's own fonts and downloads none).

    .venv/bin/python -m caseworker.server.form.weight            # JSON: bytes per language and step

The budget is 60 KB per step (newcomers are often on prepaid data). Bytes are counted uncompressed,
as served; over gzip/brotli they are about a quarter of that.
"""

from __future__ import annotations

import html
import json
import re
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

BUDGET_BYTES = 60 * 1024
_HIDDEN = re.compile(r'<input type="hidden" name="(_\w+)" value="([^"]*)"')
_ASSET = re.compile(r'(?:href|src)="(/form-assets/[^"]+)"')


def _client(db_dir: Path) -> Any:
    from caseworker.server.app import create_app
    from caseworker.server.config import Settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's TestClient warns that httpx is deprecated there
        from fastapi.testclient import TestClient

    settings = Settings(db_url=f"sqlite:///{db_dir / 'weight.sqlite3'}", form_rate_limit="100000/minute")
    return TestClient(create_app(settings))


def _hidden(page: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _HIDDEN.findall(page)}


def measure(client: Any, lang: str) -> dict[str, int]:
    """Bytes per step for ``lang`` (HTML of the step + every CSS/JS file it links), filled realistically."""
    assets: dict[str, int] = {}

    def weigh(page: str) -> int:
        total = len(page.encode("utf-8"))
        for url in _ASSET.findall(page):
            if url not in assets:
                assets[url] = len(client.get(html.unescape(url)).content)
            total += assets[url]
        return total

    out: dict[str, int] = {}
    page = client.get("/").text
    out["language"] = weigh(page)

    def post(action: str = "next", **fields: Any) -> str:
        nonlocal page
        page = str(client.post(f"/{lang}/form", data={**_hidden(page), "_action": action, **fields}).text)
        return page

    out["privacy"] = weigh(post("setlang"))
    out["privacy_error"] = weigh(post())
    out["about"] = weigh(post(consent="yes"))
    out["about_errors"] = weigh(post(given_name="", email="x", dob_year="9"))
    out["household"] = weigh(
        post(given_name="Amina", family_name="Hassan", phone="6135550142", city="Ottawa")
    )
    members = {f"m{i}_{k}": v for i in range(4) for k, v in (("present", "1"), ("given", f"Child {i}"))}
    post("add_member", **{k: v for k, v in members.items() if k[1] in "012"})
    out["needs"] = weigh(post(**members))
    out["review"] = weigh(post(needs=["housing", "language"], needs_text="We need help with a lease. " * 20))
    out["done"] = weigh(post("submit"))
    out["status"] = weigh(client.get(f"/{lang}/status").text)
    return out


def main() -> int:
    from caseworker.server.form.i18n import FORM_LANGUAGE_ORDER

    with tempfile.TemporaryDirectory() as tmp:
        client = _client(Path(tmp))
        result = {lang: measure(client, lang) for lang in FORM_LANGUAGE_ORDER}
        client.close()
    heaviest = max(v for steps in result.values() for v in steps.values())
    json.dump({"budget_bytes": BUDGET_BYTES, "max_bytes": heaviest, "bytes": result}, sys.stdout, indent=1)
    print()
    return 0 if heaviest <= BUDGET_BYTES else 1


if __name__ == "__main__":
    raise SystemExit(main())
