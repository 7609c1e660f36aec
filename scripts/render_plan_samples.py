#!/usr/bin/env python3
"""Render one sample plan per client language to PDF and PNG pages (pdftoppm), to look at.

    .venv/bin/python scripts/render_plan_samples.py [OUT_DIR] [--dpi 80] [--official en|fr]

Writes OUT_DIR/<lang>.pdf and OUT_DIR/<lang>-<page>.png (default OUT_DIR: ./plan-samples).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caseworker.plans.model import RenderOptions
from caseworker.plans.render import render_plan_bytes, save_pdf_atomic
from caseworker.plans.samples import SAMPLE_TEXT, sample_plan


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", type=Path, default=Path("plan-samples"))
    ap.add_argument("--dpi", type=int, default=80)
    ap.add_argument("--official", choices=("en", "fr"), default="en")
    ap.add_argument("--languages", default=",".join(SAMPLE_TEXT))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    have_pdftoppm = shutil.which("pdftoppm") is not None
    for lang in args.languages.split(","):
        data, result = render_plan_bytes(
            sample_plan(lang), RenderOptions(official=args.official, language=lang)
        )
        pdf = args.out / f"{lang}.pdf"
        save_pdf_atomic(data, pdf)
        if have_pdftoppm:
            subprocess.run(
                ["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(args.out / lang)], check=True
            )
        flag = f", {len(result.unrenderable)} unrenderable" if result.unrenderable else ""
        print(f"{lang}: {result.pages} page(s){flag} -> {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
