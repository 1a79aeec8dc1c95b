"""Configuration entries of a topic, with where each value comes from; sensitive values hidden."""

from __future__ import annotations

from PySide6.QtCore import QObject

from explorer.clusterdata import ConfigEntry
from explorer.models.table import Column, RowTableModel


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
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def entry(self, name: str) -> ConfigEntry | None:
        return next((e for e in self.rows if e.name == name), None)
