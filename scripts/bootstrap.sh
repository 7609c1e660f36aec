#!/usr/bin/env bash
# Idempotent set-up on a fresh Debian 12 with python3: system packages, a virtual environment in
# .venv, the pinned Python packages (constraints.txt) and Caseworker itself in editable mode.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/system-deps.sh
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv 2>/dev/null || {
    # Debian's python3 needs python3-venv for ensurepip.
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq python3-venv >/dev/null; fi
    "$PY" -m venv .venv
  }
fi
stamp=.venv/.caseworker-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "Installing Python packages into .venv (pinned by constraints.txt)..." >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" >&2 || true
  # sqlcipher3's sdist needs the network to build: only its wheel (SQLCipher 4.19, OpenSSL linked in).
  log="$(mktemp)"
  if ! PIP_CONSTRAINT= .venv/bin/python -m pip install -q --disable-pip-version-check \
      --only-binary=sqlcipher3 -c constraints.txt -e ".[dev]" >"$log" 2>&1; then
    grep -v "is ignored" "$log" >&2 || true
    rm -f "$log"
    echo "Installing the Python packages failed (see above)." >&2
    exit 1
  fi
  rm -f "$log"
  # Check from outside the checkout, so the source tree on sys.path cannot hide a failed install.
  (cd / && "$here/.venv/bin/python" -c "import caseworker, sqlcipher3, PySide6.QtCore") >/dev/null
  for cmd in caseworker caseworker-admin caseworker-server; do
    [ -x ".venv/bin/$cmd" ] || { echo "Set-up did not install the $cmd command." >&2; exit 1; }
  done
  touch "$stamp"
fi
