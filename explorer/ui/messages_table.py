"""The message table: fixed-height rows, no sorting, and it follows new rows only while the user
is already at the bottom (scrolling up to read stops the following; scrolling down resumes it).
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QWidget

from explorer.models.messages import VALUE, MessagesModel
from explorer.ui.tables import FitTable, apply_widths

WIDTHS = [6, 8, 29, 14, 18, 5, 7]
"""Column widths in characters; the value column stretches."""


class MessagesTable(FitTable):
    """See the module docstring; :meth:`store_rows` gives the selected rows' store numbers."""

    def __init__(self, model: MessagesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, WIDTHS, VALUE)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(False)
        self.setModel(model)
        apply_widths(self)
        self._following = True
        self.auto_scroll = False
        """Follow new rows (while at the bottom); the page sets it for tails."""
        model.rowsAboutToBeInserted.connect(self._before_insert)
        model.rowsInserted.connect(self._after_insert)

    def messages(self) -> MessagesModel:
        model = self.model()
        assert isinstance(model, MessagesModel)
        return model

    @property
    def at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 2

    def selected_spans(self) -> list[tuple[int, int]]:
        """The selected table rows as merged ``(first, last)`` spans, top to bottom."""
        selection = self.selectionModel().selection()
        spans = sorted((selection.at(i).top(), selection.at(i).bottom()) for i in range(selection.count()))
        merged: list[tuple[int, int]] = []
        for top, bottom in spans:
            if merged and top <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(bottom, merged[-1][1]))
            else:
                merged.append((top, bottom))
        return merged

    def store_rows(self) -> Iterator[int]:
        """Store rows of the selection, top to bottom."""
        model = self.messages()
        for top, bottom in self.selected_spans():
            for row in range(top, bottom + 1):
                yield model.store_row(row)

    def selected_count(self) -> int:
        return sum(bottom - top + 1 for top, bottom in self.selected_spans())

    def _before_insert(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self._following = self.at_bottom

    def _after_insert(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        if self._following and self.auto_scroll:
            self.scrollToBottom()
