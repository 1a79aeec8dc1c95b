"""ProfileListModel follows the store and keeps Qt's model contract."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from explorer.profiles.list_model import ProfileListModel
from explorer.profiles.model import ConnectionProfile
from explorer.profiles.store import ProfileStore

pytestmark = pytest.mark.qt_log_level_fail("WARNING")


def test_model_contract_through_changes(store: ProfileStore, qtmodeltester: ModelTester) -> None:
    model = ProfileListModel(store)
    qtmodeltester.check(model)
    prod = ConnectionProfile(name="prod", bootstrap_servers="k:9093", security_protocol="SASL_SSL",
                             sasl_mechanism="PLAIN", username="alice", password="pw")
    store.add(prod)
    store.duplicate(prod.id)
    store.update(store.get(prod.id).copy(name="production"))
    store.delete(store.ids()[0])
    qtmodeltester.check(model)
    assert [model.index(row).data() for row in range(model.rowCount())] == ["production", "prod (copy)"]


def test_rows_follow_the_store(store: ProfileStore, qtbot: QtBot) -> None:
    model = ProfileListModel(store)
    profile = ConnectionProfile(name="dev", bootstrap_servers="dev:9092")
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        store.add(profile)
    assert inserted.args[1:] == [1, 1]
    with qtbot.waitSignal(model.dataChanged):
        store.update(profile.copy(bootstrap_servers="dev2:9092"))
    assert model.index(1).data(ProfileListModel.BootstrapRole) == "dev2:9092"
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        store.delete(store.ids()[0])
    assert removed.args[1:] == [0, 0]
    assert model.rowCount() == 1
    assert model.row_of(profile.id) == 0


def test_roles(store: ProfileStore) -> None:
    profile = ConnectionProfile(name="prod", bootstrap_servers="k:9093", security_protocol="SASL_SSL",
                                sasl_mechanism="SCRAM-SHA-512", username="alice", check_hostname=False)
    store.add(profile)
    model = ProfileListModel(store)
    index = model.index(1)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "prod"
    assert index.data(ProfileListModel.IdRole) == profile.id
    assert index.data(ProfileListModel.SecurityRole) == "SASL_SSL"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == (
        "k:9093\nSASL login over TLS (SCRAM-SHA-512 as alice)\nHostname verification is off")
    assert index.data(Qt.ItemDataRole.DecorationRole) is None
    assert b"profileId" in model.roleNames().values()
