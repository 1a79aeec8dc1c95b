"""Produce: 100-byte records written to one partition, acks=1, until every one is acknowledged.

Every client writes the same number of records into a fresh topic per run (connection set-up
included; the topic is checked to hold them all, then deleted): ours (``Producer.send_many``),
aiokafka, kafka-python and confluent-kafka with 1 MB batches, and ``kcat -P`` from stdin.

    python bench/produce.py [--small | --full] [--records N] [--runs R] [--json FILE]
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import peers
from bench.common import Report, bench_main, create_topic, delete_topic, end_offset

VALUE = b"x" * 100
CASES = {"produce-none": "none"}

WRITERS: dict[str, Callable[[str, str, int, bytes], int]] = {
    "protocol": peers.protocol_produce,
    "aiokafka": peers.aiokafka_produce,
    "kafka-python": peers.kafka_python_produce,
    "confluent-kafka": peers.confluent_produce,
    "kcat": peers.kcat_produce,
}


def one_run(bootstrap: str, write: Callable[[str, str, int, bytes], int], records: int) -> float:
    import time

    topic = f"bench-produce-{uuid.uuid4().hex[:8]}"
    create_topic(bootstrap, topic)
    try:
        began = time.perf_counter()
        write(bootstrap, topic, records, VALUE)
        seconds = time.perf_counter() - began
        written = end_offset(bootstrap, topic)
        if written != records:
            raise AssertionError(f"{write.__name__} wrote {written:,} records, not {records:,}")
    finally:
        delete_topic(bootstrap, topic)
    return records / seconds


def section(report: Report, bootstrap: str, records: int, runs: int) -> tuple[str, list[str]]:
    case = "produce-none"
    print(f"\n{case}: {records:,} records per run", flush=True)
    for client, write in WRITERS.items():
        report.add(case, client, [one_run(bootstrap, write, records) for _ in range(runs)])
    return "Produce (records/s; protocol / peer in brackets)", [case]


if __name__ == "__main__":
    bench_main(__doc__.splitlines()[0], [section])
