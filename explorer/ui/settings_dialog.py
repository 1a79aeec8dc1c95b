"""Settings: the time zone used everywhere, and the theme. Changes apply at once."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from explorer.settings import THEMES, AppSettings
from explorer.timefmt import TIME_ZONES

ZONE_LABELS = {"local": "Local time of this computer", "UTC": "UTC"}
THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self.timezone = QComboBox()
        for zone in TIME_ZONES:
            self.timezone.addItem(ZONE_LABELS[zone], zone)
        self.timezone.setCurrentIndex(self.timezone.findData(settings.timezone))
        self.theme = QComboBox()
        for theme in THEMES:
            self.theme.addItem(THEME_LABELS[theme], theme)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme))
        form = QFormLayout()
        form.addRow("Times shown in", self.timezone)
        note = QLabel("Used everywhere: tables, details, seeking and exports.")
        note.setEnabled(False)
        form.addRow("", note)
        form.addRow("Theme", self.theme)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.timezone.currentIndexChanged.connect(lambda: settings.set_timezone(self.timezone.currentData()))
        self.theme.currentIndexChanged.connect(lambda: settings.set_theme(self.theme.currentData()))
