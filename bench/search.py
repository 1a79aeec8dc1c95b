"""Search: count the records of a one-partition topic whose value contains a string.

One record in a thousand carries the needle. Ours is ``protocol.search.count_matches`` (lazy
view, batch-buffer scan); the peers consume everything and test ``needle in value``; kcat
pipes every value into ``grep -c``.

    python bench/search.py [--small | --full] [--records N] [--runs R] [--json FILE]
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

NEEDLE = b"NEEDLE-4711"
VALUE_SIZE = 100
CODECS = ("none", "lz4")

SEARCHERS: dict[str, Callable[[str, str, int, bytes], int]] = {
    "protocol": peers.protocol_search,
    "aiokafka": peers.aiokafka_search,
    "kafka-python": peers.kafka_python_search,
    "confluent-kafka": peers.confluent_search,
    "kcat": peers.kcat_search,
}


def _count(
    search: Callable[[str, str, int, bytes], int], bootstrap: str, topic: str, records: int, matches: int
) -> int:
    """Run one search, check its count, and report the records scanned (what the rate is of)."""
    found = search(bootstrap, topic, records, NEEDLE)
    if found != matches:
        raise AssertionError(f"{search.__name__} found {found:,} matches, not {matches:,}")
    return records


def section(report: Report, bootstrap: str, records: int, runs: int) -> tuple[str, list[str]]:
    cases = []
    for codec in CODECS:
        case = f"search-{codec}"
        topic = f"bench-search-{codec}-{uuid.uuid4().hex[:6]}"
        print(f"\n{case}: filling {topic} with {records:,} records", flush=True)
        fill_topic(bootstrap, topic, records, VALUE_SIZE, codec, marker=NEEDLE)
        for client, search in SEARCHERS.items():
            count = partial(_count, search, bootstrap, topic, records, (records + 999) // 1000)
            report.add(case, client, measure(count, records, runs))
        cases.append(case)
    return "Search: count matching values (records scanned/s; protocol / peer in brackets)", cases


if __name__ == "__main__":
    bench_main(__doc__.splitlines()[0], [section])
