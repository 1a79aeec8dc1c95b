"""The .desktop file and AppStream metainfo pass their validators and agree on one application id."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET

import resources
from protocol._version import __version__
from tests.packaging.conftest import ROOT

DESKTOP = resources.path(resources.DESKTOP_FILE)
METAINFO = resources.path(resources.METAINFO_FILE)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", f"desktop-file-validate has remarks:\n{done.stdout}"


def test_metainfo_validates() -> None:
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if re.match(r"^[EW]: ", line)]
    assert problems == [], done.stdout


def test_one_application_id_everywhere() -> None:
    entry = _desktop_entry()
    assert DESKTOP.name == f"{resources.APP_ID}.desktop"
    assert entry["Icon"] == resources.APP_ID
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == resources.APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert METAINFO.name == f"{resources.APP_ID}.metainfo.xml"


def test_desktop_entry_starts_the_installed_command() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    entry = _desktop_entry()
    assert entry["Exec"].split()[0] in scripts
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("provides/binary") == entry["Exec"].split()[0]


def test_newest_release_is_this_version() -> None:
    """AppStream shows the newest <release>; bump it with protocol/_version.py."""
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "no <release> in the metainfo"
    assert releases[0].get("version") == __version__


def test_running_app_matches_its_desktop_entry() -> None:
    """Wayland matches windows to the entry by desktop file name, X11 by WM_CLASS (the app name)."""
    code = ("from explorer.app import create_application; app = create_application(['kafka-explorer']); "
            "print(app.desktopFileName()); print(app.applicationName())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    desktop_file_name, app_name = done.stdout.splitlines()[-2:]
    assert desktop_file_name == resources.APP_ID
    assert _desktop_entry()["StartupWMClass"] == app_name
