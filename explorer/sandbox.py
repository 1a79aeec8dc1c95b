"""The sandbox: a local Kafka broker the app starts for itself, with demo topics and traffic.

The broker's JVM is started from one long-lived worker thread: the harness ties each JVM to the
thread that started it (so a crashed app never leaves a broker behind), and the GUI thread must
not wait for a broker to come up.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from explorer.harness import DEFAULT_VERSION, KafkaCluster


class Sandbox:
    """Start and stop the local sandbox broker without blocking the event loop."""

    def __init__(self, version: str = DEFAULT_VERSION) -> None:
        self.cluster = KafkaCluster(version=version, nodes=1)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox-broker")
        self._started = False

    @property
    def version(self) -> str:
        return self.cluster.version

    def bootstrap(self, listener: str = "PLAINTEXT") -> str:
        return self.cluster.bootstrap(listener)

    async def start(self) -> KafkaCluster:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._worker, self.cluster.start)
        self._started = True
        return self.cluster

    async def stop(self) -> None:
        if self._started:
            self._started = False
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._worker, self.cluster.stop)
        self._worker.shutdown(wait=False)

    def stop_now(self) -> None:
        """Blocking stop, for interpreter shutdown paths where no loop is running."""
        if self._started:
            self._started = False
            self.cluster.stop()
        self._worker.shutdown(wait=False)
