#!/usr/bin/env python3
"""Save PNGs of the intake queue and triage screens, in English and in French (no display needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/intake_screenshots.py [--out screenshots/intake]

Sets up, in a temporary folder: the intake server (``caseworker-server demo`` agencies and requests,
then ``serve`` on 127.0.0.1), a synthetic demo caseload (every person invented), enrolment and the demo
queue (:mod:`caseworker.gui.intake.demo`, some requests retype demo clients). Then, one process per
language, grabs: the queue, a filtered queue, triage with candidates, the referral dialog, the offline
banner and the enrolment panel. Files: ``<out>/<lang>/NN-name.png``.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _memory_keyring() -> None:
    import keyring

    from tests.helpers.memkeyring import MemoryKeyring  # screenshots never touch the real OS keychain

    keyring.set_keyring(MemoryKeyring())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server(tmp: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    db_url = f"sqlite:///{tmp / 'intake-server.db'}"
    cli = [sys.executable, "-m", "caseworker.server.cli"]
    subprocess.run(
        [*cli, "demo", "--db", db_url, "--submissions", "12"], check=True, stdout=subprocess.DEVNULL, cwd=REPO
    )
    port = _free_port()
    log = (tmp / "server.log").open("wb")
    proc = subprocess.Popen(
        [*cli, "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    import httpx

    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(url + "/healthz", timeout=0.5).status_code == 200:
                return proc, url, db_url
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the intake server did not start")


def wait(app, cond, timeout=20.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not cond():
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() > end:
            raise TimeoutError("screen did not load")
    for _ in range(5):
        app.processEvents()


def shoot(lang: str, folder: Path, url: str, out: Path, tmp: Path) -> list[Path]:
    _memory_keyring()
    from PySide6.QtWidgets import QApplication

    import caseworker.gui  # noqa: F401 - installs the PySide6 workaround
    from caseworker.gui import resources
    from caseworker.gui.clock import SystemClock
    from caseworker.gui.context import AppContext
    from caseworker.gui.dbop import DbExecutor
    from caseworker.gui.i18n import UiI18n, install_translators
    from caseworker.gui.intake import IntakePage
    from caseworker.gui.intake.service import Connection
    from caseworker.gui.settings import SERVER_URL, Settings
    from caseworker.store.caseload import Caseload, Unlocker
    from caseworker.store.demo import DEMO_PASSPHRASE
    from caseworker.store.keyslots import KdfParams
    from caseworker.store.secrets import KeyringSecretStore

    app = QApplication.instance() or QApplication(["caseworker"])
    kdf = KdfParams.insecure_fast()
    settings = Settings(tmp / f"config-{lang}")
    settings.set(SERVER_URL, url)
    ctx = AppContext(
        settings=settings,
        secrets=KeyringSecretStore(),
        i18n=UiI18n(lang),
        clock=SystemClock(),
        caseload_dir=folder,
        store_options={"kdf": kdf},
    )
    install_translators(app, ctx.i18n)
    resources.apply_style(app)  # type: ignore[arg-type]
    executor = DbExecutor(None)
    caseload = executor.run_sync_for_tests(
        lambda _r: Caseload.open(folder, Unlocker.passphrase("supervisor", DEMO_PASSPHRASE), kdf=kdf)
    )
    executor.resource = caseload
    ctx.caseload, ctx.db = caseload, executor
    target = out / lang
    target.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def grab(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        for _ in range(10):
            app.processEvents()
        path = target / f"{len(saved) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    page = IntakePage(ctx)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    wait(app, lambda: not page._busy and len(page.queue.rows) > 0)
    grab(page, "queue")
    page.queue.f_language.setCurrentIndex(min(2, page.queue.f_language.count() - 1))
    page.queue.f_age.setCurrentIndex(1)
    grab(page, "queue-filtered")
    page.queue.f_language.setCurrentIndex(0)
    page.queue.f_age.setCurrentIndex(0)

    # claim until a request with a likely candidate comes up (the others stay reserved: a throwaway run)
    opened = None
    for _ in range(30):
        got, _conn = executor.run_sync_for_tests(lambda cl: page._service(cl).claim_next())
        if got is None:
            break
        if (
            got.candidates
            and got.candidates[0].likely
            and got.submission
            and got.submission.person.given_name_latin
        ):
            opened = got
            break
        opened = opened or got
    if opened is not None:
        page._open(opened)
        wait(app, lambda: page.stack.currentWidget() is page.triage)
        time.sleep(1.2)
        page._update_countdown()
        grab(page, "triage")
        page.refer()
        wait(app, lambda: getattr(page, "refer_dialog", None) is not None and page.refer_dialog.isVisible())
        page.refer_dialog.note.setPlainText(
            "Family of five; housing first." if lang == "en" else "Famille de cinq ; logement d'abord."
        )
        grab(page.refer_dialog, "refer-dialog")
        page.refer_dialog.reject()
        page.reject()
        grab(page.reject_dialog, "reject-dialog")
        page.reject_dialog.reject()
        page.banner.show_connection(Connection("offline", None, 3))
        grab(page, "triage-offline")
    page._close_triage()
    page.banner.show_connection(Connection("offline", None, 3))
    grab(page, "queue-offline")
    from caseworker.intake.errors import TokenRevoked

    page.banner.show_connection(Connection("refused", TokenRevoked(), 1))
    page.show_enrol()
    grab(page, "enrol-revoked")
    page.clear()
    executor.close(final=lambda cl: cl.close(), wait=True)
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots/intake"))
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--lang", choices=("en", "fr"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--tmp", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.lang:  # the child: one language per process, so Qt translators never mix
        for path in shoot(args.lang, args.folder, args.url, args.out, args.tmp):
            print(path)
        return 0
    _memory_keyring()
    from caseworker.gui.intake.demo import prepare_demo_intake
    from caseworker.store import demo
    from caseworker.store.caseload import Caseload
    from caseworker.store.keyslots import KdfParams

    kdf = KdfParams.insecure_fast()  # a throwaway caseload of invented people
    with tempfile.TemporaryDirectory(prefix="cw-intake-shots-") as tmpdir:
        tmp = Path(tmpdir)
        proc, url, db_url = _server(tmp)
        try:
            folder = tmp / "caseload"
            cl, _key = Caseload.create(
                folder, "supervisor", demo.DEMO_PASSPHRASE, display_name="Dana Okafor", kdf=kdf
            )
            try:
                demo.build_demo(cl, clients=args.clients, seed=1)
            finally:
                cl.close()
            queue = prepare_demo_intake(
                folder, db_url, url, username="supervisor", clients=args.clients, count=30, kdf=kdf
            )
            print(f"demo queue: {queue.pushed} requests pushed, {queue.duplicates} retype demo clients")
            for lang in ("en", "fr"):
                cmd = [sys.executable, __file__, "--out", str(args.out), "--lang", lang]
                cmd += ["--folder", str(folder), "--url", url, "--tmp", str(tmp)]
                if subprocess.run(cmd, check=False).returncode != 0:
                    return 1
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
