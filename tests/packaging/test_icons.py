"""Icon files: the app icon at every size and in .ico/.icns form, the toolbar set in both variants."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtSvg import QSvgRenderer

import resources
from explorer.ui import icons
from tests.packaging.conftest import ROOT
from tests.packaging.support import png_size

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICNS_SLOTS = {"icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512, "ic10": 1024,
              "ic11": 32, "ic12": 64, "ic13": 256, "ic14": 512}


@pytest.mark.parametrize("size", PNG_SIZES)
def test_app_icon_png_at_each_size(size: int) -> None:
    assert png_size(resources.read_bytes(f"icons/app/{size}x{size}.png")) == (size, size)


def test_app_icon_svg_renders() -> None:
    renderer = QSvgRenderer(str(resources.path(resources.APP_ICON)))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height()


def test_ico_is_a_png_icon_directory() -> None:
    data = resources.read_bytes("icons/app.ico")
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, height, _, _, planes, bpp, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        image = data[offset:offset + length]
        assert len(image) == length, "entry runs past the end of the file"
        real = png_size(image)
        assert (width or 256, height or 256) == real
        assert (planes, bpp) == (1, 32)
        sizes.append(real[0])
    assert {16, 32, 48, 256} <= set(sizes)


def test_icns_chunks_hold_pngs_of_their_slot_size() -> None:
    data = resources.read_bytes("icons/app.icns")
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    seen, offset = {}, 8
    while offset < len(data):
        kind = data[offset:offset + 4].decode("ascii")
        (length,) = struct.unpack(">I", data[offset + 4:offset + 8])
        assert length > 8 and offset + length <= len(data)
        seen[kind] = png_size(data[offset + 8:offset + length])
        offset += length
    assert offset == len(data)
    assert seen == {kind: (size, size) for kind, size in ICNS_SLOTS.items()}


def test_derived_icon_files_are_up_to_date() -> None:
    """Dark variants and .ico/.icns match what packaging/make_icons.py makes from the sources."""
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("name", resources.ICON_NAMES)
def test_toolbar_icon_exists_and_renders(name: str, dark: bool) -> None:
    path = resources.icon_path(name, dark)
    assert path.is_file()
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    assert (renderer.viewBox().width(), renderer.viewBox().height()) == (24, 24)


def test_every_icon_file_is_named() -> None:
    for variant in ("light", "dark"):
        found = {p.stem for p in resources.path(f"icons/{variant}").glob("*.svg")}
        assert found == set(resources.ICON_NAMES), variant


def test_unknown_icon_name_is_refused() -> None:
    with pytest.raises(ValueError, match="no icon named"):
        resources.icon_path("rocket", dark=False)


def _palette(window: str, text: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return palette


def _glyph_lightness(icon: QIcon) -> int:
    """Mean lightness of the opaque pixels of a 48 px rendering: light glyphs on a dark theme."""
    image = icon.pixmap(48, 48).toImage()
    opaque = [image.pixelColor(x, y) for y in range(48) for x in range(48)
              if image.pixelColor(x, y).alpha() > 200]
    assert opaque, "the icon rendered nothing"
    return sum(c.lightness() for c in opaque) // len(opaque)


def test_icon_variant_follows_the_palette(qapp: object) -> None:
    dark, light = _palette("#202124", "#e8eaed"), _palette("#f5f5f5", "#202124")
    assert icons.palette_is_dark(dark) and not icons.palette_is_dark(light)
    assert _glyph_lightness(icons.icon("broker", dark)) > 150
    assert _glyph_lightness(icons.icon("broker", light)) < 100
    assert not icons.app_icon().pixmap(64, 64).isNull()
