"""The decoders chosen for each topic's keys and values, remembered in ``QSettings``."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QSettings

from explorer.messages.decoders import Decoder


class DecoderPrefs:
    """``messages/decoders/<cluster>/<topic>/key`` and ``…/value``; text until chosen."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    def get(self, cluster: str, topic: str) -> tuple[Decoder, Decoder]:
        return self._read(cluster, topic, "key"), self._read(cluster, topic, "value")

    def set(self, cluster: str, topic: str, key: Decoder, value: Decoder) -> None:
        base = self._base(cluster, topic)
        self._store.setValue(f"{base}/key", key.value)
        self._store.setValue(f"{base}/value", value.value)
        self._store.sync()

    def _read(self, cluster: str, topic: str, field: str) -> Decoder:
        value = self._store.value(f"{self._base(cluster, topic)}/{field}", Decoder.TEXT.value)
        try:
            return Decoder(str(value))
        except ValueError:
            return Decoder.TEXT

    @staticmethod
    def _base(cluster: str, topic: str) -> str:
        return f"messages/decoders/{quote(cluster, safe='')}/{quote(topic, safe='')}"
