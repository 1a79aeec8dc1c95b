"""Kafka Explorer's assets (icons, desktop metadata, licence texts), found through ``importlib.resources``.

Nothing here imports Qt, so the packaging scripts and tests can use it too; the Qt side
(``QIcon`` for the current palette) lives in :mod:`explorer.ui.icons`.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

APP_ID = "io.github.kafka_explorer.KafkaExplorer"
"""The reverse-DNS application id: desktop file, icon name, AppStream id, Qt desktop file name."""

APP_ICON = "icons/app.svg"
DESKTOP_FILE = f"desktop/{APP_ID}.desktop"
METAINFO_FILE = f"desktop/{APP_ID}.metainfo.xml"

ICON_NAMES = (
    "cluster", "broker", "topic", "partition", "consumer-group",
    "refresh", "play", "pause", "send", "search", "settings",
)
"""The navigator and toolbar icons; each exists in ``icons/light`` and ``icons/dark``."""


def path(relative: str) -> Path:
    """A real filesystem path for an asset (wheel, checkout or frozen bundle)."""
    with as_file(files(__name__).joinpath(relative)) as found:
        return Path(found)


def read_bytes(relative: str) -> bytes:
    return files(__name__).joinpath(relative).read_bytes()


def icon_path(name: str, dark: bool) -> Path:
    """The SVG of a navigator or toolbar icon: light glyphs for a dark theme when ``dark``."""
    if name not in ICON_NAMES:
        raise ValueError(f"no icon named {name!r}; known icons: {', '.join(ICON_NAMES)}")
    return path(f"icons/{'dark' if dark else 'light'}/{name}.svg")
