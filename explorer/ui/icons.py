"""The app's own icons as ``QIcon``, in the variant that reads on the current palette."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QIcon, QPalette

import resources


def palette_is_dark(palette: QPalette | None = None) -> bool:
    """True when text is lighter than the window behind it, whatever the platform calls the theme."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window).lightness()
    text = palette.color(QPalette.ColorRole.WindowText).lightness()
    return text > window


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    """A navigator or toolbar icon (see ``resources.ICON_NAMES``) for ``palette`` or the app's.

    The choice is made once: a widget that must follow a live theme switch asks again on
    ``QEvent.PaletteChange``.
    """
    return QIcon(str(resources.icon_path(name, dark=palette_is_dark(palette))))


def app_icon() -> QIcon:
    return QIcon(str(resources.path(resources.APP_ICON)))
