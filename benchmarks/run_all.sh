#!/usr/bin/env bash
# Run every benchmarks/*.py and collect their JSON in one place.
#
#   benchmarks/run_all.sh [OUTDIR]          # default OUTDIR: benchmarks/results/<UTC timestamp>
#   BENCH_ARGS_store_bench="--clients 5000 --notes 50000" benchmarks/run_all.sh   # per-script arguments
#   BENCH_ONLY="store_bench unlock_bench" benchmarks/run_all.sh                  # a subset
#
# Each script prints one JSON document on stdout (progress goes to stderr). For each script NAME this
# writes OUTDIR/NAME.json (its output), OUTDIR/NAME.log (its stderr) and, at the end, OUTDIR/all.json:
# {"NAME": <its JSON or null>, ..., "_meta": {...}}. New scripts dropped into benchmarks/ are picked up
# automatically. Exit status: 0 when every script succeeded and printed valid JSON, 1 otherwise.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
py="$root/.venv/bin/python"
[ -x "$py" ] || py="$(command -v python3)"
out="${1:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"

failed=0
names=()
for script in "$here"/*.py; do
  name="$(basename "$script" .py)"
  case "$name" in _*) continue ;; esac
  if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then
    continue
  fi
  names+=("$name")
  var="BENCH_ARGS_${name}"
  # shellcheck disable=SC2206  # word splitting of the per-script arguments is intended
  extra=(${!var:-})
  echo "== $name ${extra[*]:-}" >&2
  start=$(date +%s)
  if "$py" "$script" "${extra[@]}" >"$out/$name.json" 2>"$out/$name.log"; then
    if ! "$py" -c 'import json,sys; json.load(open(sys.argv[1]))' "$out/$name.json" 2>>"$out/$name.log"; then
      echo "   $name: output is not valid JSON (see $out/$name.log)" >&2
      failed=1
    fi
  else
    echo "   $name: FAILED (exit $?; see $out/$name.log)" >&2
    failed=1
  fi
  echo "   $name: $(( $(date +%s) - start )) s" >&2
done

"$py" - "$out" "${names[@]}" <<'PY'
import json, os, platform, sys, time
out, names = sys.argv[1], sys.argv[2:]
combined = {}
for name in names:
    try:
        with open(os.path.join(out, f"{name}.json"), encoding="utf-8") as fh:
            combined[name] = json.load(fh)
    except (OSError, ValueError):
        combined[name] = None
combined["_meta"] = {
    "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "python": platform.python_version(),
    "machine": platform.machine(),
    "cpus": os.cpu_count(),
    "load_average": os.getloadavg(),
}
with open(os.path.join(out, "all.json"), "w", encoding="utf-8") as fh:
    json.dump(combined, fh, indent=2, ensure_ascii=False)
print(os.path.join(out, "all.json"))
PY
exit $failed
