"""Table views set up the same way everywhere: fixed row heights, no per-row widgets, and one
column that takes the width the others leave (never less than its own minimum)."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FitTable(QTableView):
    """A read-only, row-selecting, sortable table; ``widths`` in characters per column."""

    def __init__(self, parent: QWidget | None, widths: list[int], stretch: int) -> None:
        super().__init__(parent)
        self.widths = widths
        self.stretch = stretch if stretch >= 0 else len(widths) - 1
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.setShowGrid(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)

    def char_width(self, chars: int) -> int:
        return chars * self.fontMetrics().averageCharWidth() + 24

    def fit_columns(self) -> None:
        """Every column at its width; the stretching one also gets what is left of the viewport."""
        header = self.horizontalHeader()
        for column, chars in enumerate(self.widths):
            if column != self.stretch:
                header.resizeSection(column, self.char_width(chars))
        if 0 <= self.stretch < len(self.widths):
            others = sum(header.sectionSize(c) for c in range(len(self.widths)) if c != self.stretch)
            room = self.viewport().width() - others
            header.resizeSection(self.stretch, max(self.char_width(self.widths[self.stretch]), room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


def make_table(
    parent: QWidget | None = None, *, widths: list[int] | None = None, stretch: int = 0
) -> FitTable:
    """A :class:`FitTable`; ``stretch`` -1 makes the last column take the spare width."""
    return FitTable(parent, widths or [], stretch)


def apply_widths(view: QTableView) -> None:
    """Apply the column widths once a model is set."""
    if isinstance(view, FitTable):
        view.fit_columns()
