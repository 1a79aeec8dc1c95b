"""ProfileListWidget: the buttons drive the store through window-modal questions, no nested loops."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from explorer.profiles.model import ConnectionProfile
from explorer.profiles.store import ProfileStore
from explorer.ui.profile_dialog import ProfileDialog
from explorer.ui.profile_list import ProfileListWidget

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"),
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture
def widget(store: ProfileStore, qtbot: QtBot) -> ProfileListWidget:
    store.add(ConnectionProfile(name="prod", bootstrap_servers="k:9093", security_protocol="SASL_SSL",
                                sasl_mechanism="PLAIN", username="alice", password="pw-secret"))
    widget = ProfileListWidget(store)
    qtbot.addWidget(widget)
    widget.resize(640, 360)
    widget.show()
    return widget


async def shown(kind: type[QWidget]) -> QWidget:
    """The dialog of this kind once it is on screen (they open asynchronously)."""
    for _ in range(300):
        for candidate in QApplication.topLevelWidgets():
            if isinstance(candidate, kind) and candidate.isVisible():
                return candidate
        await asyncio.sleep(0.01)
    raise AssertionError(f"no {kind.__name__} appeared")


async def press(box_kind: type[QMessageBox], text: str) -> None:
    box = await shown(box_kind)
    assert isinstance(box, QMessageBox)
    [button] = [b for b in box.buttons() if b.text().replace("&", "") == text]
    button.click()


async def settle(widget: ProfileListWidget) -> None:
    for _ in range(300):
        if not widget._tasks:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("a profile action never finished")


async def choose_file(target: Path) -> None:
    """Type a path into the (widget-based, offscreen) file dialog, as a user would, and accept."""
    picker = await shown(QFileDialog)
    assert isinstance(picker, QFileDialog)
    name_edit = picker.findChild(QLineEdit, "fileNameEdit")
    assert name_edit is not None
    name_edit.setText(str(target))
    picker.accept()


def names(widget: ProfileListWidget) -> list[str]:
    return [widget.proxy.index(row, 0).data() for row in range(widget.proxy.rowCount())]


def test_profiles_are_listed_by_name_and_buttons_follow_the_selection(widget: ProfileListWidget) -> None:
    assert names(widget) == ["localhost", "prod"]
    assert widget.current_id() == widget.store.ids()[0]
    assert widget.edit_button.isEnabled() and widget.connect_button.isEnabled()
    widget.view.selectAll()
    assert not widget.edit_button.isEnabled() and widget.delete_button.isEnabled()
    widget.view.clearSelection()
    assert not widget.delete_button.isEnabled()
    assert widget.export_button.text().replace("&", "") == "Export All…"


def test_connect_and_test_name_the_profile(widget: ProfileListWidget, qtbot: QtBot) -> None:
    prod = widget.store.ids()[1]
    widget.select(prod)
    with qtbot.waitSignal(widget.connect_requested) as connect:
        qtbot.mouseClick(widget.connect_button, Qt.MouseButton.LeftButton)
    assert connect.args == [prod]
    with qtbot.waitSignal(widget.test_requested) as test:
        widget.test_button.click()
    assert test.args == [prod]
    with qtbot.waitSignal(widget.connect_requested) as activated:
        qtbot.keyClick(widget.view, Qt.Key.Key_Return)
    assert activated.args == [prod]


async def test_new_profile_through_the_editor(widget: ProfileListWidget, qtbot: QtBot) -> None:
    widget.new_button.click()
    dialog = await shown(ProfileDialog)
    assert isinstance(dialog, ProfileDialog)
    qtbot.keyClicks(dialog.name, "Prod")
    assert not dialog.save_button.isEnabled(), "“Prod” clashes with “prod”"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "staging")
    qtbot.keyClicks(dialog.bootstrap, "staging:9092")
    dialog.save_button.click()
    await settle(widget)
    assert names(widget) == ["localhost", "prod", "staging"]
    assert widget.store.summary(widget.current_id() or "").name == "staging"


async def test_edit_keeps_the_secret_and_saves_changes(widget: ProfileListWidget) -> None:
    prod = widget.store.ids()[1]
    widget.select(prod)
    widget.edit_button.click()
    dialog = await shown(ProfileDialog)
    assert isinstance(dialog, ProfileDialog)
    assert dialog.password.text() == "pw-secret"
    dialog.bootstrap.setText("k1:9093,k2:9093")
    dialog.save_button.click()
    await settle(widget)
    assert widget.store.get(prod).bootstrap_servers == "k1:9093,k2:9093"
    assert widget.store.get(prod).password == "pw-secret"


async def test_duplicate_and_delete_with_confirmation(widget: ProfileListWidget) -> None:
    widget.select(widget.store.ids()[1])
    widget.duplicate_button.click()
    await settle(widget)
    assert names(widget) == ["localhost", "prod", "prod (copy)"]
    copy_id = widget.current_id()
    widget.delete_button.click()
    await press(QMessageBox, "Cancel")
    await settle(widget)
    assert copy_id in widget.store
    widget.delete_button.click()
    await press(QMessageBox, "Delete")
    await settle(widget)
    assert copy_id not in widget.store
    assert names(widget) == ["localhost", "prod"]


async def export_to(widget: ProfileListWidget, target: Path, answer: str) -> None:
    widget.select(widget.store.ids()[1])
    widget.export_button.click()
    box = await shown(QMessageBox)
    assert isinstance(box, QMessageBox)
    assert box.defaultButton().text() == "Export Without Secrets"
    await press(QMessageBox, answer)
    await choose_file(target)
    await settle(widget)


async def test_export_leaves_secrets_out_by_default(widget: ProfileListWidget, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    await export_to(widget, target, "Export Without Secrets")
    [exported] = json.loads(target.read_text())["profiles"]
    assert exported["name"] == "prod" and "password" not in exported
    assert "without secrets" in widget.status_label.text()


async def test_export_with_secrets_and_import_them_back(widget: ProfileListWidget, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    await export_to(widget, target, "Include Secrets")
    assert json.loads(target.read_text())["profiles"][0]["password"] == "pw-secret"
    widget.import_button.click()
    await choose_file(target)
    await settle(widget)
    assert names(widget) == ["localhost", "prod", "prod (2)"]
    imported = widget.current_id()
    assert imported is not None and widget.store.get(imported).password == "pw-secret"
    assert widget.status_label.text() == "Imported 1 profile from out.json."


async def test_a_store_error_is_shown_not_raised(widget: ProfileListWidget, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    widget.import_button.click()
    await choose_file(bad)
    box = await shown(QMessageBox)
    assert isinstance(box, QMessageBox)
    assert "not a Kafka Explorer profiles file" in box.text()
    await press(QMessageBox, "Close")
    await settle(widget)


@pytest.mark.usefixtures("no_keychain")
async def test_without_keychain_the_user_is_told_and_asked(qtbot: QtBot, store_dir: Path) -> None:
    store = ProfileStore(store_dir)
    widget = ProfileListWidget(store)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.storage_label.isVisible()
    assert "until Kafka Explorer quits" in widget.storage_label.text()
    widget.plaintext_button.click()
    await press(QMessageBox, "Cancel")
    await settle(widget)
    assert store.secret_storage_mode() == "session"
    widget.plaintext_button.click()
    await press(QMessageBox, "Store unencrypted")
    await settle(widget)
    assert store.secret_storage_mode() == "plaintext"
    assert "UNENCRYPTED" in widget.storage_label.text()
    assert not widget.plaintext_button.isVisible()


async def test_closing_the_widget_cancels_open_questions(widget: ProfileListWidget) -> None:
    before = widget.store.ids()
    widget.new_button.click()
    dialog = await shown(ProfileDialog)
    assert isinstance(dialog, ProfileDialog)
    results: list[int] = []
    dialog.finished.connect(results.append)
    widget.close()
    await settle(widget)
    assert results == [ProfileDialog.DialogCode.Rejected.value]
    assert widget.store.ids() == before


def test_buttons_are_not_clipped(widget: ProfileListWidget, tmp_path: Path) -> None:
    for button in widget.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), button.text()
    assert widget.grab().save(str(tmp_path / "list.png"))
