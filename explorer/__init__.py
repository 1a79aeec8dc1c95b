"""Kafka Explorer: the desktop application (PySide6 on qasync)."""

from protocol._version import __version__

__all__ = ["__version__"]
