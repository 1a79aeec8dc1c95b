"""The two bars above the message table: what to read (partitions, start, tail; start, pause,
resume, clear; export and replay) and what to find (filter as you type, search the whole
topic, go to an offset). They turn input into plain values and signals; the page acts.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from explorer.messages.seek import ReadPlan, StartAt, parse_partitions, parse_time
from explorer.models.message_reading import PAUSED, READING, RESOLVING, SEARCH_RUNNING, TAILING
from explorer.timefmt import TimeZoneMode

_PLACEHOLDERS = {
    StartAt.OFFSET: "offset, e.g. 42",
    StartAt.TIMESTAMP: "2026-03-01 14:05:09",
    StartAt.LAST: "N, e.g. 100",
}
FILTER_DELAY_MS = 200
W = TypeVar("W", bound=QWidget)


def _narrow(widget: W, width: int) -> W:
    widget.setMaximumWidth(width)
    return widget


class ReadBar(QWidget):
    """Partitions, start point and tail switch, and the read buttons."""

    start_requested = Signal(object)
    """A :class:`ReadPlan` to read now."""
    pause_requested = Signal()
    resume_requested = Signal()
    clear_requested = Signal()
    export_requested = Signal(str)
    """``selected``, ``shown`` or ``topic`` (the plan's range, read from the topic)."""
    replay_requested = Signal()
    problem = Signal(str)
    """The input cannot be read; the sentence says why."""

    def __init__(self, topic: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topic = topic
        self.timezone: TimeZoneMode = "local"
        self.partitions = _narrow(QLineEdit(placeholderText="all"), 110)
        self.partitions.setToolTip("Partitions to read: empty for all, or e.g. 0,2,5-7")
        self.start_at = QComboBox()
        for mode in StartAt:
            self.start_at.addItem(mode.label, mode.value)
        self.value = _narrow(QLineEdit(), 190)
        self.tail = QCheckBox("Keep tailing")
        self.tail.setToolTip("Go on showing new messages after the end (never joins a consumer group)")
        self.start_button = QPushButton("Start")
        self.start_button.setDefault(True)
        self.pause_button = QPushButton("Pause")
        self.clear_button = QPushButton("Clear")
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setMenu(self._export_menu())
        self.replay_button = QPushButton("Replay File…")
        self.replay_button.setToolTip("Produce the messages of a JSONL export into a topic")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            QLabel("Partitions"),
            self.partitions,
            QLabel("from"),
            self.start_at,
            self.value,
            self.tail,
            self.start_button,
            self.pause_button,
            self.clear_button,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.export_button)
        layout.addWidget(self.replay_button)
        self.start_at.currentIndexChanged.connect(self.refresh_placeholder)
        self.start_button.clicked.connect(self._start)
        self.value.returnPressed.connect(self._start)
        self.partitions.returnPressed.connect(self._start)
        self.pause_button.clicked.connect(self._pause_or_resume)
        self.clear_button.clicked.connect(self.clear_requested)
        self.replay_button.clicked.connect(self.replay_requested)
        self._state = "idle"
        self.refresh_placeholder()
        self.set_state("idle")

    def _export_menu(self) -> QMenu:
        menu = QMenu(self)
        for key, text in (
            ("selected", "Selected Rows…"),
            ("shown", "All Rows Shown…"),
            ("topic", "From the Topic (partitions and start as set, to the end)…"),
        ):
            action = QAction(text, menu)
            action.triggered.connect(lambda _=False, k=key: self.export_requested.emit(k))
            menu.addAction(action)
        return menu

    # -- input ------------------------------------------------------------------------------
    def mode(self) -> StartAt:
        return StartAt(self.start_at.currentData())

    def set_mode(self, mode: StartAt, value: str = "") -> None:
        self.start_at.setCurrentIndex(list(StartAt).index(mode))
        self.value.setText(value)

    def plan(self, *, tail: bool | None = None) -> ReadPlan:
        """What the inputs say; raises ValueError with a sentence."""
        mode = self.mode()
        partitions = parse_partitions(self.partitions.text())
        text = self.value.text().strip()
        number = 0
        if mode is StartAt.TIMESTAMP:
            if not text:
                raise ValueError("Enter the time to start from.")
            number = parse_time(text, self.timezone)
        elif mode in (StartAt.OFFSET, StartAt.LAST):
            if not text.isdigit():
                raise ValueError(f"Enter {'an offset' if mode is StartAt.OFFSET else 'N'} as a whole number.")
            number = int(text)
        return ReadPlan(self.topic, mode, number, partitions, self.tail.isChecked() if tail is None else tail)

    def set_state(self, state: str) -> None:
        self._state = state
        running = state in (RESOLVING, READING, TAILING)
        self.pause_button.setEnabled(running or state == PAUSED)
        self.pause_button.setText("Resume" if state == PAUSED else "Pause")
        self.start_button.setText("Restart" if running else "Start")

    # -- slots ------------------------------------------------------------------------------
    def refresh_placeholder(self) -> None:
        mode = self.mode()
        self.value.setEnabled(mode in _PLACEHOLDERS)
        placeholder = _PLACEHOLDERS.get(mode, "")
        if mode is StartAt.TIMESTAMP:
            placeholder += " (UTC)" if self.timezone == "UTC" else " (local time)"
        self.value.setPlaceholderText(placeholder)

    def _start(self) -> None:
        try:
            plan = self.plan()
        except ValueError as exc:
            self.problem.emit(str(exc))
            return
        self.start_requested.emit(plan)

    def _pause_or_resume(self) -> None:
        if self._state == PAUSED:
            self.resume_requested.emit()
        else:
            self.pause_requested.emit()


class FindBar(QWidget):
    """Filter the loaded rows as you type; search the whole topic; go to an offset."""

    filter_changed = Signal(str, bool)
    """The filter text (empty: no filter) and whether it is a regular expression."""
    search_requested = Signal(str, bool)
    cancel_search_requested = Signal()
    back_requested = Signal()
    go_to_requested = Signal(int, int)
    """Partition and offset."""
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Filter loaded messages (key, value, headers)…")
        self.filter.setClearButtonEnabled(True)
        self.regex = QCheckBox(".*")
        self.regex.setToolTip("Regular expression")
        self.search_button = QPushButton("Search Topic")
        self.search_button.setToolTip("Search every message of the topic for this text (Ctrl+Return)")
        self.cancel_button = QPushButton("Cancel")
        self.back_button = QPushButton("Back to Loaded")
        self.progress = _narrow(QProgressBar(), 160)
        self.partition = QSpinBox(maximum=1_000_000, prefix="partition ")
        self.offset = _narrow(QLineEdit(placeholderText="offset"), 110)
        self.go_button = QPushButton("Go")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets: list[QWidget] = [
            self.filter,
            self.regex,
            self.search_button,
            self.progress,
            self.cancel_button,
            self.back_button,
        ]
        for widget in widgets:
            layout.addWidget(widget)
        layout.addSpacing(12)
        widgets = [QLabel("Go to"), self.partition, self.offset, self.go_button]
        for widget in widgets:
            layout.addWidget(widget)
        layout.setStretch(0, 1)
        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._debounce.timeout.connect(self._emit_filter)
        self.filter.textChanged.connect(self._debounce.start)
        self.regex.toggled.connect(self._debounce.start)
        self.search_button.clicked.connect(self._search)
        search_shortcut = QAction(self.filter, shortcut=QKeySequence("Ctrl+Return"))
        search_shortcut.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        search_shortcut.triggered.connect(self._search)
        self.filter.addAction(search_shortcut)
        self.cancel_button.clicked.connect(self.cancel_search_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.go_button.clicked.connect(self._go)
        self.offset.returnPressed.connect(self._go)
        self.set_search_state("idle", 0, 0, 0)
        self.set_showing_hits(False)

    def set_search_state(self, state: str, scanned: int, total: int, matches: int) -> None:
        running = state == SEARCH_RUNNING
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        self.search_button.setEnabled(not running)
        if running:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * scanned / total) if total else 0)
            self.progress.setFormat(f"{matches:,} found")

    def set_showing_hits(self, showing: bool) -> None:
        self.back_button.setVisible(showing)

    def _emit_filter(self) -> None:
        self.filter_changed.emit(self.filter.text(), self.regex.isChecked())

    def _search(self) -> None:
        text = self.filter.text()
        if not text:
            self.problem.emit("Type what to search for in the filter box first.")
            return
        self.search_requested.emit(text, self.regex.isChecked())

    def _go(self) -> None:
        text = self.offset.text().strip()
        if not text.isdigit():
            self.problem.emit("Enter the offset to go to as a whole number.")
            return
        self.go_to_requested.emit(self.partition.value(), int(text))
