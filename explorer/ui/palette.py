"""Ctrl+K: type a few letters of a topic (or cluster) and jump to it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from explorer.models import OBJECT_ROLE
from explorer.models.palette import PaletteModel
from explorer.quickopen import Target

_STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}


class QuickOpen(QFrame):
    """A popup over the main window: a line edit driving a ranked list. No event loop of its own."""

    chosen = Signal(object)
    """The user picked this :class:`explorer.quickopen.Target`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = PaletteModel(self)
        self.edit = QLineEdit(placeholderText="Go to topic or cluster…")
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hint = QLabel("↑↓ to choose, Enter to open, Esc to close")
        self.hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.edit.textChanged.connect(self._query)
        self.edit.installEventFilter(self)
        self.list.activated.connect(self._choose)
        self.list.clicked.connect(self._choose)

    def open_with(self, targets: list[Target]) -> None:
        """Show the palette over its parent, listing ``targets``."""
        self.model.set_targets(targets)
        self.edit.clear()
        self._select_first()
        parent = self.parentWidget()
        assert parent is not None
        width = min(640, max(360, parent.width() - 80))
        top_left = parent.mapToGlobal(parent.rect().topLeft())
        self.setGeometry(top_left.x() + (parent.width() - width) // 2, top_left.y() + 60, width, 380)
        self.show()
        self.edit.setFocus()

    def _query(self, text: str) -> None:
        self.model.set_query(text)
        self._select_first()

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))

    def _move(self, step: int) -> None:
        count = self.model.rowCount()
        if count:
            row = (max(self.list.currentIndex().row(), 0) + step) % count
            self.list.setCurrentIndex(self.model.index(row))

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            target = index.data(OBJECT_ROLE)
            self.hide()
            self.chosen.emit(target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(_STEPS[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.list.currentIndex())
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)
