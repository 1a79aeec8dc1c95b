"""Table views set up the same way everywhere: fixed row heights, no per-row widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def make_table(parent: QWidget | None = None, *, widths: list[int] | None = None,
               stretch: int = 0) -> QTableView:
    """A read-only, row-selecting, sortable table; ``widths`` in characters per column."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSortingEnabled(True)
    view.setShowGrid(False)
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    rows.hide()
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    view.setProperty("column_widths", widths or [])
    view.setProperty("stretch_column", stretch)
    return view


def apply_widths(view: QTableView) -> None:
    """Fixed column widths (no resize-to-contents over thousands of rows); one column stretches."""
    header = view.horizontalHeader()
    char = view.fontMetrics().averageCharWidth()
    widths = view.property("column_widths") or []
    stretch = view.property("stretch_column")
    for column, chars in enumerate(widths):
        header.resizeSection(column, chars * char + 24)
    if stretch is not None and stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
