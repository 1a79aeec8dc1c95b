"""The message table's model: rows of a :class:`~explorer.messages.store.MessageStore`.

Fixed-height rows over a store that may hold millions: ``data()`` reads the row's offset and
timestamp from memory and decodes key and value only for rows the view asks for (what is on
screen), keeping a small cache of their previews. New rows are not announced one by one: the
reader appends to the store and calls :meth:`MessagesModel.notify`, and a 75 ms timer does one
``beginInsertRows`` per tick (and one ``beginRemoveRows`` when the row cap trims the oldest),
as Picard's log view does. With a filter, the rows are a :class:`RowFilter`'s matches, found a
time slice per tick. The model never sorts.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from explorer.messages.decoders import Decoder, preview
from explorer.messages.filtering import RowFilter
from explorer.messages.rate import RateMeter
from explorer.messages.store import MessageStore, record_size
from explorer.models import NO_PARENT
from explorer.timefmt import TimeZoneMode, format_bytes, format_timestamp_ms

Index = QModelIndex | QPersistentModelIndex
PARTITION, OFFSET, TIMESTAMP, KEY, VALUE, HEADERS, SIZE = range(7)
HEADERS_TEXT = ("Partition", "Offset", "Timestamp", "Key", "Value", "Headers", "Size")
STORE_ROW_ROLE = Qt.ItemDataRole.UserRole + 10
"""The absolute store row behind a table row (an int)."""
TICK_MS = 75
SCAN_TICK_MS = 20
"""While a new filter looks through the loaded rows: 12 ms of scanning every 20 ms."""
DEFAULT_MAX_ROWS = 10_000_000
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_PREVIEW_CACHE_ROWS = 4096
_FILTER_BUDGET_S = 0.012


class MessagesModel(QAbstractTableModel):
    """A read-only, append-only table of messages (see the module docstring)."""

    rows_arrived = Signal(int)
    """This many rows were just inserted at the end (once per tick)."""
    filter_progress = Signal(int, int)
    """With a filter: rows looked at so far, rows held."""

    def __init__(
        self,
        store: MessageStore,
        *,
        timezone: TimeZoneMode = "local",
        max_rows: int = DEFAULT_MAX_ROWS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.max_rows = max_rows
        self._timezone: TimeZoneMode = timezone
        self._key_decoder = Decoder.TEXT
        self._value_decoder = Decoder.TEXT
        self._filter: RowFilter | None = None
        self._shown = 0
        self._seen_end = store.end
        self._previews: OrderedDict[int, tuple[str, str, int, int]] = OrderedDict()
        self.meter = RateMeter()
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self.tick)

    # -- what the view reads ----------------------------------------------------------------
    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(HEADERS_TEXT)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS_TEXT):
            return None
        if role == _DISPLAY:
            return HEADERS_TEXT[section]
        if role == _ALIGN and section in (PARTITION, OFFSET, HEADERS, SIZE):
            return _RIGHT
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY and role != _ALIGN and role != STORE_ROW_ROLE:
            return None
        if not index.isValid():
            return None
        column = index.column()
        if role == _ALIGN:
            return _RIGHT if column in (PARTITION, OFFSET, HEADERS, SIZE) else None
        row = self.store_row(index.row())
        if role == STORE_ROW_ROLE:
            return row
        store = self.store
        if column == OFFSET:
            return str(store.offset(row))
        if column == PARTITION:
            return str(store.partition(row))
        if column == TIMESTAMP:
            ms = store.timestamp(row)
            return "" if ms < 0 else format_timestamp_ms(ms, self._timezone)
        key, value, count, size = self._preview(row)
        if column == KEY:
            return key
        if column == VALUE:
            return value
        if column == HEADERS:
            return str(count) if count else ""
        return format_bytes(size)

    # -- rows -------------------------------------------------------------------------------
    def store_row(self, row: int) -> int:
        """The absolute store row of table row ``row``."""
        return self._filter.row(row) if self._filter is not None else self.store.base + row

    def table_row(self, store_row: int) -> int | None:
        """The table row showing ``store_row``, if it is shown."""
        if self._filter is not None:
            below = self._filter.matches_below(store_row)
            if below < self._shown and self._filter.row(below) == store_row:
                return below
            return None
        row = store_row - self.store.base
        return row if 0 <= row < self._shown else None

    @property
    def filtered(self) -> bool:
        return self._filter is not None

    @property
    def pending(self) -> bool:
        """Rows wait to be shown (or filtered)."""
        source = len(self._filter) if self._filter is not None else len(self.store)
        scanning = self._filter is not None and not self._filter.caught_up
        return source > self._shown or scanning or len(self.store) > self.max_rows

    # -- changes ----------------------------------------------------------------------------
    def notify(self) -> None:
        """The store has new rows: show them within a tick."""
        if not self._timer.isActive():
            self._timer.start()

    def tick(self) -> None:
        """Show what arrived: trim to the cap, filter a time slice, insert at the end."""
        arrived = self.store.end - self._seen_end
        self._seen_end = self.store.end
        self.meter.add(arrived)
        self._trim()
        if self._filter is not None:
            self._filter.scan(_FILTER_BUDGET_S)
            self.filter_progress.emit(self._filter.scanned - self.store.base, len(self.store))
        available = len(self._filter) if self._filter is not None else len(self.store)
        if available > self._shown:
            first = self._shown
            self.beginInsertRows(NO_PARENT, first, available - 1)
            self._shown = available
            self.endInsertRows()
            self.rows_arrived.emit(available - first)
        if not self.pending:
            self._timer.stop()
        scanning = self._filter is not None and not self._filter.caught_up
        self._timer.setInterval(SCAN_TICK_MS if scanning else TICK_MS)

    def set_store(self, store: MessageStore) -> None:
        """Show another store (a new read); the filter, if any, applies to it."""

        def switch() -> None:
            self.store = store
            self._seen_end = store.end
            if self._filter is not None:
                self._filter = RowFilter(store, self._filter.needle, self._filter.fields)
            self.meter.reset()

        self._replace_rows(switch)
        self.notify()

    def clear(self) -> None:
        """Forget every loaded row (a tail goes on filling the same store)."""

        def forget() -> None:
            self.store.clear()
            if self._filter is not None:
                self._filter = RowFilter(self.store, self._filter.needle, self._filter.fields)

        self._replace_rows(forget)

    def set_filter(self, row_filter: RowFilter | None) -> None:
        """Show only the matches of ``row_filter`` (None: every row)."""

        def change() -> None:
            self._filter = row_filter

        self._replace_rows(change)
        self.notify()

    def set_decoders(self, key: Decoder, value: Decoder) -> None:
        if (key, value) == (self._key_decoder, self._value_decoder):
            return
        self._key_decoder, self._value_decoder = key, value
        self._previews.clear()
        self._columns_changed(KEY, VALUE)

    def set_timezone(self, mode: TimeZoneMode) -> None:
        if mode != self._timezone:
            self._timezone = mode
            self._columns_changed(TIMESTAMP, TIMESTAMP)

    @property
    def decoders(self) -> tuple[Decoder, Decoder]:
        return self._key_decoder, self._value_decoder

    # -- internals --------------------------------------------------------------------------
    def _replace_rows(self, change: Callable[[], None]) -> None:
        """Remove every row shown, apply ``change``, show what is there again (rows appear on ticks).

        Rows are removed rather than the model reset, so the header keeps its column widths.
        """
        if self._shown:
            self.beginRemoveRows(NO_PARENT, 0, self._shown - 1)
        had = self._shown
        change()
        self._shown = 0
        self._previews.clear()
        if had:
            self.endRemoveRows()
        self.tick()

    def _trim(self) -> None:
        excess = len(self.store) - self.max_rows
        if excess <= 0:
            return
        new_base = self.store.base + excess
        if self._filter is not None:
            gone = min(self._filter.matches_below(new_base), self._shown)
        else:
            gone = min(excess, self._shown)
        if gone:
            self.beginRemoveRows(NO_PARENT, 0, gone - 1)
        self.store.drop_front(excess)
        if self._filter is not None:
            self._filter.drop_front(self._filter.matches_below(new_base))
        self._shown -= gone
        if gone:
            self.endRemoveRows()

    def _preview(self, row: int) -> tuple[str, str, int, int]:
        cached = self._previews.get(row)
        if cached is not None:
            return cached
        key, value, headers = self.store.fields(row)
        entry = (
            preview(key, self._key_decoder),
            preview(value, self._value_decoder),
            len(headers),
            record_size(key, value, headers),
        )
        self._previews[row] = entry
        if len(self._previews) > _PREVIEW_CACHE_ROWS:
            self._previews.popitem(last=False)
        return entry

    def _columns_changed(self, first: int, last: int) -> None:
        if self._shown:
            self.dataChanged.emit(self.index(0, first), self.index(self._shown - 1, last), [_DISPLAY])
