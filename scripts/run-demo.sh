#!/usr/bin/env bash
# The main job: set up, build a demo caseload and start the desktop app on it, with the
# embedded intake server holding synthetic online requests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/bootstrap.sh
export PATH="$here/.venv/bin:$PATH"
exec python -m caseworker.gui.demo "$@"
