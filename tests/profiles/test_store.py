"""ProfileStore: CRUD, keychain secrets, duplicate, delete, import and export."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from explorer.profiles.model import ConnectionProfile
from explorer.profiles.secrets import SERVICE
from explorer.profiles.store import ProfileStore, ProfileStoreError
from tests.profiles.conftest import MemoryKeyring, files_text


def secured(name: str = "prod", **changes: object) -> ConnectionProfile:
    profile = ConnectionProfile(name=name, bootstrap_servers="k1:9093,k2:9093",
                                security_protocol="SASL_SSL", sasl_mechanism="SCRAM-SHA-256",
                                username="alice", password="s3cret-pw", key_password="key-pw",
                                token="tok-123")
    return profile.copy(**changes)


def test_an_empty_store_starts_with_localhost(store: ProfileStore) -> None:
    [profile] = store.list_profiles()
    assert (profile.name, profile.bootstrap_servers, profile.security_protocol) == (
        "localhost", "localhost:9092", "PLAINTEXT")
    assert store.path.exists(), "the default profile is saved so its id stays the same"


def test_round_trip_keeps_secrets_in_the_keychain_only(qapp: object, store_dir: Path,
                                                       memory_keyring: MemoryKeyring) -> None:
    store = ProfileStore(store_dir)
    assert store.secret_storage_available() and store.secret_storage_reason() is None
    profile = secured()
    store.add(profile)

    text = store.path.read_text()
    for secret in ("s3cret-pw", "key-pw", "tok-123"):
        assert secret not in text
        assert secret not in files_text(store_dir)
    assert memory_keyring.entries[(SERVICE, f"{profile.id}:password")] == "s3cret-pw"
    assert memory_keyring.entries[(SERVICE, f"{profile.id}:token")] == "tok-123"
    assert json.loads(text)["profiles"][1]["username"] == "alice"

    reopened = ProfileStore(store_dir)
    assert reopened.get(profile.id) == profile
    assert reopened.summary(profile.id) == profile.without_secrets()
    assert [p.name for p in reopened.list_profiles()] == ["localhost", "prod"]


def test_list_does_not_read_the_keychain(store: ProfileStore, memory_keyring: MemoryKeyring) -> None:
    store.add(secured())
    reopened = ProfileStore(store.directory)
    memory_keyring.calls.clear()
    reopened.list_profiles()
    assert memory_keyring.calls == []


def test_update_changes_only_changed_secrets_and_deletes_emptied_ones(
        store: ProfileStore, memory_keyring: MemoryKeyring, qtbot: QtBot) -> None:
    profile = secured()
    store.add(profile)
    memory_keyring.calls.clear()
    with qtbot.waitSignal(store.profile_changed) as changed:
        store.update(profile.copy(password="new-pw", token=""))
    assert changed.args == [profile.id]
    assert sorted(memory_keyring.calls) == [("delete", f"{profile.id}:token"),
                                            ("set", f"{profile.id}:password")]
    assert (SERVICE, f"{profile.id}:token") not in memory_keyring.entries
    assert ProfileStore(store.directory).get(profile.id).password == "new-pw"


def test_names_must_be_unique(store: ProfileStore) -> None:
    store.add(secured("prod"))
    with pytest.raises(ProfileStoreError, match="already called “PROD”"):
        store.add(secured("PROD"))
    assert store.validate(secured("Prod"))["name"] == "Another profile is already called “Prod”."
    assert "name" not in store.validate(store.get(store.ids()[1])), "a profile does not clash with itself"


def test_duplicate_copies_secrets_under_a_new_id(store: ProfileStore) -> None:
    original = secured()
    store.add(original)
    copy_id = store.duplicate(original.id)
    second_id = store.duplicate(original.id)
    copy = store.get(copy_id)
    assert copy_id != original.id
    assert copy.name == "prod (copy)"
    assert store.get(second_id).name == "prod (copy 2)"
    assert copy.copy(id=original.id, name=original.name) == original
    assert ProfileStore(store.directory).get(copy_id).password == "s3cret-pw"


def test_delete_removes_the_profile_and_its_secrets(store: ProfileStore, qtbot: QtBot,
                                                    memory_keyring: MemoryKeyring) -> None:
    profile = secured()
    store.add(profile)
    with qtbot.waitSignal(store.profile_removed) as removed:
        store.delete(profile.id)
    assert removed.args == [profile.id]
    assert profile.id not in store
    assert not [key for key in memory_keyring.entries if key[1].startswith(profile.id)]
    assert profile.id not in ProfileStore(store.directory).ids()


def test_export_without_secrets_is_the_default(store: ProfileStore, tmp_path: Path) -> None:
    profile = secured()
    store.add(profile)
    target = tmp_path / "out.json"
    store.export_profiles([profile.id], target)
    text = target.read_text()
    assert "alice" in text
    assert not {"s3cret-pw", "key-pw", "tok-123"} & set(json.loads(text)["profiles"][0].values())


def test_export_with_secrets_is_private_and_imports_them(store: ProfileStore, tmp_path: Path,
                                                         qapp: object) -> None:
    profile = secured()
    store.add(profile)
    target = tmp_path / "out.json"
    store.export_profiles([profile.id], target, include_secrets=True)
    assert json.loads(target.read_text())["profiles"][0]["password"] == "s3cret-pw"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    other = ProfileStore(tmp_path / "elsewhere")
    [new_id] = other.import_profiles(target)
    assert new_id == profile.id, "an id that does not clash is kept"
    assert other.get(new_id) == profile


def test_import_renames_clashes_and_gives_new_ids(store: ProfileStore, tmp_path: Path,
                                                  qtbot: QtBot) -> None:
    profile = secured()
    store.add(profile)
    target = tmp_path / "out.json"
    store.export_profiles(store.ids(), target)
    with qtbot.waitSignals([store.profile_added, store.profile_added]):
        first = store.import_profiles(target)
    second = store.import_profiles(target)
    names = [store.summary(pid).name for pid in first + second]
    assert names == ["localhost (2)", "prod (2)", "localhost (3)", "prod (3)"]
    assert len(set(store.ids())) == 6
    imported = store.get(first[1])
    assert imported.password == "", "secrets were not exported, so none are imported"
    assert imported.username == "alice"


def test_import_of_a_bad_file_says_why_and_changes_nothing(store: ProfileStore, tmp_path: Path) -> None:
    before = store.ids()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}')
    with pytest.raises(ProfileStoreError, match="not a Kafka Explorer profiles file"):
        store.import_profiles(bad)
    bad.write_text("{not json")
    with pytest.raises(ProfileStoreError, match="is not valid JSON"):
        store.import_profiles(bad)
    with pytest.raises(ProfileStoreError, match="could not be read"):
        store.import_profiles(tmp_path / "missing.json")
    assert store.ids() == before


def test_a_newer_format_is_refused(store: ProfileStore, tmp_path: Path) -> None:
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "kafka-explorer-profiles", "version": 99, "profiles": []}))
    with pytest.raises(ProfileStoreError, match="newer Kafka Explorer"):
        store.import_profiles(newer)
