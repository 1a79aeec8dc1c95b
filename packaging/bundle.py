"""What goes into the desktop bundles, shared by ``build.py`` and ``kafka-explorer.spec``.

Plain data and small functions, no PyInstaller import, so the tests can check the macOS
``Info.plist`` and the Qt module choice on any machine.
"""

from __future__ import annotations

import platform
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

Entry = tuple[str, str, str]
"""A PyInstaller TOC entry: (destination in the bundle, source path, type code)."""

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.kafka_explorer.KafkaExplorer"  # == resources.APP_ID (checked by a test)
APP_NAME = "Kafka Explorer"
EXECUTABLE = "kafka-explorer"
MINIMUM_MACOS = "11.0"

QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets")
"""Qt modules the app imports. SVG icons need no Python module: the QtGui hook collects the
``iconengines``/``imageformats`` SVG plugins, and PyInstaller follows them to ``libQt6Svg``."""

QT_MODULES_EXCLUDED = (
    "QtConcurrent", "QtDBus", "QtDesigner", "QtHelp", "QtLabsStyleKit", "QtNetwork", "QtOpenGL",
    "QtOpenGLWidgets", "QtPrintSupport", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtSql", "QtSvg", "QtSvgWidgets", "QtTest", "QtUiTools", "QtXml",
    # PySide6-Addons, should it ever be installed next to Essentials
    "Qt3DCore", "QtCharts", "QtDataVisualization", "QtGraphs", "QtMultimedia", "QtPdf",
    "QtPositioning", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialPort", "QtWebChannel",
    "QtWebEngineCore", "QtWebEngineWidgets", "QtWebSockets",
)

PYTHON_EXCLUDES = (
    "tkinter", "PyQt5", "PyQt6", "PySide2", "IPython", "matplotlib", "numpy", "pandas", "pytest",
    "pytestqt", "hypothesis", "confluent_kafka", "aiokafka", "kafka", "setuptools", "pip",
)
"""Importable here but never needed at run time (qasync names the other Qt bindings)."""

QT_PLUGINS_EXCLUDED = (
    # embedded and remote-display platforms (KMS/EGL full screen, framebuffer, VNC, Vulkan display)
    "platforms/libqeglfs", "platforms/libqlinuxfb", "platforms/libqminimalegl", "platforms/libqvnc",
    "platforms/libqvkkhrdisplay", "egldeviceintegrations/",
    # the GTK theme plugin loads the host's GTK 3, which then meets the bundle's older or newer
    # cairo/pango/glib: a crash waiting to happen; the XDG portal theme stays
    "platformthemes/libqgtk3",
    # image formats the app never reads (its own icons are SVG and PNG; PNG is built into QtGui)
    "imageformats/libqgif", "imageformats/libqjpeg", "imageformats/libqtga", "imageformats/libqtiff",
    "imageformats/libqwbmp", "imageformats/libqwebp",
    # Qt plugin folders some hooks add that a Widgets app without Qt networking never loads
    "networkinformation/", "tls/", "sqldrivers/", "qmltooling/", "generic/", "printsupport/",
)
"""Qt plugins left out of the bundle, as path fragments below ``plugins/``."""



def excluded_plugin(dest: str) -> bool:
    """True for a bundle path under Qt's ``plugins/`` that :data:`QT_PLUGINS_EXCLUDED` names."""
    posix = Path(dest).as_posix()
    _, found, below = posix.partition("/plugins/")
    return bool(found) and below.startswith(QT_PLUGINS_EXCLUDED)


def prune_plugins(binaries: Sequence[Entry], datas: Sequence[Entry],
                  imports_of: Callable[[str], Iterable[str]]) -> tuple[list[Entry], list[Entry]]:
    """Drop excluded Qt plugins, the libraries only they needed, and symlinks left pointing at them.

    ``imports_of(source)`` names the shared libraries a binary links to (PyInstaller's
    ``bindepend.get_imports``). A library is dropped only if an excluded plugin reaches it and
    nothing we keep does, so a name we fail to match keeps a library rather than losing one.
    """
    real = [e for e in binaries if e[2] != "SYMLINK"]
    by_name = {Path(dest).name: src for dest, src, _ in real}

    def closure(roots: Iterable[Entry]) -> set[str]:
        seen: set[str] = set()
        pending = [Path(dest).name for dest, _, _ in roots]
        while pending:
            name = pending.pop()
            if name not in seen and name in by_name:
                seen.add(name)
                pending += [Path(n).name for n in imports_of(by_name[name])]
        return seen

    dropped = [e for e in real if excluded_plugin(e[0])]
    kept = [e for e in real if not excluded_plugin(e[0])]
    only_dropped = closure(dropped) - closure(e for e in kept if not _is_plain_library(e[0]))
    kept = [e for e in kept if Path(e[0]).name not in only_dropped]
    other = [e for e in datas if not excluded_plugin(e[0])]
    present = {Path(e[0]).as_posix() for e in [*kept, *other] if e[2] != "SYMLINK"}

    def alive(entries: Iterable[Entry]) -> list[Entry]:
        return [e for e in entries if e[2] != "SYMLINK" or Path(e[1]).as_posix() in present]
    return alive([*kept, *(e for e in binaries if e[2] == "SYMLINK")]), alive(other)


def _is_plain_library(dest: str) -> bool:
    """A shared library present only as another binary's dependency (not a plugin or extension)."""
    name = Path(dest).name
    return name.startswith("lib") and ".so" in name and "/plugins/" not in Path(dest).as_posix() \
        and not name.endswith(".abi3.so") and ".cpython-" not in name


def excludes() -> list[str]:
    return [f"PySide6.{m}" for m in QT_MODULES_EXCLUDED] + list(PYTHON_EXCLUDES)


def version() -> str:
    """``protocol/_version.py``'s ``__version__``, read without importing the package."""
    text = (ROOT / "protocol" / "_version.py").read_text()
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise ValueError("no __version__ in protocol/_version.py")
    return match.group(1)


def machine() -> str:
    arch = platform.machine().lower()
    return {"amd64": "x86_64"}.get(arch, arch)


def info_plist(app_version: str) -> dict[str, object]:
    """Keys merged into the ``Info.plist`` PyInstaller writes for the macOS ``.app``."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": APP_ID,
        "CFBundleExecutable": EXECUTABLE,
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": app_version,
        "CFBundleVersion": app_version,
        "CFBundleIconFile": "app.icns",
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "LSApplicationCategoryType": "public.app-category.developer-tools",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "NSHumanReadableCopyright": "Kafka Explorer developers, Apache-2.0",
    }
