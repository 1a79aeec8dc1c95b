"""Fixtures for the packaging tests: the wheel and sdist, a fresh venv, the Linux bundle, a display.

Each expensive artefact is built once per session, outside the repository, with the same commands
a person would type (``python -m build``, ``python packaging/build.py linux``).
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Dists:
    wheel: Path
    sdist: Path


@dataclass(frozen=True, slots=True)
class Venv:
    root: Path
    python: Path
    bin: Path


@dataclass(frozen=True, slots=True)
class LinuxBundle:
    root: Path
    """The unpacked tarball, in a directory of its own."""
    tarball: Path
    build_seconds: float


@dataclass(frozen=True, slots=True)
class Display:
    env: dict[str, str]
    """A clean environment (no PYTHONPATH, no virtualenv) pointing Qt at this display."""
    description: str


def run(argv: list[str | Path], *, timeout: float, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=timeout,
                          **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{argv} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-4000:]}"
    return done


def clean_env() -> dict[str, str]:
    dropped = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY",
               "QT_PLUGIN_PATH", "QT_QPA_PLATFORM_PLUGIN_PATH", "LD_LIBRARY_PATH"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """``python -m build``: the sdist, then the wheel built from it."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=out, timeout=600)
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return Dists(wheel, sdist)


@pytest.fixture(scope="session")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory, dists: Dists) -> Venv:
    """A new virtual environment with nothing but the wheel and its dependencies from PyPI."""
    root = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", root], timeout=120)
    bindir = root / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / "python"
    run([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", dists.wheel],
        env=clean_env(), timeout=900)
    return Venv(root, python, bindir)


@pytest.fixture(scope="session")
def linux_bundle(tmp_path_factory: pytest.TempPathFactory) -> LinuxBundle:
    """``python packaging/build.py linux``, its tarball unpacked into an otherwise empty directory."""
    out = tmp_path_factory.mktemp("bundle-build")
    started = time.monotonic()
    run([sys.executable, ROOT / "packaging" / "build.py", "linux", "--dist", out / "dist",
         "--work", out / "work"], cwd=out, timeout=900)
    build_seconds = time.monotonic() - started
    (tarball,) = (out / "dist").glob("kafka-explorer-*-linux-*.tar.gz")
    unpacked = tmp_path_factory.mktemp("bundle-unpacked")
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="data")
    (root,) = unpacked.iterdir()
    return LinuxBundle(root, tarball, build_seconds)


def _start_xvfb(xvfb: str) -> tuple[subprocess.Popen[bytes], str]:
    read_end, write_end = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x1024x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write_end,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    received = b""
    deadline = time.monotonic() + 30
    try:  # Xvfb writes the number, then "\n": closing the pipe before the newline kills it
        while not received.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(read_end, 64) if ready else b""
            if not chunk:
                break
            received += chunk
    finally:
        os.close(read_end)
    number = received.decode().strip()
    if not received.endswith(b"\n") or not number.isdigit() or proc.poll() is not None:
        proc.kill()
        raise RuntimeError(f"Xvfb did not start (reported {received!r})")
    return proc, f":{number}"


@pytest.fixture(scope="session")
def display() -> Iterator[Display]:
    """An X server (Xvfb, so the bundle's xcb plugin is exercised) or, without Xvfb, offscreen Qt."""
    env = clean_env()
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
        yield Display(env, "offscreen (Xvfb not installed)")
        return
    proc, name = _start_xvfb(xvfb)
    env.update(DISPLAY=name, QT_QPA_PLATFORM="xcb")
    try:
        yield Display(env, f"Xvfb {name} (xcb)")
    finally:
        proc.terminate()
        proc.wait(10)
