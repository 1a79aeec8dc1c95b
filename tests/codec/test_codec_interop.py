"""Cross-check against an independent codec: kafka-python 3's JSON-driven message classes.

For every (API, version) both implement, kafka-python decodes our frame and re-encodes it; the
bytes must be identical. Two implementations written separately from the same specs agreeing
byte for byte is strong evidence both read the specs right. Skipped when kafka-python 3 is not
installed (it is in the ``bench`` extra, not the test extra).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from codec_samples import all_api_versions, sample_body

from protocol.codec import (
    ApiKey,
    encode_request,
    encode_response,
    response_header_version,
)
from protocol.codec.registry import APIS

kafka_protocol = importlib.import_module("kafka.protocol.api_message")  # kafka-python 3, a test dependency


def _kafka_python_classes() -> dict[tuple[int, str], Any]:
    found: dict[tuple[int, str], Any] = {}
    for group in ("metadata", "consumer", "admin", "producer"):
        package = importlib.import_module(f"kafka.protocol.{group}")
        modules = [importlib.import_module(f"kafka.protocol.{group}.{m.name}")
                   for m in pkgutil.iter_modules(package.__path__)]  # fmt: skip
        modules.append(importlib.import_module("kafka.protocol.sasl"))
        for module in modules:
            for obj in vars(module).values():
                spec = getattr(obj, "_json", None) if isinstance(obj, type) else None
                if spec and spec.get("type") in ("request", "response"):
                    found[(obj.API_KEY, obj.type)] = obj
    return found


CLASSES = _kafka_python_classes()
CASES = [
    (key, version, kind)
    for key, version in all_api_versions()
    for kind in ("request", "response")
    if (key, kind) in CLASSES and version <= CLASSES[(key, kind)].max_version
]


@pytest.mark.parametrize(
    ("key", "version", "kind"), CASES, ids=[f"{APIS[k].name}{t.title()}-v{v}" for k, v, t in CASES]
)
def test_kafka_python_reencodes_our_bytes_identically(key: int, version: int, kind: str) -> None:
    api = APIS[key]
    message = api.request if kind == "request" else api.response
    body = sample_body(message, version)
    if key == ApiKey.API_VERSIONS and kind == "response":
        body["error_code"] = 0  # kafka-python re-reads errored ApiVersions responses as v0
    cls = CLASSES[(key, kind)]
    if kind == "request":
        frame = encode_request(key, version, 3, "explorer", body)
        theirs = cls.decode(frame, version=version, header=True, framed=True)
        assert bytes(theirs.encode(version=version, header=True, framed=True)) == frame
    else:
        frame = encode_response(key, version, 3, body)
        theirs = cls.decode(frame, version=version, header=True, framed=True)
        theirs._header = None  # their response encode does not take a header
        header_size = 4 + response_header_version(key, version)
        assert bytes(theirs.encode(version=version)) == frame[4 + header_size :]
