"""Kafka Explorer's assets (icons, desktop metadata), found through ``importlib.resources``."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

APP_ID = "io.github.kafka_explorer.KafkaExplorer"
"""The reverse-DNS application id: desktop file, icon name, AppStream id, Qt desktop file name."""


def path(relative: str) -> Path:
    """A real filesystem path for an asset (wheel, checkout or frozen bundle)."""
    with as_file(files(__name__).joinpath(relative)) as found:
        return Path(found)


def read_bytes(relative: str) -> bytes:
    return files(__name__).joinpath(relative).read_bytes()
