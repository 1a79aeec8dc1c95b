"""The saved connection profiles: non-secret fields in a JSON file, secrets in the OS keychain.

Every change is saved before it is announced: a failed save raises :class:`ProfileStoreError` and
leaves both the file and the in-memory list as they were. Views adapt the signals (see
:class:`explorer.profiles.list_model.ProfileListModel`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import keyring.backend
from PySide6.QtCore import QObject, QStandardPaths, Signal

from explorer.profiles.document import from_document, to_document
from explorer.profiles.files import atomic_write_json, read_json
from explorer.profiles.model import ConnectionProfile, ProfileFormatError, default_profile
from explorer.profiles.persistence import ProfileFile
from explorer.profiles.secret_keeper import SecretKeeper

PROFILES_FILE = "profiles.json"


class ProfileStoreError(Exception):
    """A change could not be saved, or an import/export failed; the message is a sentence."""


def default_directory() -> Path:
    """The app's configuration folder (``QStandardPaths.AppConfigLocation``)."""
    location = QStandardPaths.StandardLocation.AppConfigLocation
    return Path(QStandardPaths.writableLocation(location))


class ProfileStore(QObject):
    """Connection profiles, in the order the user created them."""

    profile_added = Signal(str)
    """A profile with this id was added (at the end of :meth:`ids`)."""
    profile_changed = Signal(str)
    """The profile with this id was updated."""
    profile_removed = Signal(str)
    """The profile with this id was deleted."""
    secret_storage_changed = Signal()
    """Where secrets are kept changed (the keychain failed, or plaintext storage was allowed)."""
    problem = Signal(str)
    """Something went wrong that the user should read (a keychain error), as a sentence."""

    def __init__(self, directory: Path | None = None, *, allow_plaintext_secrets: bool = False,
                 keyring_backend: keyring.backend.KeyringBackend | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = Path(directory) if directory is not None else default_directory()
        self._file = ProfileFile(self.directory / PROFILES_FILE)
        self._secrets = SecretKeeper(self.directory, keyring_backend, allow_plaintext_secrets)
        self._secrets.failed.connect(self.problem)
        self._secrets.mode_changed.connect(self.secret_storage_changed)
        loaded = self._file.load()
        self._profiles: dict[str, ConnectionProfile] = {}
        for profile in loaded.profiles:
            if profile.id in self._profiles:
                profile = profile.copy(id=ConnectionProfile().id)
            self._profiles[profile.id] = profile.without_secrets()
        self.load_problem: str | None = loaded.problem
        """What went wrong reading the profiles file at start, as a paragraph; ``None`` if nothing."""
        self.read_only = not loaded.writable
        if not self.read_only and (loaded.recovered or not self._profiles):
            self._save_initial()

    @property
    def path(self) -> Path:
        return self._file.path

    # --- secret storage -------------------------------------------------------------------

    def secret_storage_available(self) -> bool:
        """Whether secrets are kept in the OS keychain."""
        return self._secrets.mode == "keychain"

    def secret_storage_reason(self) -> str | None:
        """Why secrets are not in the keychain, and where they are instead; ``None`` when they are."""
        return self._secrets.reason()

    def secret_storage_mode(self) -> str:
        """``"keychain"``, ``"plaintext"`` (a file the user allowed) or ``"session"`` (memory only)."""
        return self._secrets.mode

    def allow_plaintext_secrets(self) -> None:
        """The user agreed: without a keychain, keep secrets in an unencrypted file from now on."""
        self._secrets.allow_plaintext()

    # --- reading --------------------------------------------------------------------------

    def ids(self) -> list[str]:
        return list(self._profiles)

    def list_profiles(self) -> list[ConnectionProfile]:
        """All profiles WITHOUT their secrets (reading those may prompt to unlock the keychain)."""
        return [profile.copy() for profile in self._profiles.values()]

    def summary(self, profile_id: str) -> ConnectionProfile:
        """One profile without secrets, cheaply. Raises ``KeyError`` for an unknown id."""
        return self._profiles[profile_id].copy()

    def get(self, profile_id: str) -> ConnectionProfile:
        """One profile with its secrets. Raises ``KeyError`` for an unknown id."""
        profile = self._profiles[profile_id]
        return profile.copy(**self._secrets.read(profile_id))

    def __len__(self) -> int:
        return len(self._profiles)

    def __contains__(self, profile_id: object) -> bool:
        return profile_id in self._profiles

    def taken_names(self, excluding_id: str | None = None) -> list[str]:
        return [p.name for p in self._profiles.values() if p.id != excluding_id]

    def validate(self, profile: ConnectionProfile) -> dict[str, str]:
        """:meth:`ConnectionProfile.validate` against the names of the other profiles."""
        return profile.validate(self.taken_names(excluding_id=profile.id))

    # --- changing -------------------------------------------------------------------------

    def add(self, profile: ConnectionProfile) -> str:
        """Save a new profile (secrets to the vault) and return its id."""
        if profile.id in self._profiles:
            raise ProfileStoreError(f"A profile with the id {profile.id} already exists.")
        self._check_name(profile)
        self._commit({**self._profiles, profile.id: profile.without_secrets()})
        self._secrets.write(profile.id, profile, new=True)
        self.profile_added.emit(profile.id)
        return profile.id

    def update(self, profile: ConnectionProfile) -> None:
        """Replace the stored profile that has ``profile.id``; empty secrets are deleted."""
        if profile.id not in self._profiles:
            raise ProfileStoreError(f"The profile “{profile.name}” no longer exists.")
        self._check_name(profile)
        self._commit({**self._profiles, profile.id: profile.without_secrets()})
        self._secrets.write(profile.id, profile)
        self.profile_changed.emit(profile.id)

    def duplicate(self, profile_id: str) -> str:
        """Copy a profile, secrets included, as “Name (copy)”; returns the new id."""
        original = self.get(profile_id)
        taken = {name.strip().casefold() for name in self.taken_names()}
        name, n = f"{original.name} (copy)", 2
        while name.casefold() in taken:
            name, n = f"{original.name} (copy {n})", n + 1
        return self.add(original.copy(id=ConnectionProfile().id, name=name))

    def delete(self, profile_id: str) -> None:
        """Remove a profile and its secrets."""
        if profile_id not in self._profiles:
            return
        remaining = {pid: p for pid, p in self._profiles.items() if pid != profile_id}
        self._commit(remaining)
        self._secrets.forget(profile_id)
        self.profile_removed.emit(profile_id)

    # --- import and export ----------------------------------------------------------------

    def export_profiles(self, ids: Iterable[str], path: Path | str, include_secrets: bool = False) -> None:
        """Write the chosen profiles to a JSON file; secrets only when asked for."""
        profiles = [self.get(pid) if include_secrets else self.summary(pid) for pid in ids]
        try:
            atomic_write_json(Path(path), to_document(profiles, include_secrets), private=include_secrets)
        except OSError as exc:
            raise ProfileStoreError(f"The profiles could not be exported to {path} "
                                    f"({exc.strerror or exc}).") from exc

    def import_profiles(self, path: Path | str) -> list[str]:
        """Add the profiles of an export file; clashing ids get new ones, clashing names “(2)”."""
        try:
            incoming = from_document(read_json(Path(path)))
        except OSError as exc:
            raise ProfileStoreError(f"{path} could not be read ({exc.strerror or exc}).") from exc
        except ProfileFormatError as exc:
            raise ProfileStoreError(f"{path} could not be imported: {exc}") from exc
        except ValueError as exc:
            raise ProfileStoreError(f"{path} is not valid JSON ({exc}).") from exc
        added: dict[str, ConnectionProfile] = {}
        names = [p.name for p in self._profiles.values()]
        for profile in incoming:
            new_id = profile.id
            if new_id in self._profiles or new_id in added:
                new_id = ConnectionProfile().id
            name = _free_name(profile.name.strip() or "Imported profile", names)
            names.append(name)
            added[new_id] = profile.copy(id=new_id, name=name)
        self._commit({**self._profiles, **{pid: p.without_secrets() for pid, p in added.items()}})
        for pid, profile in added.items():
            self._secrets.write(pid, profile, new=True)
            self.profile_added.emit(pid)
        return list(added)

    # --- internals ------------------------------------------------------------------------

    def _commit(self, profiles: dict[str, ConnectionProfile]) -> None:
        if self.read_only:
            raise ProfileStoreError(f"{self.load_problem} Your change was not saved.")
        try:
            self._file.save(list(profiles.values()))
        except OSError as exc:
            raise ProfileStoreError(f"The profiles could not be saved to {self.path} "
                                    f"({exc.strerror or exc}); nothing was changed.") from exc
        self._profiles = profiles

    def _save_initial(self) -> None:
        if not self._profiles:
            profile = default_profile()
            self._profiles[profile.id] = profile
        try:
            self._file.save(list(self._profiles.values()))
        except OSError as exc:
            self.load_problem = (f"The profiles could not be saved to {self.path} "
                                 f"({exc.strerror or exc}).")

    def _check_name(self, profile: ConnectionProfile) -> None:
        taken = {name.strip().casefold() for name in self.taken_names(excluding_id=profile.id)}
        if not profile.name.strip():
            raise ProfileStoreError("A profile needs a name.")
        if profile.name.strip().casefold() in taken:
            raise ProfileStoreError(f"Another profile is already called “{profile.name.strip()}”.")


def _free_name(wanted: str, taken: Iterable[str]) -> str:
    """``wanted`` if no name in ``taken`` matches it (ignoring case), else “wanted (2)”, “(3)”…"""
    used = {name.strip().casefold() for name in taken}
    candidate, n = wanted, 2
    while candidate.casefold() in used:
        candidate, n = f"{wanted} ({n})", n + 1
    return candidate
