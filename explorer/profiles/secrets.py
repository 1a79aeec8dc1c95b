"""Where passwords, tokens and key passwords live: the OS keychain, or a fallback the user chose.

Two vaults share one small interface: the keychain (through ``keyring``), the normal one, and an
unencrypted file next to the profiles that is used only when there is no keychain and the user
explicitly allowed it. Otherwise secrets stay in memory for the session
(:class:`explorer.profiles.secret_keeper.SecretKeeper`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Protocol

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors

import resources
from explorer.profiles.files import atomic_write_json, read_json

SERVICE = resources.APP_ID
"""The keychain service name; entries are keyed ``"<profile id>:<field>"``."""


class SecretStorageError(Exception):
    """The keychain (or the secrets file) refused an operation; the message is a sentence."""


class SecretVault(Protocol):
    """Stores one secret per (profile id, field). Missing secrets read as ``""``."""

    kind: str

    def get(self, profile_id: str, field: str) -> str: ...

    def set(self, profile_id: str, field: str, value: str) -> None: ...

    def delete(self, profile_id: str, field: str) -> None: ...


def keychain_problem(backend: keyring.backend.KeyringBackend) -> str | None:
    """Why ``backend`` is not a usable keychain, as a sentence; ``None`` when it is usable."""
    if isinstance(backend, keyring.backends.fail.Keyring):
        return "No system keychain was found on this computer."
    try:
        priority = float(backend.priority)
    except Exception as exc:
        return f"The system keychain could not be opened ({exc})."
    if priority < 1:
        return f"The only keychain available ({type(backend).__name__}) does not store secrets safely."
    return None


class KeychainVault:
    """Secrets in the OS keychain: macOS Keychain, Windows Credential Locker, Secret Service."""

    kind = "keychain"

    def __init__(self, backend: keyring.backend.KeyringBackend) -> None:
        self._backend = backend

    def get(self, profile_id: str, field: str) -> str:
        try:
            return self._backend.get_password(SERVICE, f"{profile_id}:{field}") or ""
        except Exception as exc:
            raise SecretStorageError(f"The system keychain could not be read ({exc}).") from exc

    def set(self, profile_id: str, field: str, value: str) -> None:
        try:
            self._backend.set_password(SERVICE, f"{profile_id}:{field}", value)
        except Exception as exc:
            raise SecretStorageError(f"The system keychain refused to store a secret ({exc}).") from exc

    def delete(self, profile_id: str, field: str) -> None:
        try:
            self._backend.delete_password(SERVICE, f"{profile_id}:{field}")
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was stored
        except Exception as exc:
            raise SecretStorageError(f"The system keychain refused to delete a secret ({exc}).") from exc


class PlaintextFileVault:
    """Secrets in an UNENCRYPTED JSON file readable by the owner only. Used only with consent."""

    kind = "plaintext"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, dict[str, str]] = {}
        if path.exists():
            try:
                data = read_json(path)
            except (OSError, ValueError) as exc:
                raise SecretStorageError(f"The secrets file {path} could not be read ({exc}).") from exc
            if isinstance(data, dict):
                self._values = {pid: {k: v for k, v in fields.items() if isinstance(v, str)}
                                for pid, fields in data.items() if isinstance(fields, dict)}

    def get(self, profile_id: str, field: str) -> str:
        return self._values.get(profile_id, {}).get(field, "")

    def set(self, profile_id: str, field: str, value: str) -> None:
        self._values.setdefault(profile_id, {})[field] = value
        self._save()

    def delete(self, profile_id: str, field: str) -> None:
        fields = self._values.get(profile_id)
        if fields is None or field not in fields:
            return
        del fields[field]
        if not fields:
            del self._values[profile_id]
        self._save()

    def _save(self) -> None:
        try:
            atomic_write_json(self.path, self._values, private=True)
        except OSError as exc:
            raise SecretStorageError(f"The secrets file {self.path} could not be written ({exc}).") from exc


def current_keyring() -> keyring.backend.KeyringBackend:
    """The backend ``keyring`` chose (or was told to use), never raising."""
    with contextlib.suppress(Exception):
        return keyring.get_keyring()
    return keyring.backends.fail.Keyring()
