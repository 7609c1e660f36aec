"""``caseworker-admin plan DIR CLIENT_ID --official en|fr --language CODE -o FILE.pdf``: print a plan.

Renders the client's settlement plan from the encrypted caseload to a bilingual PDF (written atomically).
When the client language's catalog lacks template strings, the missing ones are named; ``--official-only``
prints those rows in the official language only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseworker.admin import common
from caseworker.admin.cli import EXIT_OK, EXIT_PROBLEM
from caseworker.i18n import languages as langs
from caseworker.plans.completeness import check
from caseworker.plans.from_store import build_plan, default_languages
from caseworker.plans.model import AgencyHeader, RenderOptions
from caseworker.plans.render import render_plan_bytes, save_pdf_atomic


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("plan", help="render a client's bilingual settlement plan to a PDF file")
    common.add_dir_argument(p)
    p.add_argument("client_id", type=int, metavar="CLIENT_ID", help="the client's file number")
    p.add_argument(
        "--official",
        choices=langs.OFFICIAL_LANGUAGES,
        default=None,
        help="official language column (default: the client's preferred official language, else en)",
    )
    p.add_argument(
        "--language",
        default=None,
        help="client language code (ar, fa, ps, ur, ti, am, uk, ru, es, zh_Hans, pa, hi, tl, so); "
        "default: the plan's translation language, else the client's first language",
    )
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF"
    )
    p.add_argument("--agency", default="", help="agency name printed in the header")
    p.add_argument("--logo", type=Path, default=None, help="agency logo (a local PNG or JPEG file)")
    p.add_argument("--page-size", choices=("letter", "a4"), default="letter")
    p.add_argument(
        "--official-only",
        action="store_true",
        help="if the client-language catalog is incomplete, print those rows in the official language only",
    )
    common.add_unlock_arguments(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.language is not None and not langs.known(args.language):
        sys.stderr.write(f"Unknown language code: {args.language!r}.\n")
        return EXIT_PROBLEM
    caseload = common.open_caseload(args)
    try:
        with caseload.session() as session:
            defaults = default_languages(session, args.client_id) or ("en", "en")
            agency = AgencyHeader(args.agency or "", logo_path=args.logo)
            plan = build_plan(session, args.client_id, agency=agency)
    finally:
        caseload.close()
    official = args.official or defaults[0]
    language = langs.get(args.language or defaults[1]).code
    if language in langs.OFFICIAL_LANGUAGES:
        sys.stderr.write(
            "The client language is an official language; choose the client's own with --language.\n"
        )
        return EXIT_PROBLEM
    report = check(language, official)
    if not report.complete:
        sys.stderr.write(report.summary() + "\n")
        if not args.official_only:
            sys.stderr.write(
                "Nothing printed. Add --official-only to print those rows in the official language.\n"
            )
            return EXIT_PROBLEM
    options = RenderOptions(
        official=official,
        language=language,
        official_only_rows_when_missing=True,
        page_size=args.page_size,
    )
    data, result = render_plan_bytes(plan, options)
    save_pdf_atomic(data, args.output)
    print(f"Wrote {args.output} ({result.pages} page(s), {official} + {language}).")
    if result.unrenderable:
        sys.stderr.write(f"{len(result.unrenderable)} character(s) had no font and print as \ufffd.\n")
    return EXIT_OK
