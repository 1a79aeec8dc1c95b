"""The producer's history for views: newest first, one insert per send, trimmed at the end."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from explorer.models import NO_PARENT, OBJECT_ROLE, SORT_ROLE
from explorer.models.table import Index
from explorer.produce.history import ProduceHistory, SentEntry
from explorer.produce.sending import SendOutcome
from explorer.timefmt import TimeZoneMode, format_timestamp_ms, to_datetime

HEADERS = ("Sent at", "Cluster", "Topic", "Result", "Key", "Value")
RESULT = 3
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ERROR = QBrush(QColor("#c62828"))


def result_text(outcome: SendOutcome, mode: TimeZoneMode) -> str:
    """``partition 2 · offset 17 · 2026-… UTC``; for copies, the range; for failures, the reason."""
    if outcome.first is None:
        return f"failed: {outcome.error or 'nothing was written'}".splitlines()[0]
    partition, offset, stamp = outcome.first
    where = f"offset {offset:,}" if offset >= 0 else "offset unknown (acks 0)"
    if outcome.copies == 1:
        return f"partition {partition} · {where} · {format_timestamp_ms(stamp, mode)}"
    shown = outcome.partitions[:12]
    parts = ", ".join(str(p) for p in shown) + (", …" if len(outcome.partitions) > len(shown) else "")
    plural = "s" if len(outcome.partitions) > 1 else ""
    text = f"{outcome.written:,} of {outcome.copies:,} sent · partition{plural} {parts}"
    return text + (" · some failed" if outcome.error else "")


def sent_at(when: float, mode: TimeZoneMode) -> str:
    """``14:05:09 UTC``: the history covers this run only, so the time of day is enough."""
    moment = to_datetime(when, mode)
    return f"{moment:%H:%M:%S} {'UTC' if mode == 'UTC' else moment.strftime('%Z') or moment.strftime('%z')}"


class ProduceHistoryModel(QAbstractTableModel):
    """Adapts a :class:`ProduceHistory` (kept by the app, shared by producer pages)."""

    def __init__(self, history: ProduceHistory, mode: TimeZoneMode = "local",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.mode = mode
        history.subscribe(self._changed)

    def detach(self) -> None:
        """Stop following the history (the view is going away)."""
        self.history.unsubscribe(self._changed)

    def set_mode(self, mode: TimeZoneMode) -> None:
        self.mode = mode
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(HEADERS) - 1))

    def entry(self, row: int) -> SentEntry:
        entries = self.history.entries
        return entries[len(entries) - 1 - row]

    def _changed(self, change: str, count: int) -> None:
        size = len(self.history.entries)
        if change == "adding":
            self.beginInsertRows(NO_PARENT, 0, count - 1)
        elif change == "added":
            self.endInsertRows()
        elif change == "trimming":
            self.beginRemoveRows(NO_PARENT, size - count, size - 1)
        elif change == "trimmed":
            self.endRemoveRows()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.history.entries)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role in (_DISPLAY, SORT_ROLE):
            return self._text(self.entry(index.row()), index.column())
        if role == OBJECT_ROLE:
            return self.entry(index.row())
        entry = self.entry(index.row()) if role in (Qt.ItemDataRole.ToolTipRole,
                                                    Qt.ItemDataRole.ForegroundRole) else None
        if entry is None or index.column() != RESULT or entry.outcome.error is None:
            return None
        return entry.outcome.error if role == Qt.ItemDataRole.ToolTipRole else _ERROR

    def _text(self, entry: SentEntry, column: int) -> str:
        if column == 0:
            return sent_at(entry.at, self.mode)
        if column == 1:
            return entry.cluster
        if column == 2:
            return entry.outcome.topic
        if column == RESULT:
            return result_text(entry.outcome, self.mode)
        return entry.key_preview if column == 4 else entry.value_preview
