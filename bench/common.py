"""What every benchmark shares: a harness broker, topic filling, timing, and the result table.

Every figure comes from the same broker in the same run, and is printed next to the peers' as a
ratio, because the machines are shared and noisy: only ratios travel.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from explorer.harness import KafkaCluster


@dataclass(slots=True)
class Result:
    name: str
    records: int
    seconds: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else float("inf")


@dataclass(slots=True)
class Table:
    title: str
    baseline: str
    rows: list[Result] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.rows.append(result)
        print(f"  {result.name:28} {result.rate:12,.0f} rec/s  ({result.seconds:.2f} s) {result.note}",
              flush=True)

    def render(self) -> str:
        base = next((r for r in self.rows if r.name == self.baseline), None)
        lines = [f"### {self.title}", "", "| client | records/s | seconds | ours ÷ theirs |",
                 "|---|---:|---:|---:|"]
        for row in self.rows:
            ratio = f"{base.rate / row.rate:.2f}x" if base and row is not base and row.rate else "—"
            lines.append(f"| {row.name} | {row.rate:,.0f} | {row.seconds:.2f} | {ratio} |")
        return "\n".join(lines)


@contextmanager
def broker(version: str | None = None) -> Iterator[KafkaCluster]:
    """A single-node broker with full JIT (benchmarks measure the client, not a cold JVM)."""
    kwargs = {"version": version} if version else {}
    cluster = KafkaCluster(nodes=1, fast_start=False, heap="1g",
                           extra_config={"message.max.bytes": "10485760"}, **kwargs)
    with cluster:
        yield cluster


def timed(name: str, records: int, fn: Callable[[], object], note: str = "") -> Result:
    began = time.perf_counter()
    fn()
    return Result(name, records, time.perf_counter() - began, note)


def fill_topic(bootstrap: str, topic: str, count: int, size: int, codec: str = "none",
               partitions: int = 1, marker: bytes = b"") -> None:
    """Write ``count`` records of ``size`` bytes with confluent-kafka (the fastest peer).

    Every 1000th record carries ``marker`` (for the search benchmark).
    """
    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, partitions, 1)])[topic].result(30)
    producer = Producer({"bootstrap.servers": bootstrap, "compression.type": codec,
                         "linger.ms": 20, "batch.num.messages": 10000,
                         "queue.buffering.max.messages": 1_000_000})
    plain = (b"x" * size)
    tagged = (marker + plain)[:size] if marker else plain
    for i in range(count):
        while True:
            try:
                producer.produce(topic, tagged if i % 1000 == 0 else plain)
                break
            except BufferError:
                producer.poll(0.05)
    producer.flush(120)


def kcat_consume(bootstrap: str, topic: str) -> int:
    kcat = shutil.which("kcat")
    assert kcat, "kcat is needed for the benchmark"
    done = subprocess.run([kcat, "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e",
                           "-q", "-f", "%o\n"], capture_output=True, check=True)
    return done.stdout.count(b"\n")
