"""Every message definition, once each, grouped by what the explorer uses them for."""

from __future__ import annotations

from protocol.codec.defs import configs, core, data, groups, offsets, topics
from protocol.codec.defs.consumer_protocol import DATA_STRUCTS
from protocol.codec.defs.headers import HEADERS, REQUEST_HEADER, RESPONSE_HEADER
from protocol.codec.schema import ApiDef

ALL_APIS: tuple[ApiDef, ...] = (
    *core.APIS,
    *data.APIS,
    *groups.APIS,
    *offsets.APIS,
    *topics.APIS,
    *configs.APIS,
)

__all__ = ["ALL_APIS", "DATA_STRUCTS", "HEADERS", "REQUEST_HEADER", "RESPONSE_HEADER"]
