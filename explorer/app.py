"""Start-up: the QApplication, the asyncio loop on top of it (qasync), and the first window.

The window is shown before anything slow happens (starting a sandbox broker, connecting); the
rest of the start-up runs as coroutines on the loop, so the window paints at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_API", "pyside6")  # before qasync is imported: it picks its binding from this

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import resources
from explorer.cli import Options, parse_args
from explorer.maingc import MainThreadCollector
from explorer.session import FAILED, ClusterSession
from explorer.settings import AppSettings
from explorer.ui import work_pages
from explorer.ui.main_window import MainWindow
from explorer.ui.message_page import MessagePage
from explorer.ui.theme import apply_theme
from explorer.workspace import Workspace
from protocol.client import ClientConfig

if TYPE_CHECKING:
    from explorer.profiles.store import ProfileStore
    from explorer.sandbox import Sandbox


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere: since this import)."""
    try:
        with open("/proc/self/stat") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as uptime:
            up = float(uptime.read().split()[0])
        return up - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED


_IMPORTED = time.perf_counter()


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Kafka Explorer")
    app.setOrganizationName("Kafka Explorer")
    app.setDesktopFileName(resources.APP_ID)
    app.setWindowIcon(QIcon(str(resources.path("icons/app.svg"))))
    app.setQuitOnLastWindowClosed(False)
    return app


def sandbox_details(sandbox: Sandbox) -> list[tuple[str, str]]:
    cluster = sandbox.cluster
    names = ("SSL", "SASL_PLAINTEXT", "SASL_SSL")
    listeners = [(f"{name} listener", cluster.bootstrap(name)) for name in names]
    return [
        ("Kafka version", f"{cluster.version} ({'KRaft' if cluster.kraft else 'ZooKeeper'})"),
        ("Sandbox started in", f"{cluster.started_in:.1f} s"),
        *listeners,
        ("SASL users", ", ".join(cluster.users)),
        ("CA certificate", str(cluster.tls.ca_pem)),
    ]


def open_profile_store() -> ProfileStore:
    """The saved profiles; imported on first use (the keychain library is slow to import)."""
    from explorer.profiles.store import ProfileStore

    return ProfileStore()


async def open_sandbox(window: MainWindow, workspace: Workspace) -> tuple[Sandbox, ClusterSession]:
    from explorer.sandbox import Sandbox  # only for --sandbox: it brings the harness and demo producers

    sandbox = Sandbox()
    waiting = MessagePage(
        "sandbox",
        "Local sandbox",
        "Starting the local Kafka sandbox…",
        f"Kafka {sandbox.version} is starting on 127.0.0.1; this takes a few seconds.",
    )
    window.add_page(waiting)
    window.show_status("Starting the local Kafka sandbox…")
    await sandbox.start()
    session = workspace.open_cluster("Local sandbox", ClientConfig(sandbox.bootstrap()))
    window.open_cluster(session, extra=sandbox_details(sandbox))
    window.content.close_page(waiting)
    window.show_status("")
    return sandbox, session


async def loaded(session: ClusterSession, timeout: float) -> None:
    """Wait until the session's first load ends (or fails), at most ``timeout`` seconds."""
    if session.loaded_at is not None or session.state == FAILED:
        return
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def settle(*_args: object) -> None:
        if not done.done() and (session.loaded_at is not None or session.state == FAILED):
            done.set_result(None)

    session.load_finished.connect(settle)
    session.state_changed.connect(settle)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done, timeout)


async def save_screenshot(window: MainWindow, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(target)):
        raise OSError(f"could not write the screenshot to {target}")


async def first_paint() -> None:
    """Return once Qt has handled the events queued so far (showing and painting the window)."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    QTimer.singleShot(0, lambda: None if done.done() else done.set_result(None))
    await done


def _report_first_window(options: Options) -> None:
    if options.report_startup:
        print(f"first window after {process_age() * 1000:.0f} ms", file=sys.stderr, flush=True)


async def run(app: QApplication, options: Options, settings: AppSettings | None = None) -> int:
    settings = settings or AppSettings()
    workspace = Workspace()
    window = MainWindow(workspace, settings, store_factory=open_profile_store)
    window.show()
    await first_paint()
    _report_first_window(options)
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    window.closed.connect(lambda: None if closed.done() else closed.set_result(None))
    sandbox: Sandbox | None = None
    session: ClusterSession | None = None
    try:
        if options.sandbox:
            sandbox, session = await open_sandbox(window, workspace)
        elif options.bootstrap:
            session = workspace.open_cluster(options.bootstrap, ClientConfig(options.bootstrap))
            window.open_cluster(session)
        else:
            window.open_connections()
        if options.show and session is not None:
            await loaded(session, options.load_timeout)
            work_pages.open_named(window, session, options.show)
        if options.screenshot is not None:
            if session is not None:
                await loaded(session, options.load_timeout)
            await asyncio.sleep(options.screenshot_delay)
            await save_screenshot(window, options.screenshot)
            return 0
        await closed
        return 0
    finally:
        window.close()
        await workspace.close_all()
        if sandbox is not None:
            await sandbox.stop()


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    app = create_application(sys.argv[:1])
    collector = MainThreadCollector(app)  # noqa: F841 - lives as long as the app
    settings = AppSettings()
    apply_theme(app, settings.theme)
    settings.changed.connect(lambda key: apply_theme(app, settings.theme) if key == "theme" else None)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return loop.run_until_complete(run(app, options, settings))
