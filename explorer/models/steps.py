"""The steps of a connection test, as they run: status, step, time, what happened."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from explorer.conntest import FAILED, OK, RUNNING, SKIPPED, STEPS, StepResult
from explorer.models import NO_PARENT, OBJECT_ROLE
from explorer.timefmt import format_duration

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("", "Step", "Time", "Result")
SYMBOLS = {OK: "✔", FAILED: "✖", RUNNING: "…", SKIPPED: "-", "waiting": ""}
COLOURS = {OK: QColor("#2e7d32"), FAILED: QColor("#c62828"), RUNNING: QColor("#1565c0")}


class StepsModel(QAbstractTableModel):
    """One row per step of :data:`explorer.conntest.STEPS`, updated in place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reset()

    def reset(self) -> None:
        self.beginResetModel()
        self.steps = [StepResult(key, title, "waiting") for key, title in STEPS]
        self.endResetModel()

    def update(self, result: StepResult) -> None:
        row = next(i for i, step in enumerate(self.steps) if step.key == result.key)
        self.steps[row] = result
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def failures(self) -> list[StepResult]:
        return [step for step in self.steps if step.status == FAILED]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.steps)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step = self.steps[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(step, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return COLOURS.get(step.status)
        if role == OBJECT_ROLE:
            return step
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and step.meaning:
            return f"{step.meaning}\n\nCheck: {step.check}"
        return None

    @staticmethod
    def _text(step: StepResult, column: int) -> str:
        if column == 0:
            return SYMBOLS.get(step.status, "")
        if column == 1:
            return step.title
        if column == 2:
            return format_duration(step.seconds) if step.status in (OK, FAILED) else ""
        return "running…" if step.status == RUNNING else step.summary
