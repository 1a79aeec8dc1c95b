"""Whole frames: header plus body, in and out, for clients and for fake brokers.

Everything here is sans-IO: bytes in, dicts out. Frames produced carry their int32 size
prefix; payloads consumed are what :class:`FrameDecoder` returns (the bytes after the prefix).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from typing import Any

from protocol.codec import registry
from protocol.codec.apikeys import ApiKey
from protocol.codec.codegen import DecodeFn
from protocol.codec.defs import REQUEST_HEADER, RESPONSE_HEADER
from protocol.codec.primitives import Buffer
from protocol.codec.schema import MessageDef
from protocol.errors import (
    ProtocolDecodeError,
    ProtocolEncodeError,
    UnsupportedRequestError,
    UnsupportedVersionError,
)

_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
_KEY_VERSION = struct.Struct(">hh")

# What reading past the end or garbage can raise inside a generated decoder. One handler
# around the whole message is cheaper than bounds checks before every fixed-width read.
_DECODE_ERRORS = (IndexError, struct.error, ValueError, OverflowError, MemoryError)
_ENCODE_ERRORS = (struct.error, TypeError, AttributeError, ValueError, OverflowError)


def request_header_version(api_key: int, version: int) -> int:
    """Request header version for an API version: 2 when flexible, else 1."""
    api = registry.api_def(api_key, version)
    return 2 if api.request.is_flexible(version) else 1


def response_header_version(api_key: int, version: int) -> int:
    """Response header version: 1 when flexible, else 0; ApiVersions always answers with v0.

    ApiVersions is the exception so that a client can read the error in a response to a
    version the broker does not know.
    """
    api = registry.api_def(api_key, version)
    if api_key == ApiKey.API_VERSIONS:
        return 0
    return 1 if api.response.is_flexible(version) else 0


def _as_bytes(data: Buffer) -> bytes:
    return data if type(data) is bytes else bytes(data)


def _encode_into(buf: bytearray, message: MessageDef, version: int, body: Any) -> None:
    try:
        registry.encoder(message, version)(buf, body)
    except _ENCODE_ERRORS as exc:
        raise ProtocolEncodeError(
            f"cannot encode {message.name} v{version}: {type(exc).__name__}: {exc}"
        ) from exc


def _decode(
    decode: DecodeFn, data: bytes, pos: int, where: str, trailing_ok: bool = False
) -> tuple[dict[str, Any], int]:
    try:
        value, end = decode(data, pos)
    except _DECODE_ERRORS as exc:
        raise ProtocolDecodeError(
            f"cannot decode {where} ({len(data)} bytes): {type(exc).__name__}: {exc}"
        ) from None
    if end != len(data) and not trailing_ok:
        raise ProtocolDecodeError(f"{where}: {len(data) - end} unexpected bytes after the body")
    return value, end


def _frame(buf: bytearray) -> bytes:
    _I32.pack_into(buf, 0, len(buf) - 4)
    return bytes(buf)


def encode_request(
    api_key: int,
    version: int,
    correlation_id: int,
    client_id: str | None,
    body: Mapping[str, Any],
) -> bytes:
    """A complete request frame: size prefix, request header (v1 or v2) and body."""
    api = registry.api_def(api_key, version)
    header_version = 2 if api.request.is_flexible(version) else 1
    buf = bytearray(4)
    header = {
        "request_api_key": api_key,
        "request_api_version": version,
        "correlation_id": correlation_id,
        "client_id": client_id,
    }
    _encode_into(buf, REQUEST_HEADER, header_version, header)
    _encode_into(buf, api.request, version, body)
    return _frame(buf)


def encode_response(api_key: int, version: int, correlation_id: int, body: Mapping[str, Any]) -> bytes:
    """A complete response frame (size prefix, header v0 or v1, body); for fake brokers."""
    api = registry.api_def(api_key, version)
    buf = bytearray(4)
    header = {"correlation_id": correlation_id}
    _encode_into(buf, RESPONSE_HEADER, response_header_version(api_key, version), header)
    _encode_into(buf, api.response, version, body)
    return _frame(buf)


def decode_response(api_key: int, version: int, payload: Buffer) -> tuple[int, dict[str, Any]]:
    """Decode a response payload (the bytes after the size prefix) into (correlation id, body).

    A broker answers an ApiVersions request of a version it does not know with a v0 body, so
    an ApiVersions body that fails to parse at ``version`` is parsed again as v0, as the Java
    client does.
    """
    api = registry.api_def(api_key, version)
    data = _as_bytes(payload)
    header_decoder = registry.decoder(RESPONSE_HEADER, response_header_version(api_key, version))
    header, pos = _decode(header_decoder, data, 0, "ResponseHeader", trailing_ok=True)
    body_decoder = registry.decoder(api.response, version)
    where = f"{api.response.name} v{version}"
    try:
        body, _ = _decode(body_decoder, data, pos, where)
    except ProtocolDecodeError:
        if api_key != ApiKey.API_VERSIONS or version == 0:
            raise
        body, _ = _decode(registry.decoder(api.response, 0), data, pos, where + " (as v0)")
    return header["correlation_id"], body


def _read_request_header_prefix(data: bytes) -> dict[str, Any]:
    """Header fields common to v1 and v2, read as far as the bytes allow."""
    header: dict[str, Any] = {"api_key": None, "api_version": None, "correlation_id": None,
                              "client_id": None}  # fmt: skip
    if len(data) >= 8:
        header["api_key"], header["api_version"] = _KEY_VERSION.unpack_from(data, 0)
        header["correlation_id"] = _I32.unpack_from(data, 4)[0]
        try:
            fields, _ = _decode(registry.decoder(REQUEST_HEADER, 1), data, 0, "", True)
            header["client_id"] = fields["client_id"]
        except ProtocolDecodeError:
            pass
    return header


def decode_request(payload: Buffer) -> tuple[dict[str, Any], dict[str, Any]]:
    """Decode a request payload into (header, body); for fake brokers.

    The header dict has ``api_key``, ``api_version``, ``correlation_id`` and ``client_id``.
    A request for an API or version we do not implement raises ``UnsupportedRequestError``,
    which carries whatever header fields could be read so the broker can still answer.
    """
    data = _as_bytes(payload)
    if len(data) < 8:
        raise ProtocolDecodeError(f"request of {len(data)} bytes is shorter than its header")
    api_key, version = _KEY_VERSION.unpack_from(data, 0)
    try:
        header_version = request_header_version(api_key, version)
    except UnsupportedVersionError as exc:
        raise UnsupportedRequestError(str(exc), _read_request_header_prefix(data)) from None
    api = registry.APIS[api_key]
    fields, pos = _decode(registry.decoder(REQUEST_HEADER, header_version), data, 0, "RequestHeader", True)
    header = {
        "api_key": api_key,
        "api_version": version,
        "correlation_id": fields["correlation_id"],
        "client_id": fields["client_id"],
    }
    body, _ = _decode(registry.decoder(api.request, version), data, pos,
                      f"{api.request.name} v{version}")  # fmt: skip
    return header, body


def _data_struct(name: str) -> MessageDef:
    message = registry.MESSAGES.get(name)
    if message is None or message.kind != "data":
        known = sorted(m.name for m in registry.MESSAGES.values() if m.kind == "data")
        raise KeyError(f"unknown struct {name!r}; known: {', '.join(known)}")
    return message


def encode_struct(name: str, version: int, body: Mapping[str, Any]) -> bytes:
    """Encode a consumer-protocol struct with its int16 version prefix."""
    message = _data_struct(name)
    if version not in message.valid:
        raise UnsupportedVersionError(f"{name} v{version} is not implemented")
    buf = bytearray(_I16.pack(version))
    _encode_into(buf, message, version, body)
    return bytes(buf)


def decode_struct(name: str, data: Buffer) -> tuple[int, dict[str, Any]]:
    """Decode a consumer-protocol struct; returns (version on the wire, body).

    A version newer than ours is read with our newest version and its extra trailing fields
    ignored: these structs only ever grow at the end (as the Java consumer assumes).
    """
    message = _data_struct(name)
    raw = _as_bytes(data)
    if len(raw) < 2:
        raise ProtocolDecodeError(f"{name}: {len(raw)} bytes is too short for a version")
    version = _I16.unpack_from(raw, 0)[0]
    if version < message.min_version:
        raise ProtocolDecodeError(f"{name}: unsupported version {version}")
    read_as = min(version, message.max_version)
    decoder = registry.decoder(message, read_as)
    body, _ = _decode(decoder, raw, 2, f"{name} v{version}", trailing_ok=version > read_as)
    return version, body
