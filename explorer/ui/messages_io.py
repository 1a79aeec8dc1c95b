"""Export and replay from the message page: ask where (file dialogs opened, never exec'd), then
run the Qt-free writers of :mod:`explorer.messages.export` and :mod:`explorer.messages.replay`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from explorer.ui.dialogs import run_dialog

FILE_FILTERS = "JSON Lines (*.jsonl);;CSV (*.csv)"


async def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    dialog = QFileDialog(parent, "Export Messages", str(Path.home() / suggested), FILE_FILTERS)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("jsonl")
    if await run_dialog(dialog) != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    path = Path(dialog.selectedFiles()[0])
    if path.suffix.lower() not in (".jsonl", ".csv"):
        chosen = dialog.selectedNameFilter()
        path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".jsonl")
    return path


async def ask_open_path(parent: QWidget) -> Path | None:
    dialog = QFileDialog(parent, "Replay a JSONL Export", str(Path.home()), "JSON Lines (*.jsonl)")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if await run_dialog(dialog) != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


class ReplayDialog(QDialog):
    """Where to replay a file, and what to keep."""

    def __init__(self, path: Path, topic: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Replay Messages")
        self.topic = QLineEdit(topic)
        self.keep_partitions = QCheckBox("Keep each message's partition")
        self.keep_timestamps = QCheckBox("Keep each message's timestamp")
        self.keep_partitions.setChecked(True)
        self.keep_timestamps.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Replay", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Produce every message of <b>{path.name}</b> into a topic."))
        form.addRow("Topic:", self.topic)
        form.addRow(self.keep_partitions)
        form.addRow(self.keep_timestamps)
        form.addRow(buttons)
