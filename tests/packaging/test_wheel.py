"""The wheel and sdist: resources in, tests and benchmarks out; installed into a fresh virtual
environment, ``kafka-explorer`` opens its window on the sandbox broker from any directory."""

from __future__ import annotations

import os
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

import resources
from protocol._version import __version__
from tests.packaging.conftest import Dists, Venv, clean_env, run
from tests.packaging.support import assert_rendered_window, processes_mentioning

pytestmark = pytest.mark.slow

RESOURCE_FILES = [
    "resources/__init__.py", "resources/icons/app.svg", "resources/icons/app.ico", "resources/icons/app.icns",
    "resources/icons/app/16x16.png", "resources/icons/app/512x512.png",
    f"resources/{resources.DESKTOP_FILE}", f"resources/{resources.METAINFO_FILE}",
    "resources/licenses/LGPL-3.0.txt", "resources/licenses/GPL-3.0.txt", "resources/licenses/Apache-2.0.txt",
    *(f"resources/icons/{v}/{n}.svg" for v in ("light", "dark") for n in resources.ICON_NAMES),
]
NEVER_SHIPPED = ("tests/", "bench/", "tools/", "packaging/", ".ci/", "conftest.py", "__pycache__", ".pyc")


def _wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def _sdist_names(sdist: Path) -> list[str]:
    with tarfile.open(sdist) as archive:
        return [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]


def test_wheel_holds_resources_and_no_tests(dists: Dists) -> None:
    names = _wheel_names(dists.wheel)
    assert set(RESOURCE_FILES) <= set(names), set(RESOURCE_FILES) - set(names)
    assert [n for n in names if any(bad in n for bad in NEVER_SHIPPED)] == []
    assert {n.split("/")[0] for n in names if "/" in n} == {
        "explorer", "protocol", "resources", f"kafka_explorer-{__version__}.dist-info"}


def test_sdist_holds_resources_and_no_tests(dists: Dists) -> None:
    names = _sdist_names(dists.sdist)
    assert set(RESOURCE_FILES) <= set(names), set(RESOURCE_FILES) - set(names)
    assert [n for n in names if any(bad in n for bad in NEVER_SHIPPED)] == []


def test_wheel_metadata(dists: Dists) -> None:
    with zipfile.ZipFile(dists.wheel) as archive:
        info = f"kafka_explorer-{__version__}.dist-info"
        meta = HeaderParser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "Apache-2.0"
    assert "[gui_scripts]\nkafka-explorer = explorer.__main__:main" in entry_points


def test_installed_app_finds_its_resources_in_the_venv(wheel_venv: Venv, tmp_path: Path) -> None:
    done = run([wheel_venv.python, "-c", "import resources; print(resources.path('icons/app.svg'))"],
               cwd=tmp_path, env=clean_env(), timeout=60)
    found = Path(done.stdout.strip())
    assert found.is_file() and found.is_relative_to(wheel_venv.root), found
    version = run([wheel_venv.bin / "kafka-explorer", "--version"], cwd=tmp_path, env=clean_env(), timeout=60)
    assert version.stdout.strip() == f"kafka-explorer {__version__}"


@pytest.mark.broker
def test_installed_command_renders_the_sandbox_window(wheel_venv: Venv, tmp_path: Path) -> None:
    """From an empty directory, with a private TMPDIR so we can tell our broker from anyone else's."""
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    env = {**clean_env(), "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(private_tmp)}
    run([wheel_venv.bin / "kafka-explorer", "--sandbox", "--screenshot", "window.png"],
        cwd=cwd, env=env, timeout=240)
    assert_rendered_window(cwd / "window.png")
    assert processes_mentioning(os.fspath(private_tmp)) == [], "the sandbox broker outlived the app"
