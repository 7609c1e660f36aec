"""How long printing a plan holds the GUI thread: the old synchronous path vs the threaded one.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/plan_print_gui.py [--language ar] [--runs 3]

Prints JSON: for a 3-page sample plan printed to a high-resolution PDF-file QPrinter (1200 dpi, pages
rasterised at 300 dpi), the time ``printing.print_pdf`` blocks the GUI thread, and for
``PlanPreview.print_to`` (page images made on a thread, painted on the GUI thread) the total time, the
longest gap between 5 ms timer ticks on the GUI thread, and the painting time per page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from typing import Any


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--language", default="ar")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from caseworker.gui.plans import printing
    from caseworker.gui.plans.preview import PlanPreview
    from caseworker.plans.model import RenderOptions
    from caseworker.plans.render import render_plan_bytes
    from caseworker.plans.samples import sample_plan

    data, result = render_plan_bytes(sample_plan(args.language), RenderOptions(language=args.language))
    tmp = tempfile.mkdtemp()

    def printer(name: str) -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(os.path.join(tmp, name))
        return p

    paint_ms: list[float] = []
    real_paint = printing.paint_pages

    def timed_paint(*a: Any, **kw: Any) -> int:
        t = time.perf_counter()
        n = real_paint(*a, **kw)
        paint_ms.append((time.perf_counter() - t) * 1000)
        return n

    sync_s, total_s, pause_ms = [], [], []
    for run in range(args.runs):
        t = time.perf_counter()
        printing.print_pdf(data, printer(f"sync-{run}.pdf"))
        sync_s.append(time.perf_counter() - t)

        printing.paint_pages = timed_paint  # type: ignore[assignment]
        preview = PlanPreview()
        preview.set_pdf(data)
        gaps: list[float] = []
        last = [time.perf_counter()]

        def tick(gaps: list[float] = gaps, last: list[float] = last) -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(tick)
        loop = QEventLoop()
        preview.printed.connect(lambda _n, loop=loop: loop.quit())
        timer.start()
        last[0] = t = time.perf_counter()
        preview.print_to(printer(f"threaded-{run}.pdf"))
        loop.exec()
        total_s.append(time.perf_counter() - t)
        timer.stop()
        pause_ms.append(max(gaps) * 1000)
        printing.paint_pages = real_paint  # type: ignore[assignment]
        preview.deleteLater()
    print(
        json.dumps(
            {
                "language": args.language,
                "pages": result.pages,
                "printer_dpi": printer("x.pdf").resolution(),
                "runs": args.runs,
                "synchronous_print_pdf_gui_blocked_s_median": round(statistics.median(sync_s), 3),
                "threaded_total_s_median": round(statistics.median(total_s), 3),
                "threaded_longest_gui_pause_ms_median": round(statistics.median(pause_ms), 1),
                "threaded_paint_per_page_ms_median": round(statistics.median(paint_ms), 1),
                "loadavg_1min": round(os.getloadavg()[0], 2),
            }
        )
    )
    del app


if __name__ == "__main__":
    main()
