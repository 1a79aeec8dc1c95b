"""The About dialog: our version, the Qt, PySide6 and Python we run on, and what we ship under which licence.

Open it with :func:`open_about_dialog` (``QDialog.open()``): it returns at once and runs no nested
event loop, so it is safe from coroutines.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import resources
from explorer.about import AboutInfo, Component, collect
from explorer.ui.icons import app_icon

PROJECT_LICENCE = "Apache-2.0"
PROJECT_LICENCE_TEXT = "licenses/Apache-2.0.txt"


class AboutDialog(QDialog):
    """Versions, platform and third-party licences. Double-click a component to read its licence."""

    def __init__(self, info: AboutInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info if info is not None else collect()
        self.setWindowTitle(f"About {self.info.app_name}")
        self.setWindowIcon(app_icon())
        self.components = self._components_table(self.info.components)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setToolTip("Copy versions and platform to the clipboard, for a bug report")
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addLayout(self._versions())
        layout.addWidget(QLabel("Third-party components we ship:"))
        layout.addWidget(self.components, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def _header(self) -> QHBoxLayout:
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(f"{self.info.app_name} {self.info.version}")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        licence_url = QUrl.fromLocalFile(str(resources.path(PROJECT_LICENCE_TEXT))).toString()
        blurb = QLabel(f"A desktop explorer for Apache Kafka.<br>Licensed under the "
                       f'<a href="{licence_url}">{PROJECT_LICENCE}</a> licence.')
        blurb.setOpenExternalLinks(True)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        header = QHBoxLayout()
        header.addWidget(logo)
        header.addLayout(text, 1)
        return header

    def _versions(self) -> QFormLayout:
        form = QFormLayout()
        qt_platform = QGuiApplication.platformName()
        rows = [("Qt", f"{self.info.qt_version} ({qt_platform})"), ("PySide6", self.info.pyside_version),
                ("Python", self.info.python_version), ("Platform", self.info.platform),
                ("Application id", self.info.app_id)]
        for label, value in rows:
            form.addRow(f"{label}:", QLabel(value))
        return form

    def _components_table(self, components: tuple[Component, ...]) -> QTableWidget:
        table = QTableWidget(len(components), 3)
        table.setHorizontalHeaderLabels(["Component", "Version", "Licence"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for row, component in enumerate(components):
            licence = QTableWidgetItem(component.licence)
            files = "\n".join(str(p) for p in component.licence_files) or "no licence text installed"
            licence.setToolTip(f"Package metadata: {component.declared}\n{files}")
            for column, item in enumerate((QTableWidgetItem(component.name),
                                           QTableWidgetItem(component.version), licence)):
                table.setItem(row, column, item)
        table.cellDoubleClicked.connect(self._open_licence)
        return table

    def _open_licence(self, row: int, _column: int) -> None:
        files = self.info.components[row].licence_files
        if files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(files[0])))

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.info.as_text())


def open_about_dialog(parent: QWidget | None = None) -> AboutDialog:
    """Show the About dialog without blocking (``open()``, never ``exec()``); it deletes itself on close."""
    dialog = AboutDialog(parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
