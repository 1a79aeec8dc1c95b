"""Round trips through the public API for every (API, version), both directions.

A sample body that sets every field of a version must come back unchanged; Hypothesis then
tries random bodies (random strings, nulls, empty and non-empty arrays, tagged values equal and
unequal to their defaults) on every version.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from codec_samples import all_api_versions, body_strategy, sample_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.codec import (
    decode_request,
    decode_response,
    encode_request,
    encode_response,
)
from protocol.codec.registry import APIS

API_VERSIONS = all_api_versions()
IDS = [f"{APIS[k].name}-v{v}" for k, v in API_VERSIONS]


def roundtrip_request(key: int, version: int, body: dict[str, Any]) -> dict[str, Any]:
    frame = encode_request(key, version, 1234, "explorer", body)
    assert int.from_bytes(frame[:4], "big", signed=True) == len(frame) - 4
    header, decoded = decode_request(frame[4:])
    assert header == {
        "api_key": key,
        "api_version": version,
        "correlation_id": 1234,
        "client_id": "explorer",
    }
    return decoded


def roundtrip_response(key: int, version: int, body: dict[str, Any]) -> dict[str, Any]:
    frame = encode_response(key, version, -5, body)
    assert int.from_bytes(frame[:4], "big", signed=True) == len(frame) - 4
    correlation_id, decoded = decode_response(key, version, frame[4:])
    assert correlation_id == -5
    return decoded


@pytest.mark.parametrize(("key", "version"), API_VERSIONS, ids=IDS)
def test_sample_request_roundtrip(key: int, version: int) -> None:
    body = sample_body(APIS[key].request, version)
    assert roundtrip_request(key, version, body) == body


@pytest.mark.parametrize(("key", "version"), API_VERSIONS, ids=IDS)
def test_sample_response_roundtrip(key: int, version: int) -> None:
    body = sample_body(APIS[key].response, version)
    assert roundtrip_response(key, version, body) == body


@pytest.mark.parametrize(("key", "version"), API_VERSIONS, ids=IDS)
def test_empty_body_encodes_to_defaults(key: int, version: int) -> None:
    """Callers give only what they need: an empty dict encodes, and decodes to the defaults."""
    decoded = roundtrip_request(key, version, {})
    again = roundtrip_request(key, version, decoded)
    assert again == decoded
    assert set(decoded) == {f.name for f in APIS[key].request.root.fields if f.present(version)}


ROUNDTRIP_EXAMPLES = int(os.environ.get("ROUNDTRIP_EXAMPLES", "3"))


@pytest.mark.parametrize(("key", "version"), API_VERSIONS, ids=IDS)
@settings(
    max_examples=ROUNDTRIP_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_random_bodies_roundtrip(key: int, version: int, data: st.DataObject) -> None:
    api = APIS[key]
    request = data.draw(body_strategy(api.request, version), label="request")
    assert roundtrip_request(key, version, request) == request
    response = data.draw(body_strategy(api.response, version), label="response")
    assert roundtrip_response(key, version, response) == response
