"""The producer form: where to send, key, value, headers, how (partitioner, compression, acks),
copies, templates; the outcome of each send and the history of this app run.

The logic lives in :mod:`explorer.produce`; this page only reads and fills widgets. Sending
runs as a task of the page; the Send button is disabled until it ends, so a double click
sends once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from explorer.models import OBJECT_ROLE
from explorer.models.headers import FORMAT, HeadersModel
from explorer.models.produce_history import ProduceHistoryModel, result_text
from explorer.models.table import Index
from explorer.models.topics import NAME
from explorer.produce.form import ACKS, COMPRESSIONS, MAX_COPIES, PARTITIONER_LABELS, HeaderField, ProduceForm
from explorer.produce.history import APP_HISTORY, ProduceHistory, SentEntry
from explorer.produce.payload import (
    HEADER_FORMATS,
    KEY_FORMATS,
    LABELS,
    VALUE_FORMATS,
    Format,
    Payload,
    PayloadError,
    editable,
)
from explorer.produce.placeholders import HELP
from explorer.produce.request import PreparedSend, prepare, previews
from explorer.produce.sending import SendOutcome, send
from explorer.produce.templates import TEMPLATES_FILE, TemplateError, TemplateStore
from explorer.produce.timestamps import EXAMPLE
from explorer.profiles.store import default_directory
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.dialogs import run_dialog, show_error
from explorer.ui.page import Page
from explorer.ui.tables import apply_widths, make_table

ACCEPTED = QDialog.DialogCode.Accepted.value
ERROR_STYLE, OK_STYLE = "color: #c62828", "color: #2e7d32"


def format_combo(formats: Sequence[Format]) -> QComboBox:
    combo = QComboBox()
    for fmt in formats:
        combo.addItem(LABELS[fmt], fmt)
    return combo


class PayloadEditor(QWidget):
    """A format chooser and the text; for values also a file chooser (and null)."""

    changed = Signal()
    """The text or the format changed."""

    def __init__(self, formats: Sequence[Format], *, multiline: bool, placeholder: str = "") -> None:
        super().__init__()
        self.format = format_combo(formats)
        self.editor: QLineEdit | QPlainTextEdit = (QPlainTextEdit(placeholderText=placeholder) if multiline
                                                   else QLineEdit(placeholderText=placeholder))
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.file = QLineEdit(placeholderText="File to send as the value")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        file_page = QWidget()
        column = QVBoxLayout(file_page)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        column.addLayout(row)
        column.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.editor)
        self.stack.addWidget(file_page)
        if not multiline:
            self.stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.format, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.stack, 1)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.editor.textChanged.connect(self.changed)
        self.file.textChanged.connect(self.changed)

    def payload(self) -> Payload:
        fmt: Format = self.format.currentData()
        if fmt == "file":
            return Payload(self.file.text(), fmt)
        editor = self.editor
        return Payload(editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text(), fmt)

    def set_payload(self, payload: Payload) -> None:
        self.format.setCurrentIndex(max(self.format.findData(payload.format), 0))
        if payload.format == "file":
            self.file.setText(payload.text)
        elif isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(payload.text)
        else:
            self.editor.setText(payload.text)

    def point_at(self, line: int | None, column: int | None) -> None:
        """Put the cursor where a problem is (1-based line and column)."""
        self.editor.setFocus()
        if not isinstance(self.editor, QPlainTextEdit) or line is None or column is None:
            return
        cursor = QTextCursor(self.editor.document().findBlockByNumber(line - 1))
        cursor.movePosition(QTextCursor.MoveOperation.Right, n=max(column - 1, 0))
        self.editor.setTextCursor(cursor)

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        self.stack.setCurrentIndex(1 if fmt == "file" else 0)
        self.stack.setEnabled(fmt != "null")
        self.changed.emit()

    def _browse(self) -> None:
        dialog = QFileDialog(self, "Send a File")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.file.setText)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()


class FormatDelegate(QStyledItemDelegate):
    """A combo box for the headers' Format column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = format_combo(HEADER_FORMATS)
        combo.setParent(parent)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ProducerPage(Page):
    """Send records to a topic of ``session``."""

    sent = Signal(object)
    """A send finished (a :class:`~explorer.produce.sending.SendOutcome`), written or not."""
    refused = Signal(str)
    """The form was not sent because a field is wrong (the sentence shown)."""

    def __init__(self, session: ClusterSession, topic: str | None = None, *,
                 settings: AppSettings | None = None, templates: TemplateStore | None = None,
                 history: ProduceHistory | None = None, parent: QWidget | None = None) -> None:
        super().__init__(("produce", session.name), f"Produce · {session.name}", parent)
        self.session = session
        self.settings = settings if settings is not None else AppSettings(parent=self)
        self.templates = templates if templates is not None else TemplateStore(
            default_directory() / TEMPLATES_FILE)
        self.history = history if history is not None else APP_HISTORY
        self.history_model = ProduceHistoryModel(self.history, self.settings.timezone, self)
        self.headers_model = HeadersModel(self)
        self.sending = False
        self._live_problem = False
        self._check_timer = QTimer(self, singleShot=True, interval=250)
        self._check_timer.timeout.connect(self._check)
        self._build()
        self._wire()
        self._fill_templates()
        if topic:
            self.set_topic(topic)

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.topic = QLineEdit(placeholderText="Topic")
        completer = QCompleter(self.session.topics, self)
        completer.setCompletionColumn(NAME)
        completer.setCompletionRole(Qt.ItemDataRole.DisplayRole)  # the topics model serves no EditRole
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.topic.setCompleter(completer)
        self.partition = QSpinBox(minimum=-1, maximum=99_999)
        self.partition.setSpecialValueText("Automatic")
        self.partitioner = QComboBox()
        for name, label in PARTITIONER_LABELS.items():
            self.partitioner.addItem(label, name)
        self.compression = QComboBox()
        for codec in COMPRESSIONS:
            self.compression.addItem(codec, codec)
        self.acks = QComboBox()
        for acks, label in ACKS.items():
            self.acks.addItem(label, acks)
        self.copies = QSpinBox(minimum=1, maximum=MAX_COPIES)
        self.copies.setToolTip(f"Send this many records. {HELP}")
        self.timestamp = QLineEdit(placeholderText=f"now (or {EXAMPLE})")
        self.key_edit = PayloadEditor(KEY_FORMATS, multiline=False, placeholder="no key (null)")
        self.value_edit = PayloadEditor(VALUE_FORMATS, multiline=True,
                                        placeholder=f"The message. With copies: {HELP}")
        self.value_edit.setToolTip(HELP)
        self.headers = QTableView()
        self.headers.setModel(self.headers_model)
        self.headers.setItemDelegateForColumn(FORMAT, FormatDelegate(self.headers))
        self.headers.verticalHeader().hide()
        self.headers.horizontalHeader().setStretchLastSection(False)
        self.headers.horizontalHeader().resizeSection(0, 180)
        self.headers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.headers.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.headers.setMaximumHeight(110)
        self.add_header = QPushButton("Add Header")
        self.remove_header = QPushButton("Remove Header")
        self.template = QComboBox(minimumContentsLength=18)
        self.save_template = QPushButton("Save as Template…")
        self.delete_template = QPushButton("Delete Template…")
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.message = QLabel(wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_view = make_table(self, widths=[13, 10, 18, 54, 14, 24], stretch=5)
        self.history_view.setSortingEnabled(False)
        self.history_view.setModel(self.history_model)
        apply_widths(self.history_view)
        self._lay_out()

    def _lay_out(self) -> None:
        where = QHBoxLayout()
        widget: QWidget
        for label, widget in (("Partition", self.partition), ("Partitioner", self.partitioner)):
            where.addWidget(QLabel(label))
            where.addWidget(widget)
        how = QHBoxLayout()
        for label, widget in (("Compression", self.compression), ("Acks", self.acks),
                              ("Copies", self.copies), ("Timestamp", self.timestamp)):
            how.addWidget(QLabel(label))
            how.addWidget(widget, 1 if widget is self.timestamp else 0)
        header_buttons = QVBoxLayout()
        header_buttons.addWidget(self.add_header)
        header_buttons.addWidget(self.remove_header)
        header_buttons.addStretch(1)
        headers = QHBoxLayout()
        headers.addWidget(self.headers, 1)
        headers.addLayout(header_buttons)
        form = QFormLayout()
        form.addRow("Topic", self._row(self.topic, where))
        form.addRow("Key", self.key_edit)
        form.addRow("Value", self.value_edit)
        form.addRow("Headers", self._row(None, headers))
        form.addRow("Sending", self._row(None, how))
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Template"))
        for widget in (self.template, self.save_template, self.delete_template):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.send_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.addLayout(form, 1)
        top_layout.addLayout(actions)
        top_layout.addWidget(self.message)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("<b>Sent since the app started</b> (double-click to load again)"))
        bottom_layout.addWidget(self.history_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([520, 240])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    @staticmethod
    def _row(first: QWidget | None, rest: QHBoxLayout) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        if first is not None:
            layout.addWidget(first, 1)
        layout.addLayout(rest)
        return box

    def _wire(self) -> None:
        self.send_button.clicked.connect(self.send)
        self.add_header.clicked.connect(self._add_header)
        self.remove_header.clicked.connect(
            lambda: self.headers_model.remove(self.headers.currentIndex().row()))
        self.topic.editingFinished.connect(self._topic_changed)
        for signal in (self.key_edit.changed, self.value_edit.changed, self.timestamp.textChanged,
                       self.copies.valueChanged, self.headers_model.dataChanged,
                       self.headers_model.rowsRemoved):
            signal.connect(self._check_timer.start)
        self.template.activated.connect(self._template_chosen)
        self.save_template.clicked.connect(lambda: self.start(self._save_template()))
        self.delete_template.clicked.connect(lambda: self.start(self._delete_template()))
        self.history_view.doubleClicked.connect(self._history_chosen)
        self.settings.changed.connect(self._setting_changed)

    # -- the form as a value ----------------------------------------------------------------
    def form(self) -> ProduceForm:
        partition = self.partition.value()
        return ProduceForm(
            topic=self.topic.text().strip(), partition=None if partition < 0 else partition,
            partitioner=self.partitioner.currentData(), key=self.key_edit.payload(),
            value=self.value_edit.payload(),
            headers=self.headers_model.headers(), compression=self.compression.currentData(),
            acks=self.acks.currentData(), copies=self.copies.value(), timestamp=self.timestamp.text())

    def set_form(self, form: ProduceForm) -> None:
        self.set_topic(form.topic)
        self.partition.setValue(-1 if form.partition is None else form.partition)
        self.partitioner.setCurrentIndex(max(self.partitioner.findData(form.partitioner), 0))
        self.key_edit.set_payload(form.key)
        self.value_edit.set_payload(form.value)
        self.headers_model.set_headers(form.headers)
        self.compression.setCurrentIndex(max(self.compression.findData(form.compression), 0))
        self.acks.setCurrentIndex(max(self.acks.findData(form.acks), 0))
        self.copies.setValue(form.copies)
        self.timestamp.setText(form.timestamp)

    def set_topic(self, topic: str) -> None:
        self.topic.setText(topic)
        self._topic_changed()

    def load_message(self, key: bytes | None, value: bytes | None,
                     headers: Sequence[tuple[str, bytes | None]] = (), partition: int | None = None, *,
                     topic: str | None = None) -> None:
        """Fill the form with a message ("send again" / "edit and send"); sending it unchanged
        writes the same key, value and headers (to ``partition``, when given)."""
        if topic is not None:
            self.set_topic(topic)
        self.key_edit.set_payload(editable(key, key=True))
        self.value_edit.set_payload(editable(value))
        self.headers_model.set_headers(tuple(_header_field(name, data) for name, data in headers))
        self.partition.setValue(-1 if partition is None else partition)
        self.copies.setValue(1)
        self.timestamp.clear()
        self._say("Loaded a message: change what you want, then Send.", "")

    # -- sending ----------------------------------------------------------------------------
    def send(self) -> None:
        """Check the form and send it in the background (ignored while a send runs)."""
        if self.sending:
            return
        try:
            prepared = prepare(self.form(), self.settings.timezone)
        except PayloadError as exc:
            self._refuse(exc)
            return
        self._set_sending(True)
        self.start(self._send(prepared))

    async def _send(self, prepared: PreparedSend) -> None:
        try:
            outcome = await send(self.session.client, prepared)
        finally:
            self._set_sending(False)
        key, value = previews(prepared)
        self.history.add(self.session.name, prepared.form, outcome, key, value)
        self._show_outcome(outcome)
        self.sent.emit(outcome)

    def _set_sending(self, sending: bool) -> None:
        self.sending = sending
        self.send_button.setEnabled(not sending)
        self.send_button.setText("Sending…" if sending else "Send")

    def _show_outcome(self, outcome: SendOutcome) -> None:
        if outcome.first is None:
            self._say(outcome.error or "Nothing was written.", ERROR_STYLE)
            return
        text = f"Sent to “{outcome.topic}”: " + result_text(outcome, self.settings.timezone)
        if outcome.copies > 1 and outcome.first and outcome.last:
            (p1, o1, _), (p2, o2, _) = outcome.first, outcome.last
            text += f"; the first went to partition {p1} at offset {o1:,}, the last to {p2} at {o2:,}"
        if outcome.error:
            text += f"\n{outcome.error}"
        self._say(text, ERROR_STYLE if outcome.error else OK_STYLE)

    def _refuse(self, problem: PayloadError) -> None:
        self._say(f"Not sent: {problem}", ERROR_STYLE)
        if problem.field == "Value":
            self.value_edit.point_at(problem.line, problem.column)
        elif problem.field == "Key":
            self.key_edit.point_at(problem.line, problem.column)
        self.refused.emit(str(problem))

    def _check(self) -> None:
        """Say what is wrong as the user types (the topic is checked when sending)."""
        if self.sending:
            return
        form = self.form()
        try:
            prepare(replace(form, topic=form.topic or "-"), self.settings.timezone)
        except PayloadError as exc:
            self._say(str(exc), ERROR_STYLE)
            self._live_problem = True
            return
        if self._live_problem:
            self._say("", "")
        self._live_problem = False

    def _say(self, text: str, style: str) -> None:
        self._live_problem = False
        self.message.setStyleSheet(style)
        self.message.setText(text)

    # -- small handlers ---------------------------------------------------------------------
    def _topic_changed(self) -> None:
        row = self.session.topics.topic(self.topic.text().strip())
        self.partition.setMaximum(row.partitions - 1 if row is not None and row.partitions else 99_999)

    def _add_header(self) -> None:
        row = self.headers_model.add()
        self.headers.setCurrentIndex(self.headers_model.index(row, 0))
        self.headers.edit(self.headers_model.index(row, 0))

    def _history_chosen(self, index: QModelIndex) -> None:
        entry = index.data(OBJECT_ROLE)
        if isinstance(entry, SentEntry):
            self.set_form(entry.form)
            self._say(f"Loaded what was sent to “{entry.form.topic}” at "
                      f"{index.siblingAtColumn(0).data()}: Send to send it again.", "")

    def _setting_changed(self, name: str) -> None:
        if name == "timezone":
            self.history_model.set_mode(self.settings.timezone)

    # -- templates --------------------------------------------------------------------------
    def _fill_templates(self, current: str = "") -> None:
        self.template.clear()
        self.template.addItem("Choose a template…", None)
        for name in self.templates.names():
            self.template.addItem(name, name)
        self.template.setCurrentIndex(max(self.template.findData(current), 0) if current else 0)
        self.delete_template.setEnabled(bool(self.templates.names()))
        if self.templates.problem:
            self._say(self.templates.problem, ERROR_STYLE)

    def _template_chosen(self, index: int) -> None:
        name = self.template.itemData(index)
        if name in self.templates:
            self.set_form(self.templates.get(name))
            self._say(f"Loaded the template “{name}”.", "")

    async def _save_template(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Save as Template")
        dialog.setLabelText("Name of the template (an existing one is replaced):")
        dialog.setTextValue(self.template.currentData() or self.topic.text())
        if await run_dialog(dialog) != ACCEPTED:
            return
        name = dialog.textValue().strip()
        try:
            self.templates.save(name, self.form())
        except TemplateError as exc:
            await show_error(self, "Save as Template", "The template was not saved.", str(exc))
            return
        self._fill_templates(name)
        self._say(f"Saved the template “{name}”.", "")

    async def _delete_template(self) -> None:
        name = self.template.currentData()
        if name is None:
            self._say("Choose the template to delete first.", "")
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Delete Template", f"Delete the template “{name}”?",
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        await run_dialog(box)
        if box.clickedButton() is not delete:
            return
        try:
            self.templates.delete(name)
        except TemplateError as exc:
            await show_error(self, "Delete Template", "The template was not deleted.", str(exc))
            return
        self._fill_templates()

    def shutdown(self) -> None:
        self.history_model.detach()
        super().shutdown()


def _header_field(name: str, data: bytes | None) -> HeaderField:
    payload = editable(data)
    fmt: Format = "text" if payload.format == "json" else payload.format
    return HeaderField(name, payload.text, fmt)
