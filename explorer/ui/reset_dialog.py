"""Resetting a group's offsets: choose where to and which partitions, see the preview (current
and new offset per partition), then apply exactly that preview.

Nothing is written before Apply; changing any choice withdraws the preview. A group with
active members is refused (by :mod:`protocol.admin.offset_reset`) with the reason shown.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.groups.detail import GroupDetail
from explorer.groups.reset import KINDS, LABELS, ResetChoice, plan_request
from explorer.models.groups import ResetPreviewModel
from explorer.produce.timestamps import EXAMPLE
from explorer.tasks import TaskSet
from explorer.timefmt import TimeZoneMode
from explorer.ui.tables import apply_widths, make_table
from protocol.admin import Admin, GroupActiveError, ResetPlan, TopicPartition
from protocol.client import KafkaClient
from protocol.errors import KafkaExplorerError

ERROR_STYLE = "color: #c62828"
INPUT_PAGE = {"earliest": 0, "latest": 0, "timestamp": 1, "offset": 2, "shift": 3}
INPUT_LABEL = {"timestamp": "Time", "offset": "Offset", "shift": "Shift by"}


def number_field(placeholder: str, signed: bool) -> QLineEdit:
    field = QLineEdit(placeholderText=placeholder)
    pattern = r"-?\d{0,19}" if signed else r"\d{0,19}"
    field.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), field))
    return field


class ResetDialog(QDialog):
    """Plan and apply an offset reset of the group in ``detail``."""

    previewed = Signal(object)
    """A preview is shown (its :class:`~protocol.admin.ResetPlan`)."""
    refused = Signal(str)
    """The preview or the reset was refused or failed (the sentence shown)."""
    applied_plan = Signal(object)
    """The reset was committed (the applied :class:`~protocol.admin.ResetPlan`)."""

    def __init__(self, client: KafkaClient, detail: GroupDetail, partitions_of: dict[str, int],
                 mode: TimeZoneMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Reset Offsets of “{detail.group.group_id}”")
        self.resize(760, 560)
        self.client, self.detail, self.partitions_of, self.mode = client, detail, partitions_of, mode
        self.plan: ResetPlan | None = None
        self.applied: ResetPlan | None = None
        self.model = ResetPreviewModel(self)
        self.tasks = TaskSet("reset dialog")
        self._generation = 0
        self._build()
        self._wire()
        self._topic_changed()

    def _build(self) -> None:
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(LABELS[kind], kind)
        zone = "UTC" if self.mode == "UTC" else "local time"
        self.timestamp = QLineEdit(placeholderText=f"{EXAMPLE} ({zone})")
        self.offset = number_field("offset, e.g. 1000", signed=False)
        self.shift = number_field("e.g. -100 to read the last 100 again, 50 to skip 50", signed=True)
        self.inputs = QStackedWidget()
        for widget in (QWidget(), self.timestamp, self.offset, self.shift):
            self.inputs.addWidget(widget)
        self.topic = QComboBox(editable=True)
        self.topic.addItem("All topics of the group", None)
        for topic in self.detail.topics:
            self.topic.addItem(topic, topic)
        self.partition = QComboBox()
        self.preview_button = QPushButton("Preview")
        self.message = QLabel(wordWrap=True)
        self.table = make_table(self, widths=[30, 9, 16, 16, 12], stretch=0)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        apply_widths(self.table)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton("Apply Reset", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        heading = QLabel(f"<b>{html.escape(self.detail.group.group_id)}</b> &nbsp; "
                         f"{html.escape(self.detail.summary())}")
        self.input_label = QLabel()
        self.form = QFormLayout()
        self.form.addRow("Reset to", self.kind)
        self.form.addRow(self.input_label, self.inputs)
        self.form.addRow("Topic", self.topic)
        self.form.addRow("Partition", self.partition)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.preview_button)
        preview_row.addStretch(1)
        self.form.addRow("", preview_row)
        self.form.setRowVisible(1, False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def _wire(self) -> None:
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.topic.currentTextChanged.connect(self._topic_changed)
        for signal in (self.timestamp.textChanged, self.offset.textChanged, self.shift.textChanged,
                       self.partition.currentIndexChanged):
            signal.connect(self._withdraw)
        self.preview_button.clicked.connect(self.preview)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.finished.connect(lambda _code: self.tasks.cancel_all())

    # -- the choice -------------------------------------------------------------------------
    def set_choice(self, kind: str, *, topic: str | None = None, partition: int | None = None,
                   value: str = "") -> None:
        """Fill the form (for keyboard users' macros and for tests)."""
        self.kind.setCurrentIndex(KINDS.index(kind))
        if topic is None:
            self.topic.setCurrentIndex(0)
        else:
            self.topic.setCurrentText(topic)
        index = self.partition.findData(partition)
        self.partition.setCurrentIndex(max(index, 0))
        field = {"timestamp": self.timestamp, "offset": self.offset, "shift": self.shift}.get(kind)
        if field is not None:
            field.setText(value)

    def choice(self) -> ResetChoice:
        """What the form says; raises ``ValueError`` with a sentence for a missing number."""
        kind = self.kind.currentData()
        topic = self._topic()
        partition = self.partition.currentData()
        offset = _number(self.offset.text(), "the offset") if kind == "offset" else 0
        shift = _number(self.shift.text(), "how far to shift") if kind == "shift" else 0
        return ResetChoice(kind, topic, partition, self.timestamp.text(), offset, shift)

    def _topic(self) -> str | None:
        text = self.topic.currentText().strip()
        return None if not text or text == self.topic.itemText(0) else text

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.inputs.setCurrentIndex(INPUT_PAGE[kind])
        self.input_label.setText(INPUT_LABEL.get(kind, ""))
        self.form.setRowVisible(1, kind in INPUT_LABEL)
        self._withdraw()

    def _topic_changed(self) -> None:
        topic = self._topic()
        self.partition.blockSignals(True)
        self.partition.clear()
        self.partition.addItem("All partitions", None)
        count = self.partitions_of.get(topic, 0) if topic else 0
        known = sorted({p.partition for p in self.detail.partitions if p.topic == topic})
        for number in range(count) if count else known:
            self.partition.addItem(str(number), number)
        self.partition.setEnabled(topic is not None)
        self.partition.blockSignals(False)
        self._withdraw()

    def _withdraw(self) -> None:
        """Any change makes the shown preview stale: it can no longer be applied."""
        self._generation += 1
        self.plan = None
        self.apply_button.setEnabled(False)
        if self.model.rowCount():
            self.model.set_rows([])
            self._say("The choice changed: preview again before applying.", "")

    # -- preview and apply -------------------------------------------------------------------
    def preview(self) -> None:
        self._withdraw()
        self._say("Planning…", "")
        self.tasks.start(self._preview(self._generation))

    async def _preview(self, generation: int) -> None:
        detail = self.detail
        known = [TopicPartition(p.topic, p.partition) for p in detail.partitions]
        try:
            target, scope = plan_request(self.choice(), known, detail.committed, self.partitions_of,
                                         self.mode)
            plan = await Admin(self.client).plan_offset_reset(detail.group.group_id, target, scope)
        except (ValueError, KafkaExplorerError) as exc:
            if generation == self._generation:
                self._refuse(exc)
            return
        if generation != self._generation:
            return  # the choice changed while planning
        self.plan = plan
        self.model.set_rows(plan.changes)
        self.apply_button.setEnabled(bool(plan.changes))
        self._say(_plan_summary(plan), "")
        self.previewed.emit(plan)

    def apply(self) -> None:
        if self.plan is not None:
            for button in (self.apply_button, self.preview_button, self.cancel_button):
                button.setEnabled(False)
            self.tasks.start(self._apply(self.plan))

    async def _apply(self, plan: ResetPlan) -> None:
        try:
            done = await Admin(self.client).apply_offset_reset(plan)
        except KafkaExplorerError as exc:
            self.preview_button.setEnabled(True)
            self.cancel_button.setEnabled(True)
            self._refuse(exc)
            return
        self.applied = done
        self.applied_plan.emit(done)
        self.accept()

    def _refuse(self, problem: Exception) -> None:
        text = f"Refused. {problem}" if isinstance(problem, GroupActiveError) else str(problem)
        self._say(text, ERROR_STYLE)
        self.refused.emit(text)

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)


def _number(text: str, what: str) -> int:
    text = text.strip()
    if text in ("", "-"):
        raise ValueError(f"Enter {what}.")
    return int(text)


def _plan_summary(plan: ResetPlan) -> str:
    moved = sum(1 for c in plan.changes if c.before != c.after)
    back = sum(1 for c in plan.changes if c.before is not None and c.after < c.before)
    return (f"{len(plan.changes)} partition(s), {moved} would change ({back} move back and re-read). "
            "Nothing is written until you apply.")
