"""Command-line options of the app."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from explorer import __version__


@dataclass(frozen=True, slots=True)
class Options:
    sandbox: bool
    bootstrap: str | None
    screenshot: Path | None
    screenshot_delay: float
    load_timeout: float = 90.0
    report_startup: bool = False
    show: str | None = None
    """A page to open once the cluster has loaded: ``messages:TOPIC``, ``produce[:TOPIC]``,
    ``groups``, ``group:ID`` or ``topic:NAME``."""


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="kafka-explorer", description="A desktop explorer for Apache Kafka."
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="start a local Kafka broker with demo topics and traffic, and open it",
    )
    parser.add_argument(
        "--bootstrap",
        metavar="HOST:PORT[,HOST:PORT]",
        help="open a PLAINTEXT cluster at these bootstrap servers",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        type=Path,
        help="save a PNG of the main window once the cluster has loaded, then quit",
    )
    parser.add_argument(
        "--screenshot-delay",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="how long to let the window settle after loading, before the screenshot",
    )
    parser.add_argument(
        "--load-timeout",
        type=float,
        default=90.0,
        metavar="SECONDS",
        help="with --screenshot: take it anyway after this long",
    )
    parser.add_argument(
        "--report-startup", action="store_true", help="print how long the first window took to appear"
    )
    parser.add_argument(
        "--show",
        metavar="PAGE",
        help="open a page once loaded: messages:TOPIC, produce[:TOPIC], groups, group:ID, topic:NAME",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    return Options(
        sandbox=args.sandbox,
        bootstrap=args.bootstrap,
        screenshot=args.screenshot,
        screenshot_delay=args.screenshot_delay,
        load_timeout=args.load_timeout,
        report_startup=args.report_startup,
        show=args.show,
    )
