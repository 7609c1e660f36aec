"""Every step of the form stays within the page-weight budget (HTML + CSS + JS, fonts excluded)."""

from __future__ import annotations

import pytest

from caseworker.server.form.weight import BUDGET_BYTES, measure
from tests.server.form.conftest import FormEnv


@pytest.mark.parametrize("lang", ["en", "ar", "uk", "ti"])
def test_each_step_is_at_most_60_kb(form_env: FormEnv, lang: str) -> None:
    weights = measure(form_env.client, lang)
    assert set(weights) >= {"language", "privacy", "about", "household", "needs", "review", "done", "status"}
    too_heavy = {step: size for step, size in weights.items() if size > BUDGET_BYTES}
    assert too_heavy == {}
    assert all(size > 2000 for size in weights.values())  # a real page was measured, not an error stub
