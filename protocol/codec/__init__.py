"""Sans-IO Kafka codec: message definitions, generated encoders/decoders and framing.

No sockets, no asyncio, no Qt: bytes in, plain dicts out. Bodies are dicts with snake_case
keys, nested structs are dicts and arrays are lists. On encode, a missing field takes its spec
default, or null where it is nullable in that version; fields a version lacks are ignored.
``records`` fields stay raw bytes (``protocol.records`` decodes them) and UUIDs are 16 raw
bytes (``uuid.UUID`` is accepted on encode). Definitions live in ``defs/``, once each, in the
compact form described in ``dsl``; ``tools/spec_to_dsl.py`` drafts one from a Kafka JSON spec.
"""

from __future__ import annotations

from protocol.codec.apikeys import ApiKey
from protocol.codec.framing import DEFAULT_MAX_FRAME_SIZE, FrameDecoder
from protocol.codec.messages import (
    decode_request,
    decode_response,
    decode_struct,
    encode_request,
    encode_response,
    encode_struct,
    request_header_version,
    response_header_version,
)
from protocol.codec.registry import API_VERSIONS_SUPPORTED, generated_source, precompile_all

__all__ = [
    "API_VERSIONS_SUPPORTED",
    "DEFAULT_MAX_FRAME_SIZE",
    "ApiKey",
    "FrameDecoder",
    "decode_request",
    "decode_response",
    "decode_struct",
    "encode_request",
    "encode_response",
    "encode_struct",
    "generated_source",
    "precompile_all",
    "request_header_version",
    "response_header_version",
]
