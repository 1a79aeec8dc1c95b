"""The detail pane: one message's key and value (text, pretty JSON, hex or base64), its headers
and metadata, and Copy as JSON.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.messages.decoders import DECODERS, Decoder, render
from explorer.messages.jsonl import to_json
from explorer.messages.store import MessageRecord
from explorer.models.message_headers import HeadersModel
from explorer.timefmt import TimeZoneMode, format_bytes, format_timestamp_ms
from explorer.ui.json_highlighter import JsonHighlighter
from explorer.ui.tables import apply_widths, make_table
from protocol.records import TimestampType

_TS_TYPES = {
    TimestampType.CREATE_TIME: "CreateTime (set by the producer)",
    TimestampType.LOG_APPEND_TIME: "LogAppendTime (set by the broker)",
    TimestampType.NO_TIMESTAMP: "none (old message format)",
}
HIGHLIGHT_LIMIT_CHARS = 256 * 1024
_META = ("Partition", "Offset", "Timestamp", "Timestamp type", "Compression", "Transactional", "Size")


def _decoder_box(current: Decoder) -> QComboBox:
    box = QComboBox()
    for decoder in DECODERS:
        box.addItem(decoder.label, decoder.value)
    box.setCurrentIndex(DECODERS.index(current))
    return box


def _text_view() -> QPlainTextEdit:
    view = QPlainTextEdit(readOnly=True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return view


class MessageDetail(QWidget):
    """Shows a :class:`MessageRecord`; the decoder boxes are the topic's decoders."""

    decoders_changed = Signal(object, object)
    """The user chose other decoders: (key decoder, value decoder)."""
    resend_requested = Signal(object)
    """“Edit and Send…”: the shown :class:`MessageRecord`, to put in the producer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: MessageRecord | None = None
        self.timezone: TimeZoneMode = "local"
        self.headers = HeadersModel(self)
        self._build()

    def _build(self) -> None:
        self.title = QLabel("No message selected")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.copy_button = QPushButton("Copy as JSON")
        self.copy_button.clicked.connect(self.copy_as_json)
        self.resend_button = QPushButton("Edit and Send…")
        self.resend_button.setToolTip("Open this message (key, value, headers, partition) in the producer")
        self.resend_button.clicked.connect(self._resend)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.resend_button)
        top.addWidget(self.copy_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.meta: dict[str, QLabel] = {}
        for name in _META:
            label = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
            self.meta[name] = label
            form.addRow(f"{name}:", label)
        self.key_box, self.value_box = _decoder_box(Decoder.TEXT), _decoder_box(Decoder.TEXT)
        self.key_view, self.value_view = _text_view(), _text_view()
        self.key_view.setMaximumHeight(self.key_view.fontMetrics().height() * 4 + 12)
        self.highlighters = (
            JsonHighlighter(self.key_view.document()),
            JsonHighlighter(self.value_view.document()),
        )
        self.headers_table = make_table(self, widths=[18, 40, 8], stretch=1)
        self.headers_table.setSortingEnabled(False)
        self.headers_table.setModel(self.headers)
        apply_widths(self.headers_table)
        self.headers_table.setMaximumHeight(self.headers_table.verticalHeader().defaultSectionSize() * 6 + 8)
        self.headers_label = QLabel("Headers")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addLayout(self._section("Key", self.key_box))
        layout.addWidget(self.key_view)
        layout.addLayout(self._section("Value", self.value_box))
        layout.addWidget(self.value_view, 1)
        layout.addWidget(self.headers_label)
        layout.addWidget(self.headers_table)
        self.key_box.currentIndexChanged.connect(self._decoder_chosen)
        self.value_box.currentIndexChanged.connect(self._decoder_chosen)

    def _section(self, title: str, box: QComboBox) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel(f"<b>{title}</b>")
        row.addWidget(label)
        row.addStretch(1)
        row.addWidget(QLabel("View as"))
        row.addWidget(box)
        return row

    # -- public -----------------------------------------------------------------------------
    @property
    def decoders(self) -> tuple[Decoder, Decoder]:
        return Decoder(self.key_box.currentData()), Decoder(self.value_box.currentData())

    def set_decoders(self, key: Decoder, value: Decoder) -> None:
        for box, decoder in ((self.key_box, key), (self.value_box, value)):
            box.blockSignals(True)
            box.setCurrentIndex(DECODERS.index(decoder))
            box.blockSignals(False)
        self._render()

    def set_timezone(self, mode: TimeZoneMode) -> None:
        self.timezone = mode
        self._render()

    def show_record(self, record: MessageRecord | None) -> None:
        self.record = record
        self._render()

    def _resend(self) -> None:
        if self.record is not None:
            self.resend_requested.emit(self.record)

    def copy_as_json(self) -> str:
        """Put the message on the clipboard as a JSON object (the JSONL export's schema)."""
        if self.record is None:
            return ""
        text = json.dumps(to_json(self.record, self.timezone), indent=2, ensure_ascii=False)
        QGuiApplication.clipboard().setText(text)
        return text

    # -- rendering --------------------------------------------------------------------------
    def _decoder_chosen(self) -> None:
        self._render()
        self.decoders_changed.emit(*self.decoders)

    def _render(self) -> None:
        record = self.record
        self.copy_button.setEnabled(record is not None)
        self.resend_button.setEnabled(record is not None)
        if record is None:
            self.title.setText("No message selected")
            for label in self.meta.values():
                label.clear()
            self.key_view.clear()
            self.value_view.clear()
            self.headers.set_headers(())
            self.headers_label.setText("Headers")
            return
        self.title.setText(f"{record.topic} · partition {record.partition} · offset {record.offset}")
        self._fill_meta(record)
        key_decoder, value_decoder = self.decoders
        self._show(self.key_view, self.highlighters[0], record.key, key_decoder)
        self._show(self.value_view, self.highlighters[1], record.value, value_decoder)
        self.headers.set_headers(record.headers)
        self.headers_label.setText(f"Headers ({len(record.headers)})")

    def _show(
        self, view: QPlainTextEdit, highlighter: JsonHighlighter, data: bytes | None, decoder: Decoder
    ) -> None:
        text = render(data, decoder)
        # Highlighting runs over the whole document at once: only for documents of a sane size.
        highlighter.set_enabled(decoder is Decoder.JSON and len(text) <= HIGHLIGHT_LIMIT_CHARS)
        view.setPlainText(text)

    def _fill_meta(self, record: MessageRecord) -> None:
        batch = record.batch
        stamp = "" if record.timestamp < 0 else format_timestamp_ms(record.timestamp, self.timezone)
        values = {
            "Partition": str(record.partition),
            "Offset": f"{record.offset:,}",
            "Timestamp": f"{stamp}  ({record.timestamp} ms)" if stamp else "none",
            "Timestamp type": "not known for a search hit"
            if batch is None
            else _TS_TYPES.get(batch.timestamp_type, str(batch.timestamp_type)),
            "Compression": "not known for a search hit" if batch is None else batch.codec.name.lower(),
            "Transactional": "not known for a search hit"
            if batch is None
            else ("yes" if batch.is_transactional else "no"),
            "Size": format_bytes(record.size),
        }
        for name, text in values.items():
            self.meta[name].setText(text)
