"""Small topic dialogs: delete (type the name to confirm), add partitions, edit one config."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.clusterdata import ConfigEntry
from explorer.timefmt import format_count

RESET = 2
"""Result code of :class:`EditConfigDialog` when the user removed the override."""


def _buttons(dialog: QDialog, action: str) -> tuple[QDialogButtonBox, QPushButton]:
    dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 64)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class DeleteTopicDialog(QDialog):
    """Deleting is for good: the user types the topic's name to enable the button."""

    def __init__(self, topic: str, cluster: str, messages: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topic = topic
        self.setWindowTitle("Delete Topic")
        what = f"its {format_count(messages)} messages" if messages else "all its messages"
        intro = QLabel(
            f"Delete the topic <b>{topic}</b> from <b>{cluster}</b>? This removes {what} "
            "for good; it cannot be undone.",
            wordWrap=True,
        )
        self.confirm = QLineEdit(placeholderText=topic)
        self.buttons, self.delete_button = _buttons(self, "Delete Topic")
        self.delete_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Type the topic's name to confirm:"))
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        self.confirm.textChanged.connect(lambda text: self.delete_button.setEnabled(text == topic))

    def accept(self) -> None:
        if self.confirm.text() == self.topic:
            super().accept()


class AddPartitionsDialog(QDialog):
    """Grow a topic to more partitions (they can never be removed)."""

    def __init__(self, topic: str, current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Partitions")
        self.total = QSpinBox(minimum=current + 1, maximum=current + 100_000, value=current + 1)
        note = QLabel(
            "Partitions can be added but never removed. Keys map to partitions by a hash of "
            "the partition count, so after this, new messages with a key may go to another "
            "partition than earlier ones with the same key.",
            wordWrap=True,
        )
        form = QFormLayout()
        form.addRow("Topic", QLabel(topic))
        form.addRow("Partitions now", QLabel(str(current)))
        form.addRow("New total", self.total)
        self.buttons, self.add_button = _buttons(self, "Add Partitions")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)


class EditConfigDialog(QDialog):
    """Set one config of a topic, or remove its override (result :data:`RESET`)."""

    def __init__(self, topic: str, entry: ConfigEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit {entry.name}")
        self.value = QLineEdit("" if entry.sensitive or entry.value is None else entry.value)
        if entry.sensitive:
            self.value.setEchoMode(QLineEdit.EchoMode.Password)
            self.value.setPlaceholderText("(hidden; type a new value)")
        form = QFormLayout()
        form.addRow("Topic", QLabel(topic))
        form.addRow("Setting", QLabel(f"<b>{entry.name}</b>"))
        form.addRow("Comes from", QLabel(entry.source))
        form.addRow("Value", self.value)
        doc = QLabel(entry.documentation or "", wordWrap=True)
        doc.setVisible(bool(entry.documentation))
        self.buttons, self.save_button = _buttons(self, "Save")
        self.reset_button = self.buttons.addButton("Remove Override", QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button.setVisible(entry.source == "topic override")
        self.reset_button.clicked.connect(lambda: self.done(RESET))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(doc)
        layout.addWidget(self.buttons)
