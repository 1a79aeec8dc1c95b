"""The profiles file on disk: load with recovery from damage, save with a backup of the last good file.

A damaged file is never overwritten before a copy of it is kept; an unreadable one (permissions,
I/O error) is never overwritten at all.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from explorer.profiles.document import from_document, to_document
from explorer.profiles.files import atomic_copy, atomic_write_json, read_json
from explorer.profiles.model import ConnectionProfile, ProfileFormatError


@dataclass(slots=True)
class LoadResult:
    """What loading found. ``problem`` is a paragraph for the user; ``writable`` says saving is safe."""

    profiles: list[ConnectionProfile] = field(default_factory=list)
    problem: str | None = None
    writable: bool = True
    recovered: bool = False


class ProfileFile:
    """``profiles.json`` and its ``profiles.json.bak`` in one folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.backup = path.with_name(path.name + ".bak")
        self._main_is_good = False

    def load(self) -> LoadResult:
        if not self.path.exists():
            return LoadResult()
        try:
            profiles = from_document(read_json(self.path))
        except OSError as exc:
            return self._recover(f"The profiles file {self.path} could not be read "
                                 f"({exc.strerror or exc}).", damaged=False)
        except (ValueError, ProfileFormatError) as exc:
            return self._recover(f"The profiles file {self.path} is damaged ({exc})", damaged=True)
        self._main_is_good = True
        return LoadResult(profiles)

    def save(self, profiles: list[ConnectionProfile]) -> None:
        """Write all profiles atomically, first keeping the current good file as the backup."""
        if self._main_is_good and self.path.exists():
            with contextlib.suppress(OSError):  # a missing backup must not stop the save itself
                atomic_copy(self.path, self.backup)
        atomic_write_json(self.path, to_document(profiles))
        self._main_is_good = True

    def _recover(self, problem: str, damaged: bool) -> LoadResult:
        sentences = [problem if problem.endswith(".") else problem + "."]
        writable = False
        if damaged:
            copy = self._corrupt_copy_path()
            try:
                atomic_copy(self.path, copy)
            except OSError as exc:
                sentences.append(f"A copy of it could not be made ({exc.strerror or exc}), so no "
                                 "changes will be saved until the file is fixed or moved away.")
            else:
                sentences.append(f"It was kept as {copy.name}.")
                writable = True
        else:
            sentences.append("No changes will be saved until the file can be read.")
        profiles = self._read_backup()
        if profiles is None:
            sentences.append("No usable backup was found.")
            profiles = []
        else:
            sentences.append(f"{len(profiles)} profile(s) were restored from the backup "
                             f"{self.backup.name}.")
        return LoadResult(profiles, " ".join(sentences), writable, recovered=True)

    def _read_backup(self) -> list[ConnectionProfile] | None:
        try:
            return from_document(read_json(self.backup))
        except (OSError, ValueError):
            return None

    def _corrupt_copy_path(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        stem = self.path.name.removesuffix(".json")
        candidate = self.path.with_name(f"{stem}.damaged-{stamp}.json")
        counter = 2
        while candidate.exists():
            candidate = self.path.with_name(f"{stem}.damaged-{stamp}-{counter}.json")
            counter += 1
        return candidate
