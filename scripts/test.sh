#!/usr/bin/env bash
# The whole test command: set-up, lint (ruff), architecture check (import-linter), types (mypy), tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
export PATH="$here/.venv/bin:$PATH"
echo "== ruff" && ruff check caseworker tests benchmarks && ruff format --check caseworker tests benchmarks
echo "== import-linter" && lint-imports --config pyproject.toml
echo "== mypy" && mypy
echo "== pytest"
exec python -m pytest -n 2 --dist loadgroup "$@"
