"""The main job: ``kafka-explorer --sandbox`` opens a window on a local broker, then cleans up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.broker
ROOT = Path(__file__).resolve().parents[2]


def _distinct_colours(image: QImage, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_sandbox_window_renders_and_stops_its_broker(tmp_path: Path) -> None:
    shot = tmp_path / "sandbox.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "explorer", "--sandbox", "--screenshot", str(shot)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 800 and image.height() >= 500
    assert _distinct_colours(image) > 8, "the screenshot is blank"
    found = re.search(r"broker pid (\d+)", done.stderr)
    assert found, done.stderr[-2000:]
    assert not Path(f"/proc/{found.group(1)}").exists(), "the sandbox broker outlived the app"
