"""End-to-end consume: one partition of 100-byte records read from the start to the end.

Uncompressed, lz4 and zstd topics, written once with confluent-kafka; then every client reads
each whole topic (connection set-up included): ours eager (``protocol``, a tuple per record)
and lazy (``protocol-lazy``, records indexed only), aiokafka, kafka-python, confluent-kafka and
``kcat -C -e``.

    python bench/consume.py [--small | --full] [--records N] [--runs R] [--json FILE]
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import peers
from bench.common import Report, bench_main, fill_topic, measure

CODECS = ("none", "lz4", "zstd")
VALUE_SIZE = 100

READERS: dict[str, Callable[[str, str, int], int]] = {
    "protocol": lambda b, t, n: peers.protocol_consume(b, t, n, lazy=False),
    "protocol-lazy": lambda b, t, n: peers.protocol_consume(b, t, n, lazy=True),
    "aiokafka": peers.aiokafka_consume,
    "kafka-python": peers.kafka_python_consume,
    "confluent-kafka": peers.confluent_consume,
    "kcat": peers.kcat_consume,
}


def section(report: Report, bootstrap: str, records: int, runs: int) -> tuple[str, list[str]]:
    cases = []
    for codec in CODECS:
        case = f"consume-{codec}"
        topic = f"bench-consume-{codec}-{uuid.uuid4().hex[:6]}"
        print(f"\n{case}: filling {topic} with {records:,} records", flush=True)
        fill_topic(bootstrap, topic, records, VALUE_SIZE, codec)
        for client, read in READERS.items():
            report.add(case, client, measure(partial(read, bootstrap, topic, records), records, runs))
        cases.append(case)
    return "Consume (records/s; in brackets protocol / peer, protocol-lazy / peer)", cases


if __name__ == "__main__":
    bench_main(__doc__.splitlines()[0], [section])
