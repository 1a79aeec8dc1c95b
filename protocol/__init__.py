"""Kafka Explorer's own asyncio Kafka client.

Three layers, each usable alone: a sans-IO codec (``protocol.codec`` and
``protocol.records``), a thin asyncio connection, and a cluster client. This package never
imports Qt or qasync.
"""

from protocol._version import __version__

__all__ = ["__version__"]
