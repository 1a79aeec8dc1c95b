"""Generate the icon files derived from the SVG sources in ``resources/icons/``.

``python packaging/make_icons.py`` renders ``app.svg`` to PNGs with Qt's ``QSvgRenderer`` (QtSvg is
part of PySide6-Essentials), assembles ``app.ico`` and ``app.icns`` from those PNGs in pure Python,
and writes ``icons/dark/*.svg`` from ``icons/light/*.svg`` by swapping the palette. The outputs are
committed; run this again after editing an SVG. ``--check`` reports stale derived files (the PNGs
themselves are not compared, since another Qt version may anti-alias a pixel differently).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_CHUNKS = (  # (type, pixel size): 1x and @2x slots, all PNG-encoded
    ("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
    ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512),
)
DARK_PALETTE = {"#2e3a46": "#dfe6ee", "#1f7ae0": "#5aa9ff"}
"""Light-theme colour -> dark-theme colour for the toolbar and navigator icons."""


def png_path(size: int) -> Path:
    return ICONS / "app" / f"{size}x{size}.png"


def render_pngs(svg: Path, sizes: Iterable[int]) -> dict[int, bytes]:
    """Render ``svg`` as a square PNG at each size, with Qt (imported here: only this step needs it)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    rendered = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes; only str works
        rendered[size] = bytes(data.data())
    return rendered


def build_ico(pngs: Mapping[int, bytes]) -> bytes:
    """A Windows icon: an ICONDIR whose entries each embed a PNG (valid since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def build_icns(pngs: Mapping[int, bytes]) -> bytes:
    """A macOS icon family: the 'icns' header, then one PNG chunk per slot in :data:`ICNS_CHUNKS`."""
    body = b"".join(kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_CHUNKS)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def dark_variant(svg_text: str) -> str:
    for light, dark in DARK_PALETTE.items():
        svg_text = svg_text.replace(light, dark)
    return svg_text


def derived_files(pngs: Mapping[int, bytes]) -> dict[Path, bytes]:
    """Everything this script writes, given the app icon's PNGs."""
    out = {png_path(size): data for size, data in pngs.items()}
    out[ICONS / "app.ico"] = build_ico({s: pngs[s] for s in ICO_SIZES})
    out[ICONS / "app.icns"] = build_icns(pngs)
    for light in sorted((ICONS / "light").glob("*.svg")):
        out[ICONS / "dark" / light.name] = dark_variant(light.read_text()).encode()
    return out


def stale(expected: Mapping[Path, bytes]) -> list[Path]:
    return [path for path, data in expected.items() if not path.exists() or path.read_bytes() != data]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report derived files that are missing or out of date")
    args = parser.parse_args(argv)
    if args.check:
        committed = {size: png_path(size).read_bytes() for size in PNG_SIZES if png_path(size).exists()}
        if len(committed) != len(PNG_SIZES):
            print("missing app icon PNGs; run packaging/make_icons.py")
            return 1
        outdated = stale(derived_files(committed))
        for path in outdated:
            print(f"out of date: {path.relative_to(ICONS.parent.parent)}")
        return 1 if outdated else 0
    files = derived_files(render_pngs(ICONS / "app.svg", PNG_SIZES))
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ICONS.parent.parent)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
