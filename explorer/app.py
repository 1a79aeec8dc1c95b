"""Start-up: the QApplication, the asyncio loop on top of it (qasync), and the first window."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")

import qasync  # noqa: E402  (PySide6 must be chosen before qasync is imported)
from PySide6.QtGui import QIcon  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import resources  # noqa: E402
from explorer.cli import Options, parse_args  # noqa: E402
from explorer.overview import ClusterOverview  # noqa: E402
from explorer.sandbox import Sandbox  # noqa: E402
from explorer.ui.main_window import MainWindow  # noqa: E402


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Kafka Explorer")
    app.setOrganizationName("Kafka Explorer")
    app.setDesktopFileName(resources.APP_ID)
    app.setWindowIcon(QIcon(str(resources.path("icons/app.svg"))))
    app.setQuitOnLastWindowClosed(False)
    return app


def sandbox_overview(sandbox: Sandbox) -> ClusterOverview:
    cluster = sandbox.cluster
    listeners = [(name, cluster.bootstrap(name))
                 for name in ("SSL", "SASL_PLAINTEXT", "SASL_SSL")]
    details = [("Kafka version", f"{cluster.version} ({'KRaft' if cluster.kraft else 'ZooKeeper'})"),
               ("Started in", f"{cluster.started_in:.1f} s"), *listeners,
               ("SASL users", ", ".join(cluster.users)), ("CA certificate", str(cluster.tls.ca_pem))]
    brokers = [f"{b.node_id} at 127.0.0.1:{b.ports.PLAINTEXT}" for b in cluster.brokers]
    return ClusterOverview(name="Local sandbox", state="connected", bootstrap=cluster.bootstrap(),
                           details=details, brokers=brokers)


async def _save_screenshot(window: MainWindow, target: Path, delay: float) -> None:
    await asyncio.sleep(delay)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(target)):
        raise OSError(f"could not write the screenshot to {target}")


async def run(app: QApplication, options: Options) -> int:
    window = MainWindow()
    window.show()
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    app.lastWindowClosed.connect(lambda: closed.done() or closed.set_result(None))
    sandbox: Sandbox | None = None
    try:
        if options.sandbox:
            sandbox = Sandbox()
            window.show_status("Starting the local Kafka sandbox…",
                              f"Kafka {sandbox.version} is starting on 127.0.0.1.")
            await sandbox.start()
            window.show_cluster(sandbox_overview(sandbox))
        elif options.bootstrap:
            window.show_cluster(ClusterOverview(name=options.bootstrap, state="not connected yet",
                                                bootstrap=options.bootstrap))
        else:
            window.show_status("Kafka Explorer", "Start with --sandbox for a local demo cluster, "
                               "or --bootstrap HOST:PORT for your own.")
        if options.screenshot is not None:
            await _save_screenshot(window, options.screenshot, options.screenshot_delay)
            return 0
        await closed
        return 0
    finally:
        window.close()
        if sandbox is not None:
            await sandbox.stop()


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    app = create_application(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return loop.run_until_complete(run(app, options))
