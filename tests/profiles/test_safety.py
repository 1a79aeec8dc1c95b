"""What must never happen: a half-written profiles file, a lost damaged file, secrets on disk unasked."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from pytestqt.qtbot import QtBot

from explorer.profiles.model import ConnectionProfile
from explorer.profiles.secret_keeper import PLAINTEXT_SECRETS_FILE
from explorer.profiles.store import ProfileStore, ProfileStoreError
from tests.profiles.conftest import MemoryKeyring, files_text

SECRET = "pa55-w0rd-xyz"


def with_password(name: str = "prod") -> ConnectionProfile:
    return ConnectionProfile(name=name, bootstrap_servers="k:9092", security_protocol="SASL_PLAINTEXT",
                             username="alice", password=SECRET)


# --- atomic saves ---------------------------------------------------------------------------

def test_a_crash_during_save_leaves_the_old_file_intact(store: ProfileStore,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(with_password("kept"))
    before = store.path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ProfileStoreError, match=r"No space left on device.*nothing was changed"):
        store.add(with_password("lost"))
    monkeypatch.undo()

    assert store.path.read_bytes() == before
    assert [p.name for p in store.list_profiles()] == ["localhost", "kept"], "memory matches the file"
    assert not list(store.directory.glob("*.tmp")), "the temporary file was removed"
    assert [p.name for p in ProfileStore(store.directory).list_profiles()] == ["localhost", "kept"]


def test_each_save_keeps_the_previous_file_as_backup(store: ProfileStore) -> None:
    first = store.path.read_text()
    store.add(with_password())
    assert store.path.with_name("profiles.json.bak").read_text() == first


# --- damaged and unreadable files -----------------------------------------------------------

def test_a_damaged_file_is_kept_and_the_backup_restored(qapp: object, store: ProfileStore) -> None:
    store.add(with_password("one"))
    store.add(with_password("two"))  # the backup now holds localhost and "one"
    store.path.write_text('{"format": "kafka-explorer-profiles", "version": 1, "profiles": [')
    damaged = store.path.read_bytes()

    reopened = ProfileStore(store.directory)
    assert reopened.load_problem is not None
    assert "is damaged" in reopened.load_problem
    assert "2 profile(s) were restored from the backup profiles.json.bak" in reopened.load_problem
    [copy] = store.directory.glob("profiles.damaged-*.json")
    assert copy.read_bytes() == damaged
    assert [p.name for p in reopened.list_profiles()] == ["localhost", "one"]
    assert not reopened.read_only
    reopened.add(with_password("three"))
    assert copy.read_bytes() == damaged, "the copy survives later saves"
    assert json.loads(store.path.read_text())["profiles"][-1]["name"] == "three"
    assert "one" in store.path.with_name("profiles.json.bak").read_text(), \
        "the damaged file never becomes the backup"


def test_a_damaged_file_without_backup_starts_fresh_but_is_kept(qapp: object, store_dir: Path) -> None:
    store_dir.mkdir(parents=True)
    (store_dir / "profiles.json").write_text("\x00\x01 garbage")
    store = ProfileStore(store_dir)
    assert store.load_problem is not None and "No usable backup was found." in store.load_problem
    assert [p.name for p in store.list_profiles()] == ["localhost"]
    [copy] = store_dir.glob("profiles.damaged-*.json")
    assert copy.read_text() == "\x00\x01 garbage"


def test_wrong_field_types_count_as_damage(qapp: object, store_dir: Path) -> None:
    store_dir.mkdir(parents=True)
    bad = {"format": "kafka-explorer-profiles", "version": 1,
           "profiles": [{"name": "x", "check_hostname": "maybe"}]}
    (store_dir / "profiles.json").write_text(json.dumps(bad))
    store = ProfileStore(store_dir)
    assert store.load_problem is not None and "should be true or false" in store.load_problem
    assert len(list(store_dir.glob("profiles.damaged-*.json"))) == 1


def test_an_unreadable_file_is_never_overwritten(
        qapp: object, store: ProfileStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permissions or an I/O error: the file cannot even be copied, so the store goes read-only."""
    store.add(with_password())
    original = store.path.read_bytes()
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == store.path and "w" not in str(args[:1]):
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    reopened = ProfileStore(store.directory)
    monkeypatch.undo()
    assert reopened.read_only
    assert reopened.load_problem is not None and "Permission denied" in reopened.load_problem
    with pytest.raises(ProfileStoreError, match="Your change was not saved"):
        reopened.delete(reopened.ids()[0])
    assert store.path.read_bytes() == original


# --- without a keychain ---------------------------------------------------------------------

@pytest.mark.usefixtures("no_keychain")
def test_without_keychain_secrets_stay_in_memory(qapp: object, store_dir: Path) -> None:
    store = ProfileStore(store_dir)
    assert not store.secret_storage_available()
    assert store.secret_storage_mode() == "session"
    reason = store.secret_storage_reason()
    assert reason is not None and "No system keychain" in reason and "until Kafka Explorer quits" in reason

    profile = with_password()
    store.add(profile)
    store.duplicate(profile.id)
    assert store.get(profile.id).password == SECRET, "usable for this session"
    assert SECRET not in files_text(store_dir)
    assert not (store_dir / PLAINTEXT_SECRETS_FILE).exists()
    assert ProfileStore(store_dir).get(profile.id).password == "", "gone after a restart"


@pytest.mark.usefixtures("no_keychain")
def test_without_keychain_a_plaintext_file_only_when_allowed(qapp: object, store_dir: Path) -> None:
    store = ProfileStore(store_dir, allow_plaintext_secrets=True)
    assert store.secret_storage_mode() == "plaintext"
    assert not store.secret_storage_available()
    assert "UNENCRYPTED" in (store.secret_storage_reason() or "")
    profile = with_password()
    store.add(profile)
    secrets_file = store_dir / PLAINTEXT_SECRETS_FILE
    assert SECRET in secrets_file.read_text()
    assert SECRET not in store.path.read_text()
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert ProfileStore(store_dir, allow_plaintext_secrets=True).get(profile.id).password == SECRET
    store.delete(profile.id)
    assert SECRET not in secrets_file.read_text()


@pytest.mark.usefixtures("no_keychain")
def test_allowing_plaintext_later_saves_the_session_secrets(qapp: object, store_dir: Path,
                                                            qtbot: QtBot) -> None:
    store = ProfileStore(store_dir)
    profile = with_password()
    store.add(profile)
    with qtbot.waitSignal(store.secret_storage_changed):
        store.allow_plaintext_secrets()
    assert store.secret_storage_mode() == "plaintext"
    assert SECRET in (store_dir / PLAINTEXT_SECRETS_FILE).read_text()


def test_a_low_priority_keyring_is_not_a_keychain(qapp: object, store_dir: Path) -> None:
    weak = MemoryKeyring()
    weak.priority = 0
    store = ProfileStore(store_dir, keyring_backend=weak)
    assert not store.secret_storage_available()
    store.add(with_password())
    assert weak.entries == {}


def test_a_keychain_that_fails_falls_back_to_memory_and_says_so(
        store: ProfileStore, memory_keyring: MemoryKeyring, qtbot: QtBot) -> None:
    memory_keyring.fail_with = keyring.errors.KeyringLocked("the keychain is locked")
    profile = with_password()
    with qtbot.waitSignal(store.problem) as problem:
        store.add(profile)
    assert "the keychain is locked" in problem.args[0]
    assert store.secret_storage_mode() == "session"
    assert store.get(profile.id).password == SECRET
    assert SECRET not in files_text(store.directory)
