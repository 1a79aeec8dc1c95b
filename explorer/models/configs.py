"""Configuration entries of a topic, with where each value comes from; sensitive values hidden."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from explorer.clusterdata import ConfigEntry
from explorer.models.table import Column, Index, RowTableModel


def _flags(entry: ConfigEntry) -> str:
    flags = []
    if entry.sensitive:
        flags.append("sensitive")
    if entry.read_only:
        flags.append("read-only")
    return ", ".join(flags)


COLUMNS: list[Column[ConfigEntry]] = [
    Column("Name", lambda e: e.name, tooltip=lambda e: e.documentation or None),
    Column("Value", lambda e: e.shown_value, tooltip=lambda e: e.documentation or None),
    Column("Source", lambda e: e.source),
    Column("", _flags),
]


class ConfigsModel(RowTableModel[ConfigEntry]):
    """Settings set on the topic itself are shown in bold."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            if index.isValid() and self.rows[index.row()].source == "topic override":
                return self._bold
            return None
        return super().data(index, role)

    def entry(self, name: str) -> ConfigEntry | None:
        return next((e for e in self.rows if e.name == name), None)
