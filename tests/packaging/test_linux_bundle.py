"""The Linux bundle: built with ``packaging/build.py linux``, unpacked into a clean directory, it
starts and shows the explorer (under Xvfb when installed), carries only the Qt it needs, and its
``install.sh`` puts a valid menu entry in place. Prints the bundle's size and start time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import resources
from protocol._version import __version__
from tests.packaging.conftest import Display, LinuxBundle, run
from tests.packaging.support import assert_rendered_window, png_size, processes_mentioning

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle")]

MAX_BUNDLE_MB = 200
MAX_START_SECONDS = 20.0
UNWANTED = ("libQt6Network", "libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6WebEngine", "libQt6Sql",
            "libQt6EglFS", "libgtk-3", "libqgtk3", "QtNetwork.abi3", "QtQml.abi3", "tkinter", "_tkinter")


def _size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n[linux bundle] {line}")


def _start(bundle: LinuxBundle, display: Display, cwd: Path, *args: str,
           timeout: float = 240) -> float:
    started = time.monotonic()
    run([bundle.root / "kafka-explorer", *args], cwd=cwd, env=display.env, timeout=timeout)
    return time.monotonic() - started


def test_bundle_layout(linux_bundle: LinuxBundle) -> None:
    root, app_id = linux_bundle.root, resources.APP_ID
    assert root.name == f"kafka-explorer-{__version__}-linux-{os.uname().machine}"
    assert os.access(root / "kafka-explorer", os.X_OK)
    assert os.access(root / "install.sh", os.X_OK)
    assert (root / "share" / "applications" / f"{app_id}.desktop").is_file()
    assert (root / "share" / "metainfo" / f"{app_id}.metainfo.xml").is_file()
    assert (root / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{app_id}.svg").is_file()
    for size in (16, 32, 48, 128, 256, 512):
        png = root / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{app_id}.png"
        assert png_size(png.read_bytes()) == (size, size)


def test_bundle_carries_only_the_qt_it_uses(linux_bundle: LinuxBundle,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    internal = linux_bundle.root / "_internal"
    pyside = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.abi3.so")}
    assert pyside == {"QtCore", "QtGui", "QtWidgets"}
    files = [p.name for p in internal.rglob("*")]
    assert [f for f in files if f.startswith(UNWANTED)] == []
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for needed in ("platforms/libqxcb.so", "platforms/libqwayland.so", "iconengines/libqsvgicon.so",
                   "imageformats/libqsvg.so"):
        assert (plugins / needed).is_file(), needed
    dangling = [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []
    megabytes = _size(linux_bundle.root) / 1e6
    tarball = linux_bundle.tarball.stat().st_size / 1e6
    _report(capsys, f"size {megabytes:.0f} MB unpacked, {tarball:.0f} MB tar.gz; "
                    f"built in {linux_bundle.build_seconds:.0f} s")
    assert megabytes < MAX_BUNDLE_MB


def test_bundle_starts_and_renders(linux_bundle: LinuxBundle, display: Display, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Time to a painted main window and a clean exit, from a directory with nothing in it."""
    seconds = _start(linux_bundle, display, tmp_path, "--screenshot", "window.png", "--screenshot-delay", "0",
                     timeout=120)
    assert_rendered_window(tmp_path / "window.png")
    _report(capsys, f"start to rendered window and exit: {seconds:.2f} s on {display.description}")
    assert seconds < MAX_START_SECONDS


@pytest.mark.broker
def test_bundle_shows_the_sandbox_cluster(linux_bundle: LinuxBundle, display: Display, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    env = {**display.env, "TMPDIR": str(private_tmp)}
    started = time.monotonic()
    run([linux_bundle.root / "kafka-explorer", "--sandbox", "--screenshot", "sandbox.png"],
        cwd=cwd, env=env, timeout=240)
    seconds = time.monotonic() - started
    _report(capsys, f"--sandbox to screenshot (broker start + 1.5 s settle): {seconds:.1f} s")
    assert_rendered_window(cwd / "sandbox.png")
    assert processes_mentioning(os.fspath(private_tmp)) == [], "the sandbox broker outlived the app"


def test_install_script_installs_and_uninstalls(linux_bundle: LinuxBundle, tmp_path: Path) -> None:
    prefix, app_id = tmp_path / "prefix", resources.APP_ID
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    run(["sh", linux_bundle.root / "install.sh", "--prefix", prefix], env=env, timeout=120)
    desktop = prefix / "share" / "applications" / f"{app_id}.desktop"
    done = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout
    assert f'Exec="{prefix}/lib/kafka-explorer/kafka-explorer"' in desktop.read_text()
    assert (prefix / "share" / "icons" / "hicolor" / "48x48" / "apps" / f"{app_id}.png").is_file()
    version = run([prefix / "bin" / "kafka-explorer", "--version"], env=env, cwd=tmp_path, timeout=60)
    assert version.stdout.strip() == f"kafka-explorer {__version__}"
    run(["sh", linux_bundle.root / "install.sh", "--prefix", prefix, "--uninstall"], env=env, timeout=60)
    left = [p for p in prefix.rglob("*") if p.is_file() or p.is_symlink()]
    assert left == [], left
