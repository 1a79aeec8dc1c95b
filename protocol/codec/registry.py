"""Where definitions are looked up and their codecs compiled, once, on first use.

Compiling lazily keeps import fast (a process that only talks Metadata and Fetch never builds
the other few hundred functions); ``precompile_all`` builds everything, for tests or warm-up.
"""

from __future__ import annotations

from protocol.codec.codegen import DecodeFn, EncodeFn, compiled_source
from protocol.codec.defs import ALL_APIS, DATA_STRUCTS, REQUEST_HEADER, RESPONSE_HEADER
from protocol.codec.gen_decode import build_decoder
from protocol.codec.gen_encode import build_encoder
from protocol.codec.schema import ApiDef, MessageDef
from protocol.errors import UnsupportedVersionError

APIS: dict[int, ApiDef] = {api.key: api for api in ALL_APIS}
"""Every implemented API, by key."""

MESSAGES: dict[str, MessageDef] = {
    message.name: message
    for message in (
        REQUEST_HEADER,
        RESPONSE_HEADER,
        *DATA_STRUCTS,
        *(api.request for api in ALL_APIS),
        *(api.response for api in ALL_APIS),
    )
}
"""Every definition (requests, responses, headers, consumer-protocol structs), by name."""

API_VERSIONS_SUPPORTED: dict[int, tuple[int, int]] = {
    api.key: (api.request.min_version, api.request.max_version) for api in ALL_APIS
}
"""API key -> (lowest, highest) version this codec implements."""

_decoders: dict[tuple[str, int], DecodeFn] = {}
_encoders: dict[tuple[str, int], EncodeFn] = {}


def api_def(api_key: int, version: int) -> ApiDef:
    """The definition of ``api_key``; raises UnsupportedVersionError outside our range."""
    api = APIS.get(api_key)
    if api is None:
        raise UnsupportedVersionError(f"API key {api_key} is not implemented by this client")
    if version not in api.request.valid:
        raise UnsupportedVersionError(
            f"{api.name} v{version} is not implemented (we support v{api.request.valid})"
        )
    return api


def decoder(message: MessageDef, version: int) -> DecodeFn:
    """The compiled decoder of ``message`` at ``version``."""
    fn = _decoders.get((message.name, version))
    if fn is None:
        if version not in message.valid:
            raise UnsupportedVersionError(f"{message.name} v{version} is not implemented")
        fn = _decoders[(message.name, version)] = build_decoder(message, version)
    return fn


def encoder(message: MessageDef, version: int) -> EncodeFn:
    """The compiled encoder of ``message`` at ``version``."""
    fn = _encoders.get((message.name, version))
    if fn is None:
        if version not in message.valid:
            raise UnsupportedVersionError(f"{message.name} v{version} is not implemented")
        fn = _encoders[(message.name, version)] = build_encoder(message, version)
    return fn


def precompile_all() -> int:
    """Build every encoder and decoder now; returns how many functions were compiled."""
    count = 0
    for message in MESSAGES.values():
        for version in message.versions():
            decoder(message, version)
            encoder(message, version)
            count += 2
    return count


def generated_source(message_name: str, version: int, direction: str) -> str:
    """The Python generated for ``message_name`` at ``version``; direction: encode or decode.

    For reading and debugging: ``print(generated_source("FetchResponse", 12, "decode"))``.
    """
    message = MESSAGES[message_name]
    if direction == "decode":
        decoder(message, version)
    elif direction == "encode":
        encoder(message, version)
    else:
        raise ValueError(f"direction must be 'encode' or 'decode', not {direction!r}")
    source = compiled_source(message_name, version, direction)
    assert source is not None
    return source
