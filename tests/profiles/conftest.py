"""Profile tests: an in-memory keychain, a store in a temporary folder, and the Qt asyncio loop.

Every test here gets the in-memory keychain, so no test can touch the real OS keychain.
Async tests run on qasync's loop over the QApplication (pytest-asyncio's loop-factory hook), so
they can await futures that Qt signals resolve.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backend
import keyring.errors
import pytest
import qasync
from PySide6.QtWidgets import QApplication

from explorer.profiles.store import ProfileStore


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keychain that lives in a dict; ``fail_with`` makes every call raise (a locked keychain)."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.fail_with: Exception | None = None
        self.calls: list[tuple[str, str]] = []

    def _check(self, operation: str, key: str) -> None:
        self.calls.append((operation, key))
        if self.fail_with is not None:
            raise self.fail_with

    def get_password(self, service: str, username: str) -> str | None:
        self._check("get", username)
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check("set", username)
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check("delete", username)
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> Mapping[str, Any]:
    def qt_loop() -> qasync.QEventLoop:
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)  # as explorer.app does: closing a dialog must not stop the loop
        return qasync.QEventLoop(app)

    return {"qasync": qt_loop}


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keychain() -> Iterator[None]:
    """The situation on a headless Linux box: keyring falls back to its 'fail' backend."""
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def store(qapp: QApplication, store_dir: Path) -> ProfileStore:
    return ProfileStore(store_dir)


def files_text(folder: Path) -> str:
    """Everything written under ``folder``, to prove a secret is (not) on disk."""
    return "\n".join(p.read_text(errors="replace") for p in sorted(folder.rglob("*")) if p.is_file())
