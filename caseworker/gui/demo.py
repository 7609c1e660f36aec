"""``python -m caseworker.gui.demo``: the README's run command.

1. Creates a demo caseload in ``./demo-data/caseload`` if there is none (``caseworker-admin demo``:
   synthetic multilingual clients, every person invented) and prints the demo passphrase.
2. Starts the embedded intake server on 127.0.0.1 (``caseworker-server serve`` with
   ``caseworker-server demo`` requests) in a subprocess, stopped when the window closes.
3. Opens the workstation on the demo caseload (settings kept in ``./demo-data/config``).

With no display it says so, and how to run it under Xvfb, and exits with status 2.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from caseworker.gui.app import NO_DISPLAY, has_display


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_MODULES = {"caseworker-admin": "caseworker.admin.cli", "caseworker-server": "caseworker.server.cli"}


def _bin(name: str) -> list[str]:
    """The console script, or the same module through this Python when the package is not installed."""
    exe = Path(sys.executable).with_name(name)
    return [str(exe)] if exe.exists() else [sys.executable, "-m", _MODULES[name]]


def ensure_caseload(folder: Path, clients: int) -> None:
    from caseworker.store.caseload import Caseload

    if Caseload.exists(folder):
        return
    print(f"Creating a demo caseload with {clients} synthetic clients in {folder} …", flush=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([*_bin("caseworker-admin"), "demo", str(folder), "--clients", str(clients)], check=True)


def start_server(data: Path, submissions: int) -> tuple[subprocess.Popen[bytes] | None, str]:
    """The intake server in a subprocess on a free local port; (None, "") if it cannot start."""
    db_url = f"sqlite:///{(data / 'intake-server.db').resolve()}"
    port = _free_port()
    try:
        seeded = data / "intake-server.seeded"
        if not seeded.exists():
            subprocess.run(
                [*_bin("caseworker-server"), "demo", "--db", db_url, "--submissions", str(submissions)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            seeded.write_text("1\n")
        log = (data / "intake-server.log").open("ab")
        proc = subprocess.Popen(
            [*_bin("caseworker-server"), "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=log,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"The demo intake server did not start ({type(exc).__name__}); the app runs without it.")
        return None, ""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    print("The demo intake server did not answer; the app runs without it (see demo-data/intake-server.log).")
    return proc, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m caseworker.gui.demo", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--data", type=Path, default=Path("demo-data"), help="demo folder (default ./demo-data)"
    )
    parser.add_argument(
        "--clients", type=int, default=400, help="clients in a new demo caseload (default 400)"
    )
    parser.add_argument("--lang", choices=("en", "fr"), help="interface language for this run")
    parser.add_argument("--no-server", action="store_true", help="do not start the embedded intake server")
    args = parser.parse_args(argv)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from caseworker.store.demo import DEMO_PASSPHRASE, DEMO_USERS

    data = args.data.resolve()
    folder = data / "caseload"
    ensure_caseload(folder, args.clients)
    print()
    print("Demo caseload:", folder)
    print(f"Unlock as user “{DEMO_USERS[0].username}” with the demo passphrase:  {DEMO_PASSPHRASE}")
    print("(Every person in it is invented. Never enter real clients in a demo caseload.)")
    print(flush=True)

    proc, url = (None, "") if args.no_server else start_server(data, 40)
    if url:
        try:
            from caseworker.gui.intake.demo import prepare_demo_intake

            db_url = f"sqlite:///{(data / 'intake-server.db').resolve()}"
            queue = prepare_demo_intake(folder, db_url, url, clients=args.clients)
            print(
                f"Intake queue (demo): {queue.pushed} online requests for {queue.agency}, "
                f"{queue.duplicates} of them retyped copies of demo clients.",
                flush=True,
            )
        except Exception as exc:  # noqa: BLE001 - the app still runs without the demo queue
            print(f"The demo intake queue was not prepared ({type(exc).__name__}); the app runs without it.")
    config = data / "config"
    try:
        from caseworker.gui.app import main as app_main
        from caseworker.gui.settings import LAST_USERNAME, SERVER_URL, Settings

        settings = Settings(config)
        if url:
            settings.set(SERVER_URL, url)
            print("Intake server (demo):", url, flush=True)
        if not settings.get(LAST_USERNAME):
            settings.set(LAST_USERNAME, DEMO_USERS[0].username)
        settings.sync()
        del settings
        app_args = ["--caseload", str(folder), "--config-dir", str(config)]
        if args.lang:
            app_args += ["--lang", args.lang]
        return app_main(app_args)
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    raise SystemExit(main())
