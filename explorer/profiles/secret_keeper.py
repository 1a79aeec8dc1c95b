"""Chooses where secrets go, caches them, and falls back without ever writing them silently.

Order of preference: the OS keychain; else, only with the user's consent, an unencrypted file;
else memory, for this session only. A keychain that fails at run time is treated like a missing
one for the rest of the session, and the failure is reported.
"""

from __future__ import annotations

from pathlib import Path

import keyring.backend
from PySide6.QtCore import QObject, Signal

from explorer.profiles.choices import SECRET_FIELDS
from explorer.profiles.model import ConnectionProfile
from explorer.profiles.secrets import (
    KeychainVault,
    PlaintextFileVault,
    SecretStorageError,
    SecretVault,
    current_keyring,
    keychain_problem,
)

PLAINTEXT_SECRETS_FILE = "secrets.UNENCRYPTED.json"


class SecretKeeper(QObject):
    """Secrets of all profiles, by profile id and field name."""

    failed = Signal(str)
    """A secret could not be read, stored or deleted; a sentence that also says what happens now."""
    mode_changed = Signal()
    """:attr:`mode` changed."""

    def __init__(self, directory: Path, backend: keyring.backend.KeyringBackend | None,
                 allow_plaintext: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plaintext_path = directory / PLAINTEXT_SECRETS_FILE
        self._allow_plaintext = allow_plaintext
        self._cache: dict[str, dict[str, str]] = {}
        backend = backend if backend is not None else current_keyring()
        self._problem = keychain_problem(backend)
        self._vault: SecretVault | None = None
        if self._problem is None:
            self._vault = KeychainVault(backend)
        elif allow_plaintext:
            self._vault = self._open_plaintext()

    @property
    def mode(self) -> str:
        """``"keychain"``, ``"plaintext"`` or ``"session"``."""
        return self._vault.kind if self._vault is not None else "session"

    def reason(self) -> str | None:
        """Why secrets are not in the keychain and where they are instead; ``None`` if they are."""
        if self.mode == "keychain":
            return None
        if self.mode == "plaintext":
            return (f"{self._problem} As you allowed, passwords and tokens are stored UNENCRYPTED "
                    f"in {self._plaintext_path}.")
        return (f"{self._problem} Passwords and tokens are kept only until Kafka Explorer quits; "
                "you will have to enter them again next time.")

    def allow_plaintext(self) -> None:
        """Move to the unencrypted file (when there is no keychain), taking this session's secrets."""
        self._allow_plaintext = True
        if self.mode != "session":
            return
        vault = self._open_plaintext()
        if vault is None:
            return
        try:
            for profile_id, values in self._cache.items():
                for field, value in values.items():
                    vault.set(profile_id, field, value)
        except SecretStorageError as exc:
            self.failed.emit(f"{exc} Secrets stay in memory for this session.")
            return
        self._vault = vault
        self.mode_changed.emit()

    def read(self, profile_id: str) -> dict[str, str]:
        """The profile's secrets that have a value (from the cache after the first read)."""
        if profile_id not in self._cache:
            values: dict[str, str] = {}
            try:
                for field in SECRET_FIELDS:
                    if self._vault is not None and (value := self._vault.get(profile_id, field)):
                        values[field] = value
            except SecretStorageError as exc:
                self._fall_back(str(exc))
            self._cache[profile_id] = values
        return dict(self._cache[profile_id])

    def write(self, profile_id: str, profile: ConnectionProfile, new: bool = False) -> None:
        """Store the profile's secrets; empty ones are deleted. Only changed values touch the vault."""
        before = {} if new else self.read(profile_id)
        wanted = profile.secrets()
        self._cache[profile_id] = dict(wanted)
        for field in SECRET_FIELDS:
            value = wanted.get(field, "")
            if self._vault is None or value == before.get(field, ""):
                continue
            try:
                if value:
                    self._vault.set(profile_id, field, value)
                else:
                    self._vault.delete(profile_id, field)
            except SecretStorageError as exc:
                self._fall_back(str(exc))

    def forget(self, profile_id: str) -> None:
        """Delete every secret of a profile (from the vault and from memory)."""
        self._cache.pop(profile_id, None)
        if self._vault is None:
            return
        try:
            for field in SECRET_FIELDS:
                self._vault.delete(profile_id, field)
        except SecretStorageError as exc:
            self.failed.emit(f"{exc} Some secrets of the deleted profile may remain in the keychain.")

    def _fall_back(self, problem: str) -> None:
        self._problem = problem
        plaintext_ok = self._allow_plaintext and self.mode == "keychain"
        self._vault = self._open_plaintext() if plaintext_ok else None
        try:
            for profile_id, values in self._cache.items():
                for field, value in values.items():
                    if self._vault is not None:
                        self._vault.set(profile_id, field, value)
        except SecretStorageError:
            self._vault = None
        self.failed.emit(self.reason() or problem)
        self.mode_changed.emit()

    def _open_plaintext(self) -> PlaintextFileVault | None:
        try:
            return PlaintextFileVault(self._plaintext_path)
        except SecretStorageError as exc:
            self.failed.emit(f"{exc} Secrets stay in memory for this session.")
            return None
