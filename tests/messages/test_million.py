"""A million messages open, scroll to the end at once, and the values are not held in memory."""

from __future__ import annotations

import asyncio
import random
import time
import tracemalloc

import pytest

from explorer.harness import KafkaCluster
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.models.messages import KEY, OFFSET, PARTITION, VALUE
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from tests.conftest import Kcat
from tests.records_client.helpers import create_topic, unique

from .conftest import Heartbeat, shot, until
from .pages import open_page, read_done

pytestmark = [
    pytest.mark.broker,
    pytest.mark.slow,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
COUNT = 1_000_000
PARTITIONS = 4
VALUE_BYTES = 120
MEMORY_BOUND = 64 * 1024 * 1024
"""Everything Python allocates while the million rows load and scroll: half of the values alone."""


def produce_million(kcat: Kcat, kafka: KafkaCluster, topic: str) -> None:
    """kcat reads keyed lines and spreads them over the partitions; lz4 and big batches make it quick."""
    noise = random.Random(7).randbytes((VALUE_BYTES - 13) // 2 * 1024).hex()
    width = VALUE_BYTES - 13
    lines = "".join(
        f"k{i}\t{i:012d}-{noise[(i % 1000) * width : (i % 1000 + 1) * width]}\n" for i in range(COUNT)
    ).encode()
    kcat.run(
        "-P",
        "-b",
        kafka.bootstrap(),
        "-t",
        topic,
        "-K",
        "\t",
        "-z",
        "lz4",
        "-X",
        "linger.ms=100",
        "-X",
        "batch.num.messages=10000",
        "-X",
        "queue.buffering.max.messages=2000000",
        input=lines,
        timeout=120,
    )


async def test_a_million_messages(
    session: ClusterSession, kafka: KafkaCluster, kcat: Kcat, settings: AppSettings, prefs: DecoderPrefs
) -> None:
    topic = unique("msg-million")
    await create_topic(session.client, topic, partitions=PARTITIONS)
    await asyncio.to_thread(produce_million, kcat, kafka, topic)

    tracemalloc.start()
    began = time.monotonic()
    page = open_page(session, topic, settings, prefs)
    page.show()
    try:
        await read_done(page, timeout=120)
        loaded_in = time.monotonic() - began
        model, table = page.model, page.table
        assert model.rowCount() == COUNT
        scroll_began = time.perf_counter()
        table.scrollToBottom()
        last = model.rowCount() - 1
        table.selectRow(last)
        cells = [model.index(last, c).data() for c in (PARTITION, OFFSET, KEY, VALUE)]
        table.viewport().repaint()
        scrolled_in = time.perf_counter() - scroll_began
        _, peak = tracemalloc.get_traced_memory()
        store = model.store
        print(
            f"\n1M rows: loaded in {loaded_in:.1f} s, scrolled to the end in {scrolled_in * 1000:.1f} ms, "
            f"store {store.nbytes / 2**20:.1f} MiB in memory + {store.disk_bytes / 2**20:.1f} MiB on disk, "
            f"tracemalloc peak {peak / 2**20:.1f} MiB"
        )
        assert cells[2].startswith("k") and len(cells[3]) == VALUE_BYTES
        assert int(cells[3][:12]) == int(cells[2][1:])
        assert page.detail.record is not None and page.detail.record.offset == int(cells[1])
        assert scrolled_in < 0.5
        assert store.nbytes < 40 * 1024 * 1024
        assert store.disk_bytes > COUNT * VALUE_BYTES
        assert peak < MEMORY_BOUND, f"peak {peak / 2**20:.1f} MiB"
        shot(page, "messages-million")

        heartbeat = Heartbeat()
        typed = time.monotonic()
        page.find_bar.filter.setText("K999999")
        await until(lambda: page.model.filtered and not page.model.pending, 30, "the filter over 1M rows")
        filtered_in = time.monotonic() - typed
        heartbeat.stop()
        print(f"filter over 1M rows: {filtered_in:.1f} s, longest stall {heartbeat.worst_ms:.0f} ms")
        assert page.model.rowCount() == 1 and page.model.index(0, KEY).data() == "k999999"
        assert heartbeat.worst_ms < 150, "typing a filter must not freeze the window"
    finally:
        tracemalloc.stop()
        page.shutdown()
