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


def extract_ui(fileobj, keywords, comment_tags, options):  # type: ignore[no-untyped-def]
    """Babel extractor for Designer forms: every ``<string>`` not marked ``notr="true"``.

    Referenced from ``translations/babel.cfg`` as ``caseworker.gui.build_ui:extract_ui``.
    """
    import xml.etree.ElementTree as ET

    tree = ET.parse(fileobj)  # noqa: S314 - our own .ui sources
    for node in tree.iter("string"):
        if node.get("notr") == "true" or not (node.text or "").strip():
            continue
        yield 0, "_", node.text, []


def extract_known_errors(fileobj, keywords, comment_tags, options):  # type: ignore[no-untyped-def]
    """Babel extractor for KnownError texts the GUI shows through gettext (store and core errors):
    class attributes ``message``/``hint``, module constants ending in ``_HINT``, and string arguments
    (positional or ``message=``/``hint=``) of calls to capitalised names (error classes)."""
    import ast

    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(n in ("message", "hint") or n.endswith("_HINT") for n in names) and node.value.value:
                yield node.lineno, "_", node.value.value, []
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(n.endswith("_DESCRIPTIONS") for n in names):
                for val in node.value.values:
                    if isinstance(val, ast.Constant) and isinstance(val.value, str):
                        yield node.lineno, "_", val.value, []
        elif (
            isinstance(node, ast.Return)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            if " " in node.value.value:
                yield node.lineno, "_", node.value.value, []
        elif isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if not name or not name[0].isupper() or name == "ValidationError":
                continue
            args = [a for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            args += [
                k.value
                for k in node.keywords
                if k.arg in ("message", "hint")
                and isinstance(k.value, ast.Constant)
                and isinstance(k.value.value, str)
            ]
            for a in args:
                if isinstance(a.value, str) and " " in a.value:
                    yield node.lineno, "_", a.value, []
