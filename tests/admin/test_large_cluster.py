"""A large cluster: 5,000 topics created in batches and all described, on a private broker."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.harness import KafkaCluster
from protocol.admin import NewTopic
from tests.admin.conftest import started_admin

pytestmark = [pytest.mark.broker, pytest.mark.slow]

TOPICS = 5000


@pytest.fixture
def big_cluster() -> Iterator[KafkaCluster]:
    """A private node, so 5,000 topics never slow the shared broker's other tests.

    Its logs live in tmpfs when there is one: a broker fsyncs the parent directory of every new
    partition, which on a disk costs ~7 ms each (36 s instead of 3 s for 5,000 topics here).
    """
    shm = Path("/dev/shm")
    workdir = Path(tempfile.mkdtemp(prefix="kafka-admin-big-", dir=shm)) if shm.is_dir() else None
    cluster = KafkaCluster(heap="1g", workdir=workdir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


async def test_create_and_describe_5000_topics(big_cluster: KafkaCluster) -> None:
    admin = await started_admin(big_cluster)
    try:
        names = [f"bulk-{i:05d}" for i in range(TOPICS)]
        began = time.monotonic()
        created = await admin.create_topics([NewTopic(n, 1, 1) for n in names], timeout_s=120)
        create_s = time.monotonic() - began
        assert [n for n, r in created.items() if r.error is not None] == []

        began = time.monotonic()
        listed = [t.name for t in await admin.list_topics(include_internal=False)]
        list_s = time.monotonic() - began
        progress: list[int] = []
        described = await admin.describe_topics(listed, progress=lambda done, total: progress.append(done))
        describe_s = time.monotonic() - began - list_s
        assert sorted(described) == names and progress[-1] == TOPICS
        assert all(d.error is None and d.partition_count == 1 and d.partitions[0].leader == 1
                   and d.message_count == 0 for d in described.values())  # fmt: skip
        print(f"\n{TOPICS} topics: created in {create_s:.1f} s, listed in {list_s:.2f} s, "
              f"described (partitions, leaders, watermarks) in {describe_s:.2f} s")
    finally:
        await admin.client.close()
