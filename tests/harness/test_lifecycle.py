"""Cluster lifecycle: three nodes, losing and regaining one, failing loudly, leaving no JVM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from explorer.harness import BrokerStartError, KafkaCluster
from explorer.harness.probe import metadata_brokers
from tests.conftest import Kcat

pytestmark = pytest.mark.broker
ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def _wait_gone(pid: int, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _alive(pid)


def test_three_nodes_lose_one_and_get_it_back(kafka3: KafkaCluster, kcat: Kcat) -> None:
    survivor = kafka3.node(1).ports.PLAINTEXT
    assert metadata_brokers(survivor)[0] == [1, 2, 3]
    kafka3.stop_node(3)
    deadline = time.monotonic() + 60
    while metadata_brokers(survivor)[0] != [1, 2] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert metadata_brokers(survivor)[0] == [1, 2]
    kafka3.start_node(3)
    assert metadata_brokers(survivor)[0] == [1, 2, 3]
    assert "3 brokers:" in kcat.run("-L", "-b", kafka3.bootstrap()).stdout.decode()


def test_stop_leaves_no_jvm() -> None:
    cluster = KafkaCluster(nodes=1).start()
    pid = cluster.brokers[0].process.pid  # type: ignore[union-attr]
    assert pid is not None and _alive(pid)
    workdir = cluster.workdir
    cluster.stop()
    assert _wait_gone(pid)
    assert workdir is not None and not workdir.exists()


def test_a_killed_test_run_takes_its_jvms_with_it(tmp_path: Path) -> None:
    """SIGKILL on the process that started the broker: the kernel must stop the JVM too."""
    script = textwrap.dedent("""
        import sys, time
        from explorer.harness import KafkaCluster
        c = KafkaCluster(nodes=1).start()
        print(c.brokers[0].process.pid, flush=True)
        time.sleep(600)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout is not None
    pid = int(child.stdout.readline())
    assert _alive(pid)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _wait_gone(pid), f"JVM {pid} outlived the process that started it"


def test_a_broker_that_cannot_start_fails_loudly_with_its_log() -> None:
    cluster = KafkaCluster(nodes=1, extra_config={"num.io.threads": "many"}, start_timeout=60)
    with pytest.raises(BrokerStartError) as failure:
        cluster.start()
    assert "num.io.threads" in str(failure.value)


def test_a_broker_started_from_a_worker_thread_outlives_that_thread() -> None:
    """The kernel ties a child to the thread that forked it; ours all come from one spawner."""
    import threading

    holder: list[KafkaCluster] = []
    worker = threading.Thread(target=lambda: holder.append(KafkaCluster(nodes=1).start()))
    worker.start()
    worker.join()
    cluster = holder[0]
    try:
        time.sleep(1.0)
        assert metadata_brokers(cluster.brokers[0].ports.PLAINTEXT)[0] == [1]
    finally:
        cluster.stop()
