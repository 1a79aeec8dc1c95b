"""Time the codec on the two messages that dominate an explorer's traffic.

Fetch responses (v12 and v17) with 50 partitions, and a Metadata v12 response with 1000 topics.
Reports the best of several runs of encode and decode, in microseconds, with the GC disabled;
compares decoding with kafka-python 3 when it is installed.

    python tools/bench_codec.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import gc
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protocol.codec import ApiKey, decode_response, encode_response


def fetch_body(version: int, partitions: int = 50, record_bytes: int = 1024) -> dict[str, Any]:
    topic_key = {"topic_id": bytes(range(16))} if version >= 13 else {"topic": "orders"}
    parts = [
        {
            "partition_index": i,
            "high_watermark": 1_000_000 + i,
            "last_stable_offset": 1_000_000 + i,
            "log_start_offset": 0,
            "aborted_transactions": None,
            "records": bytes(record_bytes),
        }
        for i in range(partitions)
    ]
    return {"responses": [{**topic_key, "partitions": parts}]}


def metadata_body(topics: int = 1000, partitions: int = 3) -> dict[str, Any]:
    brokers = [{"node_id": i, "host": f"broker-{i}.kafka.internal", "port": 9092, "rack": "a"}
               for i in range(3)]  # fmt: skip
    return {
        "brokers": brokers,
        "cluster_id": "k1",
        "controller_id": 0,
        "topics": [
            {
                "name": f"topic-{t:05d}",
                "topic_id": t.to_bytes(16, "big"),
                "partitions": [
                    {
                        "partition_index": p,
                        "leader_id": p % 3,
                        "leader_epoch": 4,
                        "replica_nodes": [0, 1, 2],
                        "isr_nodes": [0, 1, 2],
                        "offline_replicas": [],
                    }
                    for p in range(partitions)
                ],
            }
            for t in range(topics)
        ],
    }


def best_us(func: Callable[[], object], repeat: int) -> float:
    number = 1
    while timeit.timeit(func, number=number) < 0.2:
        number *= 2
    gc.disable()
    try:
        return min(timeit.repeat(func, number=number, repeat=repeat)) / number * 1e6
    finally:
        gc.enable()


def kafka_python_decoder(key: int, version: int, frame: bytes) -> Callable[[], object] | None:
    try:
        from kafka.protocol.consumer.fetch import FetchResponse
        from kafka.protocol.metadata.metadata import MetadataResponse
    except ImportError:
        return None
    cls = {ApiKey.FETCH: FetchResponse, ApiKey.METADATA: MetadataResponse}[ApiKey(key)]
    return lambda: cls.decode(frame, version=version, header=True, framed=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    cases = [
        ("Fetch v12 response, 50 partitions x 1 KiB", ApiKey.FETCH, 12, fetch_body(12)),
        ("Fetch v17 response, 50 partitions x 1 KiB", ApiKey.FETCH, 17, fetch_body(17)),
        ("Metadata v12 response, 1000 topics x 3 partitions", ApiKey.METADATA, 12,
         metadata_body()),
    ]  # fmt: skip
    print(f"{'message':52} {'bytes':>8} {'encode µs':>10} {'decode µs':>10} {'kafka-python':>13}")
    for label, key, version, body in cases:
        frame = encode_response(key, version, 1, body)
        payload = frame[4:]
        encode = best_us(lambda k=key, v=version, b=body: encode_response(k, v, 1, b), args.repeat)
        decode = best_us(lambda k=key, v=version, data=payload: decode_response(k, v, data), args.repeat)
        other = kafka_python_decoder(key, version, frame)
        theirs = f"{best_us(other, args.repeat):10.0f} µs" if other else "n/a"
        print(f"{label:52} {len(frame):8d} {encode:10.0f} {decode:10.0f} {theirs:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
