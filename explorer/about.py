"""What the About dialog shows: versions, the platform, and the licences of everything we ship.

Plain data, read from the running interpreter and from installed package metadata
(``importlib.metadata``), so a wheel install and a frozen bundle both report what they really
contain. The list of components is the installed part of our runtime dependency tree.
"""

from __future__ import annotations

import os
import platform
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import resources
from protocol._version import __version__

APP_NAME = "Kafka Explorer"
DISTRIBUTION = "kafka-explorer"
DEPENDENCIES = ("PySide6-Essentials", "qasync", "crc32c", "lz4", "zstandard", "cramjam", "keyring",
                "cryptography")
"""Our direct runtime dependencies (``[project] dependencies``), for when our own metadata is absent."""

LICENCE_CHOICES = {
    "pyside6-essentials": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
}
"""Dual- or multi-licensed components and the option we ship them under."""

LICENCE_CLARIFIED = {"lz4": "BSD-3-Clause"}
"""Components whose metadata only says a licence family; the SPDX id is read from their LICENSE file."""

CLASSIFIER_SPDX = {
    "MIT License": "MIT",
    "Apache Software License": "Apache-2.0",
    "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "Python Software Foundation License": "PSF-2.0",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
}

BUNDLED_LICENCE_TEXTS = {"LGPL-3.0-only": ("licenses/LGPL-3.0.txt", "licenses/GPL-3.0.txt")}
"""Licence texts we carry in ``resources`` for components whose wheels do not include them."""

_LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Component:
    """One third-party distribution we ship, as its installed metadata describes it."""

    name: str
    version: str
    licence: str
    """The SPDX expression we ship it under."""
    declared: str
    """What the package metadata says (License-Expression, License or classifiers)."""
    licence_files: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class AboutInfo:
    app_name: str
    app_id: str
    version: str
    qt_version: str
    pyside_version: str
    python_version: str
    platform: str
    frozen: bool
    components: tuple[Component, ...]

    def as_text(self) -> str:
        """A plain-text summary for bug reports."""
        lines = [f"{self.app_name} {self.version} ({self.app_id})",
                 f"Qt {self.qt_version}, PySide6 {self.pyside_version}, Python {self.python_version}",
                 f"Platform: {self.platform}{' (bundle)' if self.frozen else ''}", "", "Components:"]
        lines += [f"  {c.name} {c.version}: {c.licence}" for c in self.components]
        return "\n".join(lines)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    values = meta.get_all(key) or []
    return str(values[0]).strip() if values else ""


def declared_licence(meta: metadata.PackageMetadata) -> str:
    """The licence a distribution declares, in the most precise form its metadata offers."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    text = _field(meta, "License")
    if text and "\n" not in text and len(text) <= 100:
        return text
    found = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " OR ".join(CLASSIFIER_SPDX.get(c, c) for c in found) or "unknown"


_MARKER_ATOM = re.compile(r"""([a-z_]+)\s*(===|==|!=|<=|>=|~=|<|>|not in|in)\s*(["'])(.*?)\3""")


def _marker_environment() -> dict[str, str]:
    return {"python_version": ".".join(platform.python_version_tuple()[:2]),
            "python_full_version": platform.python_version(), "sys_platform": sys.platform,
            "platform_system": platform.system(), "os_name": os.name,
            "platform_machine": platform.machine(),
            "platform_python_implementation": platform.python_implementation(),
            "implementation_name": sys.implementation.name}


def _compare(left: str, op: str, right: str) -> bool:
    if op in ("in", "not in"):
        return (left in right) == (op == "in")
    def key(v: str) -> tuple[int, ...] | str:
        parts = v.split(".")
        return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else v
    a, b = key(left), key(right)
    if type(a) is not type(b):
        a, b = left, right
    return {"==": a == b, "===": left == right, "!=": a != b, "<": a < b, "<=": a <= b,  # type: ignore[operator]
            ">": a > b, ">=": a >= b, "~=": a >= b}[op]  # type: ignore[operator]


def marker_applies(marker: str, environment: dict[str, str] | None = None) -> bool:
    """Evaluate a PEP 508 environment marker (no extras requested). Unknown variables count as true."""
    env = environment if environment is not None else _marker_environment()

    def atom(m: re.Match[str]) -> str:
        name, op, value = m.group(1), m.group(2), m.group(4)
        if name == "extra":
            return "False"
        return "True" if name not in env else str(_compare(env[name], op, value))
    expression = _MARKER_ATOM.sub(atom, marker)
    if not re.fullmatch(r"[\s()]*((True|False|and|or)[\s()]*)*", expression):
        return True
    return bool(eval(expression, {"__builtins__": {}}))  # only True/False/and/or/() remain


def _requirement_name(requirement: str) -> str | None:
    """The distribution a Requires-Dist line needs here, or None if its marker excludes it."""
    spec, _, marker = requirement.partition(";")
    if marker.strip() and not marker_applies(marker):
        return None
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return match.group(1) if match else None


def _top_level() -> Iterable[str]:
    try:
        requires = metadata.requires(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return DEPENDENCIES
    names = [_requirement_name(r) for r in requires or ()]
    return [n for n in names if n is not None] or DEPENDENCIES


def installed_dependencies(roots: Iterable[str] | None = None) -> Iterator[metadata.Distribution]:
    """Installed distributions our runtime needs, depth first; platform-only ones absent elsewhere."""
    seen: set[str] = set()
    pending = list(roots if roots is not None else _top_level())
    while pending:
        name = pending.pop(0)
        if normalise(name) in seen:
            continue
        seen.add(normalise(name))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python (pywin32-ctypes on Linux)
        yield dist
        pending += [n for r in dist.requires or () if (n := _requirement_name(r)) is not None]


def _licence_files(dist: metadata.Distribution, licence: str) -> tuple[Path, ...]:
    found = [Path(str(dist.locate_file(f))) for f in dist.files or ()
             if ".dist-info" in str(f) and _LICENCE_FILE.match(f.name)]
    bundled = [resources.path(p) for p in BUNDLED_LICENCE_TEXTS.get(licence, ())]
    return tuple(p for p in [*found, *bundled] if p.is_file())


def component(dist: metadata.Distribution) -> Component:
    name = dist.metadata["Name"]
    declared = declared_licence(dist.metadata)
    key = normalise(name)
    licence = LICENCE_CHOICES.get(key) or LICENCE_CLARIFIED.get(key) or declared
    return Component(name=name, version=dist.version, licence=licence, declared=declared,
                     licence_files=_licence_files(dist, licence))


def shipped_components() -> tuple[Component, ...]:
    found = [component(d) for d in installed_dependencies()]
    if getattr(sys, "frozen", False):
        found.append(Component("Python", platform.python_version(), "PSF-2.0", "PSF-2.0", ()))
    return tuple(sorted(found, key=lambda c: c.name.lower()))


def collect() -> AboutInfo:
    import PySide6
    from PySide6.QtCore import QSysInfo, qVersion

    return AboutInfo(
        app_name=APP_NAME, app_id=resources.APP_ID, version=__version__, qt_version=qVersion(),
        pyside_version=PySide6.__version__, python_version=platform.python_version(),
        platform=f"{QSysInfo.prettyProductName()} ({QSysInfo.currentCpuArchitecture()})",
        frozen=bool(getattr(sys, "frozen", False)), components=shipped_components())
