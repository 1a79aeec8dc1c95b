"""The producer's headers table: editable name, value and format per row (order kept, names
may repeat, as Kafka allows)."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from explorer.models import NO_PARENT
from explorer.models.table import Index
from explorer.produce.form import HeaderField
from explorer.produce.payload import HEADER_FORMATS, LABELS, Format

HEADERS = ("Name", "Value", "Format")
NAME, VALUE, FORMAT = 0, 1, 2
_DISPLAY, _EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole


class HeadersModel(QAbstractTableModel):
    """Rows of :class:`HeaderField`; a row with neither name nor value is ignored when sending."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[HeaderField] = []

    def headers(self) -> tuple[HeaderField, ...]:
        return tuple(self.rows)

    def set_headers(self, headers: tuple[HeaderField, ...]) -> None:
        self.beginResetModel()
        self.rows = list(headers)
        self.endResetModel()

    def add(self, header: HeaderField | None = None) -> int:
        row = len(self.rows)
        self.beginInsertRows(NO_PARENT, row, row)
        self.rows.append(header or HeaderField(""))
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(NO_PARENT, row, row)
            del self.rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, _EDIT):
            return None
        header = self.rows[index.row()]
        if index.column() == NAME:
            return header.name
        if index.column() == VALUE:
            return "" if header.format == "null" and role == _DISPLAY else header.value
        return LABELS[header.format] if role == _DISPLAY else header.format

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if not index.isValid() or role != _EDIT or not isinstance(value, str):
            return False
        header = self.rows[index.row()]
        if index.column() == NAME:
            header = HeaderField(value, header.value, header.format)
        elif index.column() == VALUE:
            header = HeaderField(header.name, value, header.format)
        elif value in HEADER_FORMATS:
            header = HeaderField(header.name, header.value, cast(Format, value))
        else:
            return False
        self.rows[index.row()] = header
        self.dataChanged.emit(index, index, [_DISPLAY, _EDIT])
        return True
