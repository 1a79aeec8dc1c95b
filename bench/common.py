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
from statistics import median
from typing import Any

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
        print(
            f"  {result.name:28} {result.rate:12,.0f} rec/s  ({result.seconds:.2f} s) {result.note}",
            flush=True,
        )

    def render(self) -> str:
        base = next((r for r in self.rows if r.name == self.baseline), None)
        lines = [
            f"### {self.title}",
            "",
            "| client | records/s | seconds | ours ÷ theirs |",
            "|---|---:|---:|---:|",
        ]
        for row in self.rows:
            ratio = f"{base.rate / row.rate:.2f}x" if base and row is not base and row.rate else "—"
            lines.append(f"| {row.name} | {row.rate:,.0f} | {row.seconds:.2f} | {ratio} |")
        return "\n".join(lines)


@contextmanager
def broker(version: str | None = None) -> Iterator[KafkaCluster]:
    """A single-node broker with full JIT (benchmarks measure the client, not a cold JVM)."""
    kwargs: dict[str, Any] = {"version": version} if version else {}
    cluster = KafkaCluster(
        nodes=1, fast_start=False, heap="1g", extra_config={"message.max.bytes": "10485760"}, **kwargs
    )
    with cluster:
        yield cluster


def timed(name: str, records: int, fn: Callable[[], object], note: str = "") -> Result:
    began = time.perf_counter()
    fn()
    return Result(name, records, time.perf_counter() - began, note)


def fill_topic(
    bootstrap: str,
    topic: str,
    count: int,
    size: int,
    codec: str = "none",
    partitions: int = 1,
    marker: bytes = b"",
) -> None:
    """Write ``count`` records of ``size`` bytes with confluent-kafka (the fastest peer).

    Every 1000th record carries ``marker`` (for the search benchmark).
    """
    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, partitions, 1)])[topic].result(30)
    producer = Producer(
        {
            "bootstrap.servers": bootstrap,
            "compression.type": codec,
            "linger.ms": 20,
            "batch.num.messages": 10000,
            "queue.buffering.max.messages": 1_000_000,
        }
    )
    plain = b"x" * size
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
    done = subprocess.run(
        [kcat, "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o\n"],
        capture_output=True,
        check=True,
    )
    return done.stdout.count(b"\n")


# -- repeated runs, medians, the report --------------------------------------------------------

CLIENTS = ("protocol", "protocol-lazy", "aiokafka", "kafka-python", "confluent-kafka", "kcat")
"""Client names as the JSON report spells them, in table order."""


def measure(fn: Callable[[], int], expected: int, runs: int) -> list[float]:
    """Records per second of ``runs`` calls of ``fn`` (each must return ``expected``)."""
    rates = []
    for _ in range(runs):
        began = time.perf_counter()
        got = fn()
        seconds = time.perf_counter() - began
        if got != expected:
            raise AssertionError(f"counted {got:,} records, expected {expected:,}")
        rates.append(expected / seconds)
    return rates


@dataclass(slots=True)
class Report:
    """Every (case, client) measurement of one run, printed as tables and saved as JSON."""

    rates: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, case: str, client: str, rates: list[float]) -> None:
        self.rates[(case, client)] = rates
        print(f"  {case:16} {client:16} {median(rates):14,.0f} rec/s  (median of {len(rates)})", flush=True)

    def median(self, case: str, client: str) -> float | None:
        rates = self.rates.get((case, client))
        return None if not rates else median(rates)

    def table(self, title: str, cases: list[str]) -> str:
        """Clients by cases: records/s and, in brackets, protocol / client and protocol-lazy / client
        (above 1: ours is faster)."""
        lines = [f"### {title}", "", "| client | " + " | ".join(cases) + " |", "|---|" + "---:|" * len(cases)]
        for client in CLIENTS:
            if not any((case, client) in self.rates for case in cases):
                continue
            cells = [self._cell(case, client) for case in cases]
            lines.append(f"| {client} | " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def _cell(self, case: str, client: str) -> str:
        rate = self.median(case, client)
        if rate is None:
            return "—"
        if client.startswith("protocol"):
            return f"{rate:,.0f}"
        ours = [m for name in ("protocol", "protocol-lazy") if (m := self.median(case, name)) is not None]
        ratios = " / ".join(f"{m / rate:.2f}x" for m in ours)
        return f"{rate:,.0f} ({ratios})" if ratios else f"{rate:,.0f}"

    def to_json(self) -> dict[str, object]:
        return {"cases": [{"case": case, "client": client, "records_per_s": round(median(rates), 1),
                           "runs": len(rates)} for (case, client), rates in self.rates.items()],
                "notes": self.notes}  # fmt: skip


def create_topic(bootstrap: str, topic: str, partitions: int = 1) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, partitions, 1)])[topic].result(30)


def delete_topic(bootstrap: str, topic: str) -> None:
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.delete_topics([topic])[topic].result(30)


def end_offset(bootstrap: str, topic: str) -> int:
    """The high watermark of partition 0 (to check that a producer wrote everything)."""
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-watermarks"})
    try:
        return int(consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=30)[1])
    finally:
        consumer.close()


Section = Callable[[Report, str, int, int], tuple[str, list[str]]]
"""A benchmark section: (report, bootstrap, records, runs) -> (table title, its cases)."""


def bench_main(description: str, sections: list[Section], argv: list[str] | None = None) -> Report:
    """The command line every benchmark script shares; runs ``sections`` on one broker."""
    import argparse
    import json
    import platform
    from contextlib import nullcontext

    parser = argparse.ArgumentParser(description=description)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--small", action="store_true", help="20,000 records, one run (a smoke test)")
    size.add_argument("--full", action="store_true", help="1,000,000 records, 3 runs (the default)")
    parser.add_argument("--records", type=int, help="records per case (overrides --small/--full)")
    parser.add_argument("--runs", type=int, help="runs per case and client; the median is reported")
    parser.add_argument("--bootstrap", help="use this broker instead of starting a harness broker")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    records = args.records or (20_000 if args.small else 1_000_000)
    runs = args.runs or (1 if args.small else 3)
    report = Report()
    report.notes.append(f"{records:,} records of 100 B per case, median of {runs} run(s); Python "
                        f"{platform.python_version()} on {platform.machine()}, {_cpus()} CPUs")  # fmt: skip
    print(report.notes[0], flush=True)
    tables = []
    began = time.perf_counter()
    with nullcontext(args.bootstrap) if args.bootstrap else _harness_bootstrap() as bootstrap:
        for section in sections:
            title, cases = section(report, bootstrap, records, runs)
            tables.append(report.table(title, cases))
    print(f"\n(done in {time.perf_counter() - began:.0f} s)\n")
    print("\n\n".join(tables))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report.to_json(), out, indent=2)
    return report


@contextmanager
def _harness_bootstrap() -> Iterator[str]:
    with broker() as cluster:
        yield cluster.bootstrap()


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
