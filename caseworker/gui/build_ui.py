"""Compile the Designer forms in ``ui/`` into ``caseworker/gui/generated/`` (Picard's ``build_ui``).

    python -m caseworker.gui.build_ui          # regenerate
    python -m caseworker.gui.build_ui --check  # exit 1 if a generated module is stale (the tests run this)

Forms' top-level object names start with ``cw_`` so their strings are answered from our gettext domain
(see :class:`caseworker.gui.i18n.GettextTranslator`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "ui"
OUT_DIR = Path(__file__).resolve().parent / "generated"
HEADER = "# Generated from ui/{name} by `python -m caseworker.gui.build_ui`: do not edit.\n# ruff: noqa\n"


def _uic() -> str:
    exe = Path(sys.executable).with_name("pyside6-uic")
    return str(exe) if exe.exists() else (shutil.which("pyside6-uic") or "pyside6-uic")


def compile_form(ui: Path) -> str:
    out = subprocess.run([_uic(), str(ui)], check=True, capture_output=True, text=True).stdout
    return HEADER.format(name=ui.name) + out


def target(ui: Path) -> Path:
    return OUT_DIR / f"ui_{ui.stem}.py"


def stale() -> list[str]:
    problems = []
    for ui in sorted(UI_DIR.glob("*.ui")):
        t = target(ui)
        if not t.exists() or t.read_text(encoding="utf-8") != compile_form(ui):
            problems.append(str(t.relative_to(ROOT)))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for p in problems:
            print(f"stale: {p} (run python -m caseworker.gui.build_ui)")
        return 1 if problems else 0
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "__init__.py").write_text(
        '"""Modules generated from ui/*.ui by caseworker.gui.build_ui: do not edit."""\n'
    )
    for ui in sorted(UI_DIR.glob("*.ui")):
        target(ui).write_text(compile_form(ui), encoding="utf-8")
        print(f"wrote {target(ui).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
