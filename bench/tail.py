"""Live tail under load: the message page tailing a producer that sends N messages/s for S seconds.

A harness broker (or ``--bootstrap``), a topic, then the real :class:`MessagesPage` (offscreen,
shown, following the end) tailing it from its end on qasync's loop, while a separate process
(confluent-kafka) produces at a fixed rate. Measured in the page's process:

- event-loop stalls: a 5 ms ``QTimer`` heartbeat (PreciseTimer); a stall is how late a beat
  came (p50, p99, max);
- rows shown per second: rows inserted into the table (one ``beginInsertRows`` per 75 ms tick),
  over the producing window, and how far behind the table was when the producer stopped;
- peak memory: the process's peak RSS (``ru_maxrss``) against its RSS before tailing, and the
  store's own accounting (memory and spill files).

    python bench/tail.py [--rate 50000] [--seconds 60] [--partitions 6] [--value-size 100]
                         [--codec lz4] [--bootstrap HOST:PORT] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

HEARTBEAT_MS = 5


def produce(bootstrap: str, topic: str, rate: int, seconds: float, value_size: int, codec: str) -> None:
    """The producer process: ``rate`` messages/s in 10 ms slices, then flush; prints the count."""
    from confluent_kafka import Producer

    producer = Producer(
        {
            "bootstrap.servers": bootstrap,
            "linger.ms": 5,
            "compression.type": codec,
            "queue.buffering.max.messages": 2_000_000,
            "acks": 1,
        }
    )
    payload = os.urandom(value_size // 2).hex().encode()[:value_size]
    sent, began = 0, time.monotonic()
    while (now := time.monotonic()) - began < seconds:
        due = int((now - began) * rate)
        while sent < due:
            try:
                producer.produce(topic, payload, key=b"%d" % sent)
            except BufferError:
                producer.poll(0.01)
                continue
            sent += 1
        producer.poll(0)
        time.sleep(0.005)
    producer.flush(60)
    print(json.dumps({"sent": sent, "seconds": time.monotonic() - began}), flush=True)


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [float(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def tail(bootstrap: str, args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtCore import QSettings, Qt, QTimer

    from bench.common import create_topic
    from explorer.maingc import MainThreadCollector
    from explorer.messages.seek import ReadPlan, StartAt
    from explorer.models.decoder_prefs import DecoderPrefs
    from explorer.models.message_reading import TAILING
    from explorer.session import ClusterSession
    from explorer.settings import AppSettings
    from explorer.ui.messages_page import MessagesPage
    from protocol.client import ClientConfig

    collector = MainThreadCollector()  # as the app does: collection on the GUI thread, by timer
    session = ClusterSession("bench", ClientConfig(bootstrap))
    await session.client.start()
    topic = f"tail-bench-{uuid.uuid4().hex[:6]}"
    await asyncio.to_thread(create_topic, bootstrap, topic, args.partitions)
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"{topic}.ini"
    settings = AppSettings(QSettings(str(scratch), QSettings.Format.IniFormat))
    page = MessagesPage(
        session,
        topic,
        settings,
        prefs=DecoderPrefs(QSettings(str(scratch), QSettings.Format.IniFormat)),
        autostart=ReadPlan(topic, StartAt.END, tail=True),
    )
    page.resize(1400, 800)
    page.show()
    while page.reading.state != TAILING:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)

    stalls: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        stalls.append(max(0.0, (now - last[0]) * 1000 - HEARTBEAT_MS))
        last[0] = now

    heartbeat = QTimer(interval=HEARTBEAT_MS, timerType=Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    rss_before = rss_mib()
    producer = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--produce",
            bootstrap,
            topic,
            str(args.rate),
            str(args.seconds),
            str(args.value_size),
            args.codec,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    began = time.perf_counter()
    cpu_began, machine_began = cpu_seconds(), machine_busy()
    last[0] = began
    heartbeat.start()
    samples: list[tuple[float, int]] = []
    while producer.poll() is None:
        await asyncio.sleep(0.25)
        samples.append((time.perf_counter() - began, page.model.rowCount()))
    produced_for = time.perf_counter() - began
    cpu_used = cpu_seconds() - cpu_began
    busy, total = (b - a for a, b in zip(machine_began, machine_busy(), strict=True))
    shown_when_stopped = page.model.rowCount()
    report = json.loads(producer.stdout.read() if producer.stdout else "{}")
    while page.model.rowCount() < report["sent"] and time.perf_counter() - began < produced_for + 60:
        await asyncio.sleep(0.05)
    caught_up = time.perf_counter() - began - produced_for
    heartbeat.stop()
    store = page.model.store
    per_second = [b[1] - a[1] for a, b in zip(samples[::4], samples[4::4], strict=False)]
    result = {
        "rate_asked": args.rate,
        "seconds": args.seconds,
        "partitions": args.partitions,
        "value_size": args.value_size,
        "codec": args.codec,
        "produced": report["sent"],
        "producer_rate": report["sent"] / report["seconds"],
        "shown": page.model.rowCount(),
        "rows_shown_per_s": shown_when_stopped / produced_for,
        "rows_shown_per_s_median": statistics.median(per_second) if per_second else 0,
        "rows_shown_per_s_min": min(per_second) if per_second else 0,
        "behind_when_producer_stopped": report["sent"] - shown_when_stopped,
        "caught_up_after_s": caught_up,
        "stall_ms_p50": percentile(stalls, 0.50),
        "stall_ms_p99": percentile(stalls, 0.99),
        "stall_ms_max": max(stalls, default=0.0),
        "beats": len(stalls),
        "page_process_cpu_percent": 100 * cpu_used / produced_for,
        "machine_busy_percent": 100 * busy / total,
        "cpus": os.cpu_count(),
        "rss_before_mib": rss_before,
        "rss_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "store_memory_mib": store.nbytes / 2**20,
        "store_disk_mib": store.disk_bytes / 2**20,
    }
    gc_began = time.perf_counter()
    gc.collect()
    result["full_gc_ms"] = (time.perf_counter() - gc_began) * 1000
    result["gc_tracked_objects"] = len(gc.get_objects())
    page.shutdown()
    await session.close()
    scratch.unlink(missing_ok=True)
    collector.deleteLater()
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--produce":
        bootstrap, topic, rate, seconds, size, codec = sys.argv[2:8]
        produce(bootstrap, topic, int(rate), float(seconds), int(size), codec)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--value-size", type=int, default=100)
    parser.add_argument("--codec", default="lz4")
    parser.add_argument("--bootstrap")
    parser.add_argument("--json")
    args = parser.parse_args()

    import qasync  # QT_API is pyside6 (set above)
    from PySide6.QtWidgets import QApplication

    with ExitStack() as stack:
        bootstrap = args.bootstrap
        if bootstrap is None:
            from bench.common import broker

            bootstrap = stack.enter_context(broker()).bootstrap()
        app = QApplication.instance() or QApplication([])
        result = qasync.run(tail(bootstrap, args))
        del app
    for name, value in result.items():
        print(f"{name:32} {value:,.2f}" if isinstance(value, float) else f"{name:32} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
