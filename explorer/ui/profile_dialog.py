"""The connection profile editor: a form with inline errors, used without a nested event loop.

Open it with :func:`edit_profile` (await it) or with ``open()`` and the :attr:`ProfileDialog.saved`
signal. Never with ``exec()``: the app runs on qasync.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.profiles.choices import SASL_MECHANISMS
from explorer.profiles.model import ConnectionProfile
from explorer.profiles.validation import advice

Validator = Callable[[ConnectionProfile], dict[str, str]]

PROTOCOL_CHOICES = (
    ("PLAINTEXT", "PLAINTEXT: no encryption, no login"),
    ("SSL", "SSL: TLS encryption"),
    ("SASL_PLAINTEXT", "SASL_PLAINTEXT: login without encryption"),
    ("SASL_SSL", "SASL_SSL: login over TLS"),
)
PEM_FILTER = "PEM files (*.pem *.crt *.cer *.key);;All files (*)"
ERROR_STYLE = "color: #c62828;"
NOTE_STYLE = "color: #9a6700;"


def message_label(style: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class FieldRow(QWidget):
    """An editor (or a row of editors) with its inline error message below it."""

    def __init__(self, editor: QWidget, *extras: QWidget) -> None:
        super().__init__()
        self.editor = editor
        self.error = message_label(ERROR_STYLE)
        self._shown: tuple[str | None, str] = (None, ERROR_STYLE)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        for extra in extras:
            line.addWidget(extra)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(line)
        column.addWidget(self.error)

    def show_message(self, message: str | None, style: str) -> bool:
        """Show an error or a note (``None`` hides it); returns whether anything changed.

        Unchanged messages are left alone: restyling on every keystroke is wasted work.
        """
        if (message, style) == self._shown:
            return False
        self._shown = (message, style)
        self.error.setText(message or "")
        self.error.setStyleSheet(style)
        self.error.setVisible(bool(message))
        return True


class ProfileDialog(QDialog):
    """Edits one :class:`ConnectionProfile`; Save stays disabled while the form is invalid."""

    saved = Signal(object)
    """Emitted with the edited :class:`ConnectionProfile` when the user saves."""

    def __init__(self, profile: ConnectionProfile | None = None, *, taken_names: Iterable[str] = (),
                 validator: Validator | None = None, secret_note: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = profile if profile is not None else ConnectionProfile()
        names = list(taken_names)
        self._validator: Validator = validator or (lambda p: p.validate(names))
        self._touched: set[str] = set()
        self._show_all = profile is not None
        self._sections: tuple[bool, ...] = ()
        self.setWindowTitle(f"Edit “{profile.name}”" if profile is not None else "New connection profile")
        self._build(secret_note)
        self._load(self._original)
        self._connect_signals()
        self._refresh()

    # --- public ---------------------------------------------------------------------------

    def profile(self) -> ConnectionProfile:
        """The profile as the form shows it; secrets its security settings do not use are dropped."""
        chosen = self._original.copy(
            name=self.name.text().strip(), bootstrap_servers=self.bootstrap.text().strip(),
            security_protocol=self.protocol.currentData(), ca_file=self.ca_file.text().strip(),
            cert_file=self.cert_file.text().strip(), key_file=self.key_file.text().strip(),
            key_password=self.key_password.text(), check_hostname=self.check_hostname.isChecked(),
            sasl_mechanism=self.mechanism.currentText(), username=self.username.text().strip(),
            password=self.password.text(), token=self.token.text().strip())
        return chosen.copy(key_password=chosen.key_password if chosen.uses_tls else "",
                           password=chosen.password if chosen.uses_sasl and not chosen.uses_token else "",
                           token=chosen.token if chosen.uses_token else "")

    def errors(self) -> dict[str, str]:
        """What :func:`validate` says about the form right now."""
        return self._validator(self.profile())

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def accept(self) -> None:
        """Close with the profile, unless it is invalid: then show every problem and stay open."""
        if self.errors():
            self._show_all = True
            self._refresh()
            return
        self.saved.emit(self.profile())
        super().accept()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._grow_to_fit()

    # --- building -------------------------------------------------------------------------

    def _build(self, secret_note: str | None) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText("Production, Staging, My laptop…")
        self.bootstrap = QLineEdit()
        self.bootstrap.setPlaceholderText("broker1:9092, broker2:9092")
        self.protocol = QComboBox()
        for value, label in PROTOCOL_CHOICES:
            self.protocol.addItem(label, value)
        self.rows: dict[str, FieldRow] = {}
        general_box = QGroupBox("Cluster")
        general = QFormLayout(general_box)
        self._add_row(general, "name", "&Name:", self.name)
        self._add_row(general, "bootstrap_servers", "&Bootstrap servers:", self.bootstrap)
        self._add_row(general, "security_protocol", "&Security:", self.protocol)
        self.tls_box = self._build_tls()
        self.sasl_box = self._build_sasl()
        self.secret_note = message_label(NOTE_STYLE)
        self.secret_note.setText(secret_note or "")
        self.summary = message_label("")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(general_box)
        layout.addWidget(self.tls_box)
        layout.addWidget(self.sasl_box)
        layout.addWidget(self.secret_note)
        layout.addStretch(1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._align_labels(general, self._tls_form, self._sasl_form)
        self.setMinimumWidth(560)

    def _build_tls(self) -> QGroupBox:
        box = QGroupBox("TLS")
        form = self._tls_form = QFormLayout(box)
        self.ca_file, ca_browse = QLineEdit(), QPushButton("Browse…")
        self.ca_file.setPlaceholderText("Empty: the system's trusted certificates")
        self.cert_file, cert_browse = QLineEdit(), QPushButton("Browse…")
        self.cert_file.setPlaceholderText("Only for brokers that require client certificates")
        self.key_file, key_browse = QLineEdit(), QPushButton("Browse…")
        self.key_password = QLineEdit()
        self.key_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_password.setPlaceholderText("Only if the private key is encrypted")
        self.check_hostname = QCheckBox("Verify the broker's host name against its certificate")
        self._add_row(form, "ca_file", "&CA certificate:", self.ca_file, ca_browse)
        self._add_row(form, "cert_file", "Client certi&ficate:", self.cert_file, cert_browse)
        self._add_row(form, "key_file", "Private &key:", self.key_file, key_browse)
        self._add_row(form, "key_password", "Key pass&word:", self.key_password)
        self._add_row(form, "check_hostname", "", self.check_hostname)
        for button, edit, title in ((ca_browse, self.ca_file, "Choose the CA certificate"),
                                    (cert_browse, self.cert_file, "Choose the client certificate"),
                                    (key_browse, self.key_file, "Choose the private key")):
            button.clicked.connect(lambda _=False, e=edit, t=title: self._browse(e, t))
        return box

    def _build_sasl(self) -> QGroupBox:
        box = QGroupBox("SASL login")
        form = self._sasl_form = QFormLayout(box)
        self.mechanism = QComboBox()
        self.mechanism.addItems(SASL_MECHANISMS)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText("An OAuth 2 bearer token (JWT)")
        self._add_row(form, "sasl_mechanism", "&Mechanism:", self.mechanism)
        self._add_row(form, "username", "&User name:", self.username)
        self._add_row(form, "password", "&Password:", self.password)
        self._add_row(form, "token", "&Token:", self.token)
        return box

    def _add_row(self, form: QFormLayout, field: str, label: str, editor: QWidget,
                 *extras: QWidget) -> None:
        row = FieldRow(editor, *extras)
        self.rows[field] = row
        if label:
            form.addRow(label, row)
        else:
            form.addRow(QLabel(), row)

    @staticmethod
    def _align_labels(*forms: QFormLayout) -> None:
        """Give the label column of every section the same width, so the fields line up."""
        items = [form.itemAt(i, QFormLayout.ItemRole.LabelRole) for form in forms
                 for i in range(form.rowCount())]
        widgets = [w for item in items if item is not None and (w := item.widget()) is not None]
        width = max(w.sizeHint().width() for w in widgets)
        for widget in widgets:
            widget.setMinimumWidth(width)

    def _load(self, profile: ConnectionProfile) -> None:
        self.name.setText(profile.name)
        self.bootstrap.setText(profile.bootstrap_servers)
        self.protocol.setCurrentIndex(max(0, self.protocol.findData(profile.security_protocol)))
        self.ca_file.setText(profile.ca_file)
        self.cert_file.setText(profile.cert_file)
        self.key_file.setText(profile.key_file)
        self.key_password.setText(profile.key_password)
        self.check_hostname.setChecked(profile.check_hostname)
        self.mechanism.setCurrentIndex(max(0, self.mechanism.findText(profile.sasl_mechanism)))
        self.username.setText(profile.username)
        self.password.setText(profile.password)
        self.token.setText(profile.token)
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # long lists and paths show their start

    def _connect_signals(self) -> None:
        for field, edit in (("name", self.name), ("bootstrap_servers", self.bootstrap),
                            ("ca_file", self.ca_file), ("cert_file", self.cert_file),
                            ("key_file", self.key_file), ("key_password", self.key_password),
                            ("username", self.username), ("password", self.password),
                            ("token", self.token)):
            edit.textEdited.connect(lambda _text, f=field: self._touch(f))
            edit.textChanged.connect(self._refresh)
        self.protocol.currentIndexChanged.connect(self._refresh)
        self.mechanism.currentIndexChanged.connect(self._refresh)
        self.check_hostname.toggled.connect(self._refresh)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # --- behaviour ------------------------------------------------------------------------

    def _touch(self, field: str) -> None:
        self._touched.add(field)

    def _refresh(self) -> None:
        profile = self.profile()
        sections = (profile.uses_tls, profile.uses_sasl, profile.uses_token)
        if sections != self._sections:
            self._sections = sections
            self.tls_box.setVisible(profile.uses_tls)
            self.sasl_box.setVisible(profile.uses_sasl)
            self._sasl_form.setRowVisible(self.rows["username"], not profile.uses_token)
            self._sasl_form.setRowVisible(self.rows["password"], not profile.uses_token)
            self._sasl_form.setRowVisible(self.rows["token"], profile.uses_token)
            uses_secrets = profile.uses_sasl or profile.uses_tls
            self.secret_note.setVisible(bool(self.secret_note.text()) and uses_secrets)
            self.adjustSize()
        errors = self._validator(profile)
        notes = advice(profile)
        changed = False
        for field, row in self.rows.items():
            shown = field in errors and (self._show_all or field in self._touched)
            message = errors[field] if shown else notes.get(field)
            changed |= row.show_message(message, ERROR_STYLE if shown else NOTE_STYLE)
        if self.save_button.isEnabled() == bool(errors):
            self.save_button.setEnabled(not errors)
        hidden = [self._label_of(field) for field in errors
                  if not (self._show_all or field in self._touched)]
        summary = f"Still needed: {', '.join(hidden)}." if hidden else ""
        if summary != self.summary.text():
            self.summary.setText(summary)
            self.summary.setVisible(bool(hidden))
            changed = True
        if changed:
            self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Make room for wrapped messages, which the layout's minimum size does not account for."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _label_of(self, field: str) -> str:
        for form in self.findChildren(QFormLayout):
            label = form.labelForField(self.rows[field])
            if isinstance(label, QLabel) and label.text():
                return label.text().replace("&", "").rstrip(":")
        return field

    def _browse(self, edit: QLineEdit, title: str) -> None:
        picker = QFileDialog(self, title, edit.text() or "", PEM_FILTER)
        picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.fileSelected.connect(lambda path: self._file_chosen(edit, path))
        picker.open()

    def _file_chosen(self, edit: QLineEdit, path: str) -> None:
        edit.setText(path)
        self._touch(next(f for f, row in self.rows.items() if row.editor is edit))
        self._refresh()


async def edit_profile(parent: QWidget | None, profile: ConnectionProfile | None, *,
                       taken_names: Iterable[str] = (), validator: Validator | None = None,
                       secret_note: str | None = None) -> ConnectionProfile | None:
    """Show the editor (window-modal, no nested loop) and return the saved profile, or ``None``.

    ``profile`` ``None`` creates a new one. Cancelling the awaiting task closes the dialog.
    """
    dialog = ProfileDialog(profile, taken_names=taken_names, validator=validator,
                           secret_note=secret_note, parent=parent)
    done: asyncio.Future[ConnectionProfile | None] = asyncio.get_running_loop().create_future()

    def settle(result: ConnectionProfile | None) -> None:
        if not done.done():
            done.set_result(result)

    dialog.saved.connect(settle)
    dialog.finished.connect(lambda _code: settle(None))
    dialog.destroyed.connect(lambda: settle(None))
    dialog.open()
    try:
        return await done
    finally:
        if dialog.isVisible():
            dialog.reject()
        dialog.deleteLater()

