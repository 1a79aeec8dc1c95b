"""Create a topic: its name checked as Kafka checks it, partitions, replication and common configs."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.clusterdata import NewTopic
from explorer.topicname import MAX_NAME_LENGTH, collision_warning, name_problem

DEFAULT = "(broker default)"
CHOICES: dict[str, list[tuple[str, str | None]]] = {
    "cleanup.policy": [
        (DEFAULT, None),
        ("delete (by time or size)", "delete"),
        ("compact (keep the last value per key)", "compact"),
        ("compact and delete", "compact,delete"),
    ],
    "retention.ms": [
        (DEFAULT, None),
        ("1 hour", "3600000"),
        ("1 day", "86400000"),
        ("7 days", "604800000"),
        ("30 days", "2592000000"),
        ("forever", "-1"),
    ],
    "compression.type": [
        (DEFAULT, None),
        ("as the producer sent it", "producer"),
        ("none", "none"),
        ("gzip", "gzip"),
        ("snappy", "snappy"),
        ("lz4", "lz4"),
        ("zstd", "zstd"),
    ],
}
LABELS = {"cleanup.policy": "Cleanup policy", "retention.ms": "Retention", "compression.type": "Compression"}


class CreateTopicDialog(QDialog):
    """The form; :meth:`new_topic` is what to create once the dialog is accepted."""

    def __init__(self, existing: Iterable[str], brokers: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Topic")
        self.existing = set(existing)
        self.name = QLineEdit(maxLength=MAX_NAME_LENGTH + 10, placeholderText="orders.v1")
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet("color: #c62828")
        self.warning = QLabel(wordWrap=True)
        self.warning.setStyleSheet("color: #b26a00")
        self.partitions = QSpinBox(minimum=1, maximum=100_000, value=3)
        self.replication = QSpinBox(minimum=1, maximum=max(1, brokers), value=min(3, max(1, brokers)))
        self.replication.setToolTip(f"At most the number of brokers ({brokers}).")
        self.min_isr = QSpinBox(minimum=0, maximum=max(1, brokers))
        self.min_isr.setSpecialValueText(DEFAULT)
        self.config_boxes: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("", self.problem)
        form.addRow("", self.warning)
        form.addRow("Partitions", self.partitions)
        form.addRow("Replication factor", self.replication)
        for key, options in CHOICES.items():
            box = QComboBox()
            for label, value in options:
                box.addItem(label, value)
            self.config_boxes[key] = box
            form.addRow(LABELS[key], box)
        form.addRow("Min. in-sync replicas", self.min_isr)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton("Create", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        name = self.name.text()
        problem = name_problem(name)
        if problem is None and name in self.existing:
            problem = f"A topic called “{name}” already exists."
        self.problem.setText(problem if name and problem else "")
        self.problem.setVisible(bool(name and problem))
        warning = collision_warning(name, self.existing) if problem is None else None
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))
        self.create_button.setEnabled(problem is None)

    def configs(self) -> dict[str, str]:
        chosen = {key: box.currentData() for key, box in self.config_boxes.items()}
        if self.min_isr.value():
            chosen["min.insync.replicas"] = str(self.min_isr.value())
        return {key: value for key, value in chosen.items() if value is not None}

    def new_topic(self) -> NewTopic:
        return NewTopic(self.name.text(), self.partitions.value(), self.replication.value(), self.configs())

    def accept(self) -> None:
        if self.create_button.isEnabled():
            super().accept()
