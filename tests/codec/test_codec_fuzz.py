"""Hostile input for every decoder: it must decode or raise ProtocolDecodeError, and be quick.

Targets are every request and response version (through ``decode_request`` and
``decode_response``, as a broker or client would call them) and the consumer-protocol structs.
Inputs: every truncation of a valid encoding, random bodies after a valid header, Hypothesis-
driven mutations of valid encodings, and a seeded sweep that plants extreme lengths and counts.
``FUZZ_EXAMPLES`` (default 5000) sets the Hypothesis example count; the sweep scales with it.
"""

from __future__ import annotations

import os
import random
import struct
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from codec_samples import all_api_versions, sample_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.codec import (
    decode_request,
    decode_response,
    decode_struct,
    encode_request,
    encode_response,
    encode_struct,
    precompile_all,
    response_header_version,
)
from protocol.codec.registry import APIS, MESSAGES
from protocol.errors import ProtocolDecodeError

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5000"))
SWEEP_PER_TARGET = max(1, FUZZ_EXAMPLES // 40)
SLOW_DECODE_SECONDS = 0.5


@dataclass(frozen=True)
class Target:
    """One decoder, a valid payload for it, and how many leading bytes are a fixed header."""

    name: str
    decode: Callable[[bytes], Any]
    payload: bytes
    header_size: int
    # A strict prefix of a valid encoding never parses, except where a shorter older version
    # is accepted too: ApiVersions responses fall back to v0.
    prefixes_fail: bool = True


def _targets() -> list[Target]:
    precompile_all()  # keep compilation out of the timed decodes
    found = []
    for key, version in all_api_versions():
        api = APIS[key]
        request = encode_request(key, version, 1, "fuzz", sample_body(api.request, version))
        response = encode_response(key, version, 1, sample_body(api.response, version))
        header = 8 + 2 + 4 + (1 if api.request.is_flexible(version) else 0)
        found.append(Target(f"{api.name}Request v{version}", decode_request, request[4:], header))
        found.append(Target(
            f"{api.name}Response v{version}",
            lambda data, k=key, v=version: decode_response(k, v, data),
            response[4:],
            4 + response_header_version(key, version),
            prefixes_fail=key != 18 or version == 0,
        ))  # fmt: skip
    for name in ("ConsumerProtocolSubscription", "ConsumerProtocolAssignment"):
        for version in MESSAGES[name].versions():
            blob = encode_struct(name, version, sample_body(MESSAGES[name], version))
            found.append(Target(f"{name} v{version}", lambda d, n=name: decode_struct(n, d),
                                blob, 2))  # fmt: skip
    return found


TARGETS = _targets()
COUNTS: dict[str, int] = {}


def check(target: Target, data: bytes) -> bool:
    """Decode ``data``; True if it parsed, False on ProtocolDecodeError. Anything else fails."""
    start = time.perf_counter()
    try:
        target.decode(data)
        ok = True
    except ProtocolDecodeError:
        ok = False
    elapsed = time.perf_counter() - start
    assert elapsed < SLOW_DECODE_SECONDS, f"{target.name} took {elapsed:.2f}s on {data[:64]!r}"
    return ok


def report(capsys: pytest.CaptureFixture[str], what: str, cases: int) -> None:
    COUNTS[what] = cases
    with capsys.disabled():
        print(f"\n[fuzz] {what}: {cases} cases over {len(TARGETS)} decoders")


def test_every_valid_seed_decodes() -> None:
    for target in TARGETS:
        assert check(target, target.payload), target.name


def test_every_truncation_is_a_decode_error(capsys: pytest.CaptureFixture[str]) -> None:
    cases = 0
    for target in TARGETS:
        for cut in range(len(target.payload)):
            parsed = check(target, target.payload[:cut])
            assert not (parsed and target.prefixes_fail), f"{target.name} cut at {cut}"
            cases += 1
    report(capsys, "truncations", cases)


EXTREMES = [
    b"\x7f\xff\xff\xff",
    b"\xff\xff\xff\xff",
    b"\x80\x00\x00\x00",
    b"\x7f\xff",
    b"\xff\xff\xff\xff\x0f",
    b"\xff\xff\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
]


def mutate(rng: random.Random, payload: bytes, header_size: int) -> bytes:
    """One random corruption after the header: a planted extreme, flipped bytes, or a splice."""
    data = bytearray(payload)
    pos = rng.randrange(header_size, max(header_size + 1, len(data)))
    choice = rng.randrange(5)
    if choice == 0:
        extreme = rng.choice(EXTREMES)
        data[pos : pos + len(extreme)] = extreme
    elif choice == 1:
        for _ in range(rng.randint(1, 4)):
            if len(data) > header_size:
                data[rng.randrange(header_size, len(data))] = rng.randrange(256)
    elif choice == 2:
        data[pos:pos] = rng.randbytes(rng.randint(1, 8))
    elif choice == 3:
        del data[pos : pos + rng.randint(1, 8)]
    else:
        data[pos:] = rng.randbytes(rng.randint(0, 32))
    return bytes(data)


def test_seeded_mutation_sweep(capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(20240611)
    cases = parsed = 0
    for target in TARGETS:
        for _ in range(SWEEP_PER_TARGET):
            parsed += check(target, mutate(rng, target.payload, target.header_size))
            cases += 1
    report(capsys, f"seeded mutations ({parsed} still parsed)", cases)


FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=1000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_hypothesis_cases: dict[str, int] = {"random": 0, "mutated": 0}


@FUZZ_SETTINGS
@given(
    index=st.integers(0, len(TARGETS) - 1),
    body=st.binary(max_size=300),
    keep_header=st.integers(0, 3).map(bool),
)
def test_random_bytes(index: int, body: bytes, keep_header: bool) -> None:
    """Random bodies behind a valid header (3 in 4), or random bytes from the first byte."""
    target = TARGETS[index]
    check(target, target.payload[: target.header_size] + body if keep_header else body)
    _hypothesis_cases["random"] += 1


@FUZZ_SETTINGS
@given(
    index=st.integers(0, len(TARGETS) - 1),
    seed=st.integers(0, 2**32 - 1),
    rounds=st.integers(1, 3),
)
def test_mutated_valid_encodings(index: int, seed: int, rounds: int) -> None:
    target = TARGETS[index]
    rng = random.Random(seed)
    data = target.payload
    for _ in range(rounds):
        data = mutate(rng, data, target.header_size)
    check(target, data)
    _hypothesis_cases["mutated"] += 1


def test_report_hypothesis_counts(capsys: pytest.CaptureFixture[str]) -> None:
    for name, count in _hypothesis_cases.items():
        report(capsys, f"hypothesis {name}", count)


def test_huge_declared_lengths_fail_fast_without_allocating() -> None:
    """Lengths and counts near 2**31 must be rejected before anything that size is built."""
    fetch = APIS[1]
    cases = [
        # Fetch v4 response, records length 2**31-1 (classic int32 bytes).
        (lambda d: decode_response(1, 4, d),
         struct.pack(">iiiihiqqqii", 1, 0, 1, 0, 0, 0, 0, 0, 0, -1, 2**31 - 1)),
        # Metadata v0 response claiming 2**31-1 brokers.
        (lambda d: decode_response(3, 0, d), struct.pack(">ii", 1, 2**31 - 1)),
        # Metadata v12 response, compact broker count as a 5-byte varint.
        (lambda d: decode_response(3, 12, d), b"\x00\x00\x00\x01\x00" + b"\x00" * 4 +
         b"\xff\xff\xff\xff\x07"),
        # ApiVersions v3 response with a tagged field claiming ~4 GB.
        (lambda d: decode_response(18, 3, d), b"\x00\x00\x00\x01\x00\x00\x01" + b"\x00" * 4 +
         b"\x01\x00\xff\xff\xff\xff\x0f"),
    ]  # fmt: skip
    assert fetch.name == "Fetch"
    tracemalloc.start()
    try:
        for decode, payload in cases:
            with pytest.raises(ProtocolDecodeError):
                decode(payload)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
