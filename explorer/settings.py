"""The user's preferences, in ``QSettings``: the time zone and the theme.

One :class:`AppSettings` per app; views read it and follow :attr:`AppSettings.changed`.
Secrets never go here (they live in the keychain, see :mod:`explorer.profiles`).
"""

from __future__ import annotations

from typing import Literal, cast

from PySide6.QtCore import QObject, QSettings, Signal

from explorer.timefmt import TIME_ZONES, TimeZoneMode

ThemeMode = Literal["system", "light", "dark"]
THEMES: tuple[ThemeMode, ...] = ("system", "light", "dark")


class AppSettings(QObject):
    """Typed access to the few settings the app has, with a signal when one changes."""

    changed = Signal(str)
    """The setting with this key (``"timezone"`` or ``"theme"``) has a new value."""

    def __init__(self, store: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store if store is not None else QSettings()

    @property
    def timezone(self) -> TimeZoneMode:
        value = self._store.value("display/timezone", "local")
        return cast(TimeZoneMode, value) if value in TIME_ZONES else "local"

    def set_timezone(self, mode: TimeZoneMode) -> None:
        if mode not in TIME_ZONES:
            raise ValueError(f"time zone must be one of {TIME_ZONES}, not {mode!r}")
        self._set("display/timezone", mode, "timezone")

    @property
    def theme(self) -> ThemeMode:
        value = self._store.value("display/theme", "system")
        return cast(ThemeMode, value) if value in THEMES else "system"

    def set_theme(self, mode: ThemeMode) -> None:
        if mode not in THEMES:
            raise ValueError(f"theme must be one of {THEMES}, not {mode!r}")
        self._set("display/theme", mode, "theme")

    def _set(self, key: str, value: str, name: str) -> None:
        if self._store.value(key) == value:
            return
        self._store.setValue(key, value)
        self._store.sync()
        self.changed.emit(name)
