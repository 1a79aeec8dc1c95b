"""Helpers shared by the packaging tests: screenshots that must show a real window, PNG headers."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

from PySide6.QtGui import QImage

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, without decoding it."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def distinct_colours(image: QImage, step: int = 7) -> int:
    return len({image.pixel(x, y) for y in range(0, image.height(), step)
                for x in range(0, image.width(), step)})


def assert_rendered_window(shot: Path) -> QImage:
    """The screenshot exists, has the main window's size and shows more than a blank fill."""
    image = QImage(str(shot))
    assert not image.isNull(), f"{shot} is not a readable image"
    assert image.width() >= 800 and image.height() >= 500, (image.width(), image.height())
    assert distinct_colours(image) > 8, "the screenshot is blank"
    return image


def processes_mentioning(fragment: str) -> list[str]:
    """Command lines of live processes that contain ``fragment`` (say, a private TMPDIR)."""
    found = subprocess.run(["pgrep", "-af", "--", fragment], capture_output=True, text=True)
    return [line for line in found.stdout.splitlines() if line.strip()]
