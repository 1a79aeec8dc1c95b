"""Fuzzing: random and mutated bytes give records or our own errors, never anything else."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.errors import KafkaExplorerError
from protocol.records import (
    Codec,
    ControlType,
    IsolationLevel,
    Record,
    build_batch,
    build_control_batch,
    compress,
    decode_records,
    iter_records,
    next_fetch_offset,
    search_blob,
)

from .strategies import legacy_message

CAP = 1 << 20
FUZZ = settings(
    max_examples=2500,
    deadline=2000,  # a hang shows up as a deadline failure
    suppress_health_check=[HealthCheck.too_slow],
)


def _seeds() -> list[bytes]:
    recs = [
        Record(i, 1000 + 37 * i, b"key%d" % i if i % 3 else None, b"v" * (i * 9), (("h", b"x"),))
        for i in range(12)
    ]
    seeds = [build_batch(recs, codec, producer_id=7, producer_epoch=1) for codec in Codec]
    seeds.append(
        build_batch(recs[:3], producer_id=9, producer_epoch=0, transactional=True)
        + build_control_batch(ControlType.ABORT, offset=3, producer_id=9, producer_epoch=0, timestamp=5)
    )
    inner = b"".join(legacy_message(i, b"k", b"v%d" % i) for i in range(3))
    for codec in (Codec.NONE, Codec.GZIP, Codec.SNAPPY):
        payload = compress(codec, inner) if codec else inner
        seeds.append(legacy_message(2, None, payload, attributes=int(codec)) if codec else inner)
    return seeds


SEEDS = _seeds()


def exercise(blob: bytes, verify_crc: bool) -> None:
    """Run every entry point; only our own errors may escape."""
    options = {"verify_crc": verify_crc, "max_decompressed_size": CAP}
    try:
        view = decode_records(blob, 3, include_control=True, **options)  # type: ignore[arg-type]
        for i in range(len(view)):
            _ = view[i], view.batch(i).codec, view.batch(i).timestamp_type
        list(iter_records(blob, **options))  # type: ignore[arg-type]
        committed = IsolationLevel.READ_COMMITTED
        aborted = [(9, 0), (7, 2)]
        list(iter_records(blob, isolation=committed, aborted_transactions=aborted, **options))  # type: ignore[arg-type]
        next_fetch_offset(blob, 0)
        search_blob(blob, b"v", **options)  # type: ignore[arg-type]
        search_blob(blob, re.compile(rb"k.y"), ("key", "headers"), **options)  # type: ignore[arg-type]
    except KafkaExplorerError:
        pass


@FUZZ
@given(blob=st.binary(max_size=3000), verify_crc=st.booleans())
def test_random_bytes(blob: bytes, verify_crc: bool) -> None:
    exercise(blob, verify_crc)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    blob = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "set", "cut", "insert", "delete"]))
        pos = draw(st.integers(0, max(len(blob) - 1, 0)))
        if op == "flip" and blob:
            blob[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and blob:
            blob[pos] = draw(st.sampled_from([0x00, 0x7F, 0x80, 0xFF, 0x01, 0xFE]))
        elif op == "cut":
            del blob[pos:]
        elif op == "insert":
            blob[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        else:
            del blob[pos : pos + draw(st.integers(1, 8))]
    return bytes(blob)


@FUZZ
@given(blob=mutated(), verify_crc=st.booleans())
def test_mutated_batches(blob: bytes, verify_crc: bool) -> None:
    exercise(blob, verify_crc)


def test_seeds_decode() -> None:
    for seed in SEEDS:
        assert list(iter_records(seed, include_control=True))
