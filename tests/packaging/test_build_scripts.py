"""Lint what cannot run here: the macOS Info.plist and entitlements, the Inno Setup script, the
Windows and macOS build plans (dry runs); and the pieces of the Linux build that can be unit-tested."""

from __future__ import annotations

import importlib.util
import plistlib
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import resources
from protocol._version import __version__
from tests.packaging.conftest import ROOT

PACKAGING = ROOT / "packaging"
ISS = PACKAGING / "windows" / "kafka-explorer.iss"


def _load(name: str) -> ModuleType:
    """Import a packaging script by path (``packaging/`` is no package: it would shadow PyPI's)."""
    path = PACKAGING / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"kafka_explorer_packaging_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _load("bundle")


def test_packaging_is_not_a_python_package() -> None:
    assert not (PACKAGING / "__init__.py").exists(), "packaging/__init__.py would shadow PyPI's packaging"


def test_bundle_metadata_matches_the_app() -> None:
    assert bundle.APP_ID == resources.APP_ID
    assert bundle.version() == __version__


def test_info_plist_is_valid_and_complete() -> None:
    keys = bundle.info_plist(__version__)
    parsed = plistlib.loads(plistlib.dumps(keys, fmt=plistlib.FMT_XML))
    assert parsed["CFBundleIdentifier"] == resources.APP_ID
    assert parsed["LSMinimumSystemVersion"] == "11.0"
    assert parsed["NSHighResolutionCapable"] is True
    assert parsed["CFBundleShortVersionString"] == parsed["CFBundleVersion"] == __version__
    assert parsed["CFBundlePackageType"] == "APPL"
    assert parsed["CFBundleExecutable"] == bundle.EXECUTABLE
    assert (ROOT / "resources" / "icons" / parsed["CFBundleIconFile"]).is_file()


def test_entitlements_are_a_minimal_valid_plist() -> None:
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


def _iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if match := re.fullmatch(r"\[(\w+)\]", line):
            current = match.group(1)
            sections[current] = []
        else:
            assert current, f"directive outside a section: {line}"
            sections[current].append(line)
    return sections


def test_inno_setup_script_lints() -> None:
    """ISCC is Windows-only; check structure, defines, referenced files and names here."""
    text = ISS.read_text()
    sections = _iss_sections(text)
    assert {"Setup", "Files", "Icons", "Run", "Languages"} <= set(sections)
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["PrivilegesRequired"] == "lowest"
    for key in ("SetupIconFile", "LicenseFile"):
        assert (ISS.parent / setup[key].replace("\\", "/")).resolve().is_file(), key
    defined = set(re.findall(r"#define (\w+)", text)) | {"AppVersion"}  # AppVersion: /D from build.py
    used = set(re.findall(r"\{#(\w+)", text)) - {"StringChange"}
    assert used <= defined, used - defined
    build_py = (PACKAGING / "build.py").read_text()
    for define in ("AppVersion", "BundleDir", "OutputDir"):
        assert f"/D{define}=" in build_py
    assert setup["OutputBaseFilename"] == "kafka-explorer-{#AppVersion}-windows-x86_64-setup"
    assert any('Source: "{#BundleDir}\\*"' in line and "recursesubdirs" in line for line in sections["Files"])
    assert f'#define AppExe "{bundle.EXECUTABLE}.exe"' in text


@pytest.mark.parametrize("target", ["windows", "macos", "linux"])
def test_build_plan_dry_run(target: str, tmp_path: Path) -> None:
    argv = [sys.executable, str(PACKAGING / "build.py"), target, "--dry-run", "--dist", str(tmp_path)]
    if target == "macos":
        argv += ["--sign", "Developer ID Application: Example (TEAM123456)", "--notarize", "profile"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "-m PyInstaller" in done.stdout and "kafka-explorer.spec" in done.stdout
    assert list(tmp_path.iterdir()) == [], "a dry run wrote files"
    expected = {"windows": ["ISCC", "/DAppVersion=" + __version__],
                "macos": ["codesign --verify", "notarytool submit", "stapler staple",
                          "<key>LSMinimumSystemVersion</key>"],
                "linux": [f"kafka-explorer-{__version__}-linux-"]}[target]
    for fragment in expected:
        assert fragment in done.stdout


def test_build_refuses_to_cross_build() -> None:
    other = "windows" if sys.platform != "win32" else "linux"
    done = subprocess.run([sys.executable, str(PACKAGING / "build.py"), other], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "cannot cross-build" in done.stderr


def test_spec_and_shell_scripts_parse() -> None:
    compile((PACKAGING / "kafka-explorer.spec").read_text(), "kafka-explorer.spec", "exec")
    done = subprocess.run(["sh", "-n", str(PACKAGING / "linux" / "install.sh")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_excluded_qt_modules_are_not_used() -> None:
    used = set(bundle.QT_MODULES_USED)
    assert not used & set(bundle.QT_MODULES_EXCLUDED)
    texts = [p.read_text() for d in ("explorer", "protocol", "resources") for p in (ROOT / d).rglob("*.py")]
    imported = {m for text in texts for m in re.findall(r"PySide6\.(Qt\w+)", text)}
    imported |= {m for text in texts for names in re.findall(r"from PySide6 import \(?([\w, ]+)", text)
                 for m in re.findall(r"Qt\w+", names)}
    assert imported <= used, f"bundle.py leaves out {imported - used}; add them to QT_MODULES_USED"


def test_prune_plugins_drops_only_what_excluded_plugins_alone_need() -> None:
    graph = {
        "/s/libqxcb.so": ["libQt6XcbQpa.so.6", "libQt6Gui.so.6"],
        "/s/libqgtk3.so": ["libgtk-3.so.0", "libcairo.so.2", "libQt6Gui.so.6"],
        "/s/libcairo.so.2": ["libpixman.so.0"],
        "/s/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/s/libQt6Gui.so.6": ["libpng16.so.16"],
    }
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/s/libqgtk3.so", "BINARY"),
        ("PySide6/QtGui.abi3.so", "/s/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/s/libQt6XcbQpa.so.6", "BINARY"),
        ("libcairo.so.2", "/s/libcairo.so.2", "BINARY"),
        ("libpixman.so.0", "/s/libpixman.so.0", "BINARY"),
        ("libpng16.so.16", "/s/libpng16.so.16", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
    ]
    datas = [("libcairo-link.so", "libcairo.so.2", "SYMLINK"),
             ("resources/icons/app.svg", "/s/app.svg", "DATA")]
    kept, kept_datas = bundle.prune_plugins(binaries, datas, lambda src: graph.get(src, []))
    names = {Path(dest).name for dest, _, _ in kept}
    assert names == {"libqxcb.so", "QtGui.abi3.so", "libQt6Gui.so.6", "libQt6XcbQpa.so.6", "libpng16.so.16"}
    assert ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK") in kept
    assert kept_datas == [("resources/icons/app.svg", "/s/app.svg", "DATA")]
