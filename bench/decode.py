"""Record decoding speed: ours (eager and lazy) against aiokafka's and kafka-python's decoders.

Standalone (no broker): builds one fetch-response-like blob per codec with our builder, then
has every decoder read the same bytes, CRCs checked, yielding offset, timestamp, key, value and
headers per record (the lazy view only indexes; ``search`` scans for a needle). Best of
``--repeat`` runs with the GC off; ratios are what travel between noisy machines.

    python bench/decode.py [--records 200000] [--value-size 100] [--per-batch 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiokafka.record.default_records import _DefaultRecordBatchPy
from aiokafka.record.memory_records import MemoryRecords as AioMemoryRecords
from kafka.record.memory_records import MemoryRecords as KpMemoryRecords

from protocol.records import Codec, Record, build_batch, decode_records, iter_records, search_view
from protocol.records.batch import walk_batches

Decoder = Callable[[bytes], int]


def make_blob(records: int, value_size: int, per_batch: int, codec: Codec) -> bytes:
    """Batches as a producer writes them: 8-byte keys, 1 ms apart, no headers."""
    rows = [
        Record(i, 1_700_000_000_000 + i, b"key%05d" % (i % 100_000), bytes([97 + i % 26]) * value_size)
        for i in range(records)
    ]
    return b"".join(build_batch(rows[i : i + per_batch], codec) for i in range(0, records, per_batch))


def ours_eager(blob: bytes) -> int:
    n = 0
    for _offset, _ts, _key, _value, _headers in iter_records(blob):
        n += 1
    return n


def ours_lazy(blob: bytes) -> int:
    return len(decode_records(blob))


def ours_search(blob: bytes) -> int:
    view = decode_records(blob)
    search_view(view, b"needle that is not there")
    return len(view)


def _peer_loop(batches: object) -> int:
    n = 0
    for batch in batches:  # type: ignore[attr-defined]
        if not batch.validate_crc():
            raise ValueError("CRC")
        for r in batch:
            _ = (r.offset, r.timestamp, r.key, r.value, r.headers)
            n += 1
    return n


def _memory_batches(memory_records_cls: type) -> Callable[[bytes], object]:
    def batches(blob: bytes) -> object:
        records = memory_records_cls(blob)
        while (batch := records.next_batch()) is not None:
            yield batch

    return batches


def aiokafka_cython(blob: bytes) -> int:
    return _peer_loop(_memory_batches(AioMemoryRecords)(blob))


def aiokafka_python(blob: bytes) -> int:
    return _peer_loop(_DefaultRecordBatchPy(blob[s:e]) for s, e, _m in walk_batches(blob))


def kafka_python(blob: bytes) -> int:
    return _peer_loop(_memory_batches(KpMemoryRecords)(blob))


DECODERS: dict[str, Decoder] = {
    "ours, lazy (index)": ours_lazy,
    "ours, eager (tuples)": ours_eager,
    "ours, lazy + search": ours_search,
    "aiokafka 0.14 (Cython)": aiokafka_cython,
    "aiokafka 0.14 (pure Python)": aiokafka_python,
    "kafka-python 3.0.12": kafka_python,
}
PEERS = ["aiokafka 0.14 (Cython)", "aiokafka 0.14 (pure Python)", "kafka-python 3.0.12"]


def best_rate(decode: Decoder, blob: bytes, expected: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        began = time.perf_counter()
        count = decode(blob)
        best = min(best, time.perf_counter() - began)
        gc.enable()
        if count != expected:
            raise AssertionError(f"decoded {count} records, expected {expected}")
    return expected / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--value-size", type=int, default=100)
    parser.add_argument("--per-batch", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--codecs", default="none,lz4,zstd")
    args = parser.parse_args()
    codecs = [Codec[name.upper()] for name in args.codecs.split(",")]
    print(
        f"{args.records:,} records, {args.value_size} B values, 8 B keys, {args.per_batch} per "
        f"batch; best of {args.repeat}; Python {platform.python_version()} on {platform.machine()}"
    )
    rates: dict[str, dict[Codec, float]] = {name: {} for name in DECODERS}
    for codec in codecs:
        blob = make_blob(args.records, args.value_size, args.per_batch, codec)
        print(f"\n{codec.name.lower()}: {len(blob) / 1e6:.1f} MB", flush=True)
        for name, decode in DECODERS.items():
            rates[name][codec] = best_rate(decode, blob, args.records, args.repeat)
            print(f"  {name:30} {rates[name][codec] / 1e6:6.2f} M rec/s", flush=True)
    print_tables(rates, codecs)


def print_tables(rates: dict[str, dict[Codec, float]], codecs: list[Codec]) -> None:
    head = "| decoder | " + " | ".join(c.name.lower() for c in codecs) + " |"
    rule = "|---|" + "---:|" * len(codecs)
    print("\nRecords per second (millions)\n\n" + head + "\n" + rule)
    for name, by_codec in rates.items():
        print(f"| {name} | " + " | ".join(f"{by_codec[c] / 1e6:.2f}" for c in codecs) + " |")
    print("\nSpeed-up, ours / peer (eager / lazy; above 1 means ours is faster)\n\n" + head + "\n" + rule)
    eager, lazy = rates["ours, eager (tuples)"], rates["ours, lazy (index)"]
    for peer in PEERS:
        cells = [f"{eager[c] / rates[peer][c]:.2f} / {lazy[c] / rates[peer][c]:.2f}" for c in codecs]
        print(f"| {peer} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
