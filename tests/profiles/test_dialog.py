"""ProfileDialog: inline errors, Save enabled only when valid, sections that follow the protocol."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from explorer.profiles.model import ConnectionProfile
from explorer.ui.profile_dialog import ProfileDialog, edit_profile

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"),
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture
def dialog(qtbot: QtBot) -> ProfileDialog:
    dialog = ProfileDialog(None, taken_names=["prod"])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def shown_errors(dialog: ProfileDialog) -> dict[str, str]:
    return {field: row.error.text() for field, row in dialog.rows.items()
            if row.error.isVisibleTo(dialog) and row.error.styleSheet().find("c62828") >= 0}


def choose_protocol(dialog: ProfileDialog, value: str) -> None:
    dialog.protocol.setCurrentIndex(dialog.protocol.findData(value))


def test_a_new_profile_cannot_be_saved_empty_and_says_what_is_missing(dialog: ProfileDialog) -> None:
    assert not dialog.save_button.isEnabled()
    assert shown_errors(dialog) == {}, "no red before the user typed anything"
    assert dialog.summary.text() == "Still needed: Name, Bootstrap servers."


def test_typing_shows_inline_errors_and_enables_save_when_valid(dialog: ProfileDialog,
                                                                qtbot: QtBot) -> None:
    type_into(qtbot, dialog.name, "PROD")
    type_into(qtbot, dialog.bootstrap, "kafka")
    assert shown_errors(dialog) == {"name": "Another profile is already called “PROD”.",
                                    "bootstrap_servers": "“kafka” has no port; write it as kafka:9092."}
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, dialog.name, "staging")
    type_into(qtbot, dialog.bootstrap, "kafka:9092, [::1]:9093")
    assert shown_errors(dialog) == {}
    assert dialog.save_button.isEnabled()
    assert not dialog.summary.isVisibleTo(dialog)


def test_sections_follow_the_security_protocol(dialog: ProfileDialog) -> None:
    assert not dialog.tls_box.isVisibleTo(dialog) and not dialog.sasl_box.isVisibleTo(dialog)
    choose_protocol(dialog, "SSL")
    assert dialog.tls_box.isVisibleTo(dialog) and not dialog.sasl_box.isVisibleTo(dialog)
    choose_protocol(dialog, "SASL_PLAINTEXT")
    assert not dialog.tls_box.isVisibleTo(dialog) and dialog.sasl_box.isVisibleTo(dialog)
    assert dialog.username.isVisibleTo(dialog) and not dialog.token.isVisibleTo(dialog)
    dialog.mechanism.setCurrentText("OAUTHBEARER")
    assert not dialog.username.isVisibleTo(dialog) and not dialog.password.isVisibleTo(dialog)
    assert dialog.token.isVisibleTo(dialog)
    choose_protocol(dialog, "SASL_SSL")
    assert dialog.tls_box.isVisibleTo(dialog) and dialog.sasl_box.isVisibleTo(dialog)


def test_secrets_are_typed_blind(dialog: ProfileDialog) -> None:
    for edit in (dialog.password, dialog.key_password, dialog.token):
        assert edit.echoMode() == QLineEdit.EchoMode.Password


def test_sasl_and_tls_fields_are_required_and_checked(dialog: ProfileDialog, qtbot: QtBot,
                                                      tmp_path: Path) -> None:
    type_into(qtbot, dialog.name, "secure")
    type_into(qtbot, dialog.bootstrap, "k:9093")
    choose_protocol(dialog, "SASL_SSL")
    dialog.mechanism.setCurrentText("SCRAM-SHA-256")
    assert not dialog.save_button.isEnabled()
    assert dialog.summary.text() == "Still needed: User name, Password."
    type_into(qtbot, dialog.ca_file, str(tmp_path / "missing.pem"))
    assert shown_errors(dialog)["ca_file"].startswith("There is no CA certificate file at")
    ca = tmp_path / "ca.pem"
    ca.write_text("pem")
    type_into(qtbot, dialog.ca_file, str(ca))
    type_into(qtbot, dialog.username, "alice")
    type_into(qtbot, dialog.password, "pw")
    assert dialog.save_button.isEnabled()
    dialog.check_hostname.setChecked(False)
    note = dialog.rows["check_hostname"].error
    assert note.isVisibleTo(dialog) and "pose as the broker" in note.text()
    assert dialog.save_button.isEnabled(), "advice does not block saving"


def test_accept_while_invalid_stays_open_and_shows_everything(dialog: ProfileDialog) -> None:
    dialog.accept()
    assert dialog.isVisible()
    assert set(shown_errors(dialog)) == {"name", "bootstrap_servers"}


def test_saved_signal_carries_the_profile_without_unused_secrets(qtbot: QtBot) -> None:
    original = ConnectionProfile(name="old", bootstrap_servers="a:1", security_protocol="SASL_SSL",
                                 sasl_mechanism="PLAIN", username="u", password="pw", token="stale")
    dialog = ProfileDialog(original)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.name, "new")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    profile = saved.args[0]
    assert profile == original.copy(name="new", token="")
    assert dialog.result() == ProfileDialog.DialogCode.Accepted


async def open_dialog() -> ProfileDialog:
    """The editor that ``edit_profile`` opened, once it is on screen."""
    for _ in range(200):
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, ProfileDialog) and w.isVisible()]
        if shown:
            return shown[0]
        await asyncio.sleep(0.01)
    raise AssertionError("the profile dialog never opened")


async def test_edit_profile_returns_the_saved_profile(qtbot: QtBot) -> None:
    original = ConnectionProfile(name="dev", bootstrap_servers="dev:9092")
    task = asyncio.ensure_future(edit_profile(None, original))
    dialog = await open_dialog()
    assert dialog.isModal()
    type_into(qtbot, dialog.bootstrap, "dev1:9092,dev2:9092")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    result = await asyncio.wait_for(task, 5)
    assert result == original.copy(bootstrap_servers="dev1:9092,dev2:9092")


async def test_edit_profile_creates_a_new_profile(qtbot: QtBot) -> None:
    task = asyncio.ensure_future(edit_profile(None, None, taken_names=["prod"]))
    dialog = await open_dialog()
    type_into(qtbot, dialog.name, "prod")
    type_into(qtbot, dialog.bootstrap, "k:1")
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, dialog.name, "test")
    dialog.save_button.click()
    result = await asyncio.wait_for(task, 5)
    assert result is not None and (result.name, result.bootstrap_servers) == ("test", "k:1")


async def test_edit_profile_returns_none_on_cancel(qtbot: QtBot) -> None:
    task = asyncio.ensure_future(edit_profile(None, None))
    dialog = await open_dialog()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert await asyncio.wait_for(task, 5) is None


async def test_cancelling_the_task_closes_the_dialog(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    task = asyncio.ensure_future(edit_profile(parent, None))
    dialog = await open_dialog()
    assert dialog.parent() is parent
    results: list[int] = []
    dialog.finished.connect(results.append)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert results == [ProfileDialog.DialogCode.Rejected.value]


def test_no_message_is_clipped(qtbot: QtBot, tmp_path: Path) -> None:
    """Wrapped error and advice labels get the height they need (they once lost their last line)."""
    profile = ConnectionProfile(name="prod", bootstrap_servers="kafka1:9093,kafka2",
                                security_protocol="SASL_SSL", ca_file=str(tmp_path / "x" / "ca.pem"),
                                check_hostname=False, sasl_mechanism="SCRAM-SHA-512", username="alice")
    dialog = ProfileDialog(profile, secret_note="No system keychain was found on this computer. "
                           "Passwords and tokens are kept only until Kafka Explorer quits.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = [label for label in dialog.findChildren(QLabel)
              if label.isVisibleTo(dialog) and label.wordWrap() and label.text()]
    assert len(labels) >= 5
    for label in labels:
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert dialog.grab().save(str(tmp_path / "dialog.png"))


async def test_browse_fills_the_path_and_validates_it(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ProfileDialog(ConnectionProfile(name="tls", bootstrap_servers="k:9093",
                                             security_protocol="SSL"))
    qtbot.addWidget(dialog)
    dialog.show()
    cert = tmp_path / "client.pem"
    cert.write_text("pem")
    [browse] = dialog.rows["cert_file"].findChildren(QPushButton)
    browse.click()
    picker = None
    for _ in range(200):
        picker = dialog.findChild(QFileDialog)
        if picker is not None and picker.isVisible():
            break
        await asyncio.sleep(0.01)
    assert isinstance(picker, QFileDialog)
    name_edit = picker.findChild(QLineEdit, "fileNameEdit")
    assert name_edit is not None
    name_edit.setText(str(cert))
    picker.accept()
    assert dialog.cert_file.text() == str(cert)
    assert shown_errors(dialog) == {"key_file": "A client certificate needs its private key file too."}
    assert not dialog.save_button.isEnabled()


def test_the_secret_storage_note_shows_only_where_secrets_are_typed(qtbot: QtBot) -> None:
    dialog = ProfileDialog(None, secret_note="Kept for this session only.")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.secret_note.isVisible()
    choose_protocol(dialog, "SASL_PLAINTEXT")
    assert dialog.secret_note.isVisible() and dialog.secret_note.text() == "Kept for this session only."
