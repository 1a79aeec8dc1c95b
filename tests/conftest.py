"""Fixtures shared by the whole suite: real Kafka brokers from the harness.

A broker that cannot start fails the tests that need it; nothing is skipped. The Kafka version
of the main broker is ``KAFKA_EXPLORER_KAFKA_VERSION`` (default: the newest 4.x).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from explorer.harness import DEFAULT_VERSION, KafkaCluster

OLD_ZOOKEEPER_VERSION = "2.5.1"
PREVIOUS_MAJOR_VERSION = "3.9.2"


def _start(version: str, nodes: int = 1) -> KafkaCluster:
    return KafkaCluster(version=version, nodes=nodes).start()


@pytest.fixture(scope="session")
def kafka() -> Iterator[KafkaCluster]:
    """One node of the newest Kafka 4.x (KRaft), shared by the session."""
    cluster = _start(os.environ.get("KAFKA_EXPLORER_KAFKA_VERSION", DEFAULT_VERSION))
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def kafka39() -> Iterator[KafkaCluster]:
    """One node of Kafka 3.9 (KRaft)."""
    cluster = _start(PREVIOUS_MAJOR_VERSION)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def kafka25() -> Iterator[KafkaCluster]:
    """One node of Kafka 2.5 with ZooKeeper, the release the project's study note used."""
    cluster = _start(OLD_ZOOKEEPER_VERSION)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def kafka3() -> Iterator[KafkaCluster]:
    """Three nodes of the newest Kafka 4.x. Tests that stop a node must start it again."""
    cluster = _start(os.environ.get("KAFKA_EXPLORER_KAFKA_VERSION", DEFAULT_VERSION), nodes=3)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["kafka", "kafka25"])
def cluster(request: pytest.FixtureRequest) -> KafkaCluster:
    """The newest broker and the oldest (2.5 with ZooKeeper), for tests that must hold on both."""
    value = request.getfixturevalue(request.param)
    assert isinstance(value, KafkaCluster)
    return value


async def until(condition: Callable[[], object], timeout: float = 30.0, what: str = "condition") -> None:
    """Let the running loop (and Qt's timers, on qasync) run until ``condition()`` is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.02)


@dataclass(frozen=True, slots=True)
class Kcat:
    """The kcat command line, the interop peer."""

    path: str

    def run(self, *args: str, input: bytes | None = None, timeout: float = 60,
            check: bool = True) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run([self.path, *args], input=input, capture_output=True,
                              timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"kcat {' '.join(args)} failed ({done.returncode}):\n"
                                 f"{done.stderr.decode(errors='replace')[-2000:]}")
        return done


@pytest.fixture(scope="session")
def kcat() -> Kcat:
    path = shutil.which("kcat")
    if path is None:
        raise RuntimeError("kcat is not installed (Debian package 'kcat'); .ci/run installs it.")
    return Kcat(path)
