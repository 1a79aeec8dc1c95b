"""About: one version everywhere, the licences of what we ship read from package metadata, a dialog
that opens without a nested event loop."""

from __future__ import annotations

import re
import tomllib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

import explorer
from explorer import about
from explorer.ui.about_dialog import AboutDialog, open_about_dialog
from protocol._version import __version__
from tests.packaging.conftest import ROOT

SHIPPED_LICENCES = {
    "pyside6-essentials": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
    "qasync": "BSD-2-Clause",
    "crc32c": "LGPL-2.1-or-later",
    "lz4": "BSD-3-Clause",
    "zstandard": "BSD-3-Clause",
    "cramjam": "MIT",
    "keyring": "MIT",
    "cryptography": "Apache-2.0 OR BSD-3-Clause",
}
"""The licences we say we ship under (README of issue 9), checked against installed metadata."""


@pytest.fixture(scope="module")
def info() -> about.AboutInfo:
    return about.collect()


def _by_name(info: about.AboutInfo) -> dict[str, about.Component]:
    return {about.normalise(c.name): c for c in info.components}


def test_one_version(info: about.AboutInfo) -> None:
    assert info.version == __version__ == explorer.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)?", __version__)


def test_runtime_versions(info: about.AboutInfo) -> None:
    import platform

    import PySide6
    from PySide6.QtCore import qVersion

    assert (info.qt_version, info.pyside_version) == (qVersion(), PySide6.__version__)
    assert info.python_version == platform.python_version()
    assert info.platform and info.app_id == "io.github.kafka_explorer.KafkaExplorer"


@pytest.mark.parametrize("name", sorted(SHIPPED_LICENCES))
def test_shipped_licence_matches_package_metadata(info: about.AboutInfo, name: str) -> None:
    component = _by_name(info)[name]
    assert component.licence == SHIPPED_LICENCES[name]
    declared = component.declared
    if name in about.LICENCE_CHOICES:  # we pick one option of a disjunction
        assert component.licence in [part.strip() for part in declared.split(" OR ")], declared
    elif name in about.LICENCE_CLARIFIED:  # metadata names only the family; the text decides
        assert declared == "BSD License"
        text = "\n".join(p.read_text() for p in component.licence_files)
        assert "Neither the name" in text, "a BSD licence without its third clause"
    else:
        assert declared == component.licence


def test_every_component_has_its_licence_text(info: about.AboutInfo) -> None:
    missing = [c.name for c in info.components if not c.licence_files]
    assert missing == []


def test_components_are_our_runtime_dependency_tree(info: about.AboutInfo) -> None:
    names = set(_by_name(info))
    assert set(SHIPPED_LICENCES) <= names
    assert not names & {"pytest", "pytest-qt", "hypothesis", "confluent-kafka", "ruff", "mypy", "pyinstaller"}


def test_fallback_dependency_list_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {about.normalise(re.split(r"[ <>=!~;\[]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    assert {about.normalise(d) for d in about.DEPENDENCIES} == declared


@pytest.mark.parametrize(("marker", "expected"), [
    ('sys_platform == "win32"', False),
    ('sys_platform == "linux"', True),
    ('python_version < "3.11"', False),
    ('python_version >= "3.11"', True),
    ('extra == "test"', False),
    ('sys_platform != "cygwin" and extra == "check"', False),
    ('(sys_platform == "linux" or os_name == "nt") and python_version >= "3.8"', True),
    ("platform_python_implementation != 'PyPy'", True),
])
def test_environment_markers(marker: str, expected: bool) -> None:
    env = {"sys_platform": "linux", "python_version": "3.11", "os_name": "posix",
           "platform_python_implementation": "CPython"}
    assert about.marker_applies(marker, env) is expected


def test_as_text_names_versions_and_licences(info: about.AboutInfo) -> None:
    text = info.as_text()
    assert __version__ in text and info.qt_version in text and "LGPL-3.0-only" in text


def test_dialog_opens_without_blocking(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = open_about_dialog(parent)  # returns at once: no exec(), no nested loop
    assert dialog.isVisible()
    assert dialog.windowModality() != Qt.WindowModality.ApplicationModal
    assert dialog.components.rowCount() == len(dialog.info.components)
    dialog.copy_details()
    assert __version__ in QGuiApplication.clipboard().text()
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        dialog.reject()


def test_dialog_shows_versions(qtbot: QtBot, info: about.AboutInfo) -> None:
    dialog = AboutDialog(info)
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for value in (info.version, info.qt_version, info.pyside_version, info.python_version, info.platform):
        assert value in shown
