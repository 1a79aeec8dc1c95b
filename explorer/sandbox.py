"""The sandbox: a local Kafka broker the app starts for itself, with demo topics and traffic.

The broker's JVM is started from one long-lived worker thread: the harness ties each JVM to the
thread that started it (so a crashed app never leaves a broker behind), and the GUI thread must
not wait for a broker to come up.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from concurrent.futures import ThreadPoolExecutor

from explorer.demo_traffic import DemoTraffic
from explorer.harness import DEFAULT_VERSION, KafkaCluster
from protocol.client import ClientConfig, KafkaClient


class Sandbox:
    """Start and stop the local sandbox broker without blocking the event loop.

    Once the broker is up, :meth:`start` creates the demo topics and their first messages, and
    leaves a trickle of new ones running until :meth:`stop`.
    """

    def __init__(self, version: str = DEFAULT_VERSION, *, demo: bool = True) -> None:
        self.cluster = KafkaCluster(version=version, nodes=1)
        self.demo = demo
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox-broker")
        self._started = False
        self._client: KafkaClient | None = None
        self._trickle: asyncio.Task[None] | None = None

    @property
    def version(self) -> str:
        return self.cluster.version

    def bootstrap(self, listener: str = "PLAINTEXT") -> str:
        return self.cluster.bootstrap(listener)

    async def start(self) -> KafkaCluster:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._worker, self.cluster.start)
        self._started = True
        pids = ", ".join(str(b.process.pid) for b in self.cluster.brokers if b.process)
        print(f"Sandbox: Kafka {self.version} at {self.bootstrap()} (broker pid {pids})",
              file=sys.stderr, flush=True)
        if self.demo:
            await self._start_demo()
        return self.cluster

    async def _start_demo(self) -> None:
        self._client = KafkaClient(ClientConfig(bootstrap_servers=self.bootstrap(),
                                                client_id="kafka-explorer-sandbox"))
        await self._client.start()
        traffic = DemoTraffic(self._client)
        await traffic.seed()
        self._trickle = asyncio.create_task(traffic.run(), name="sandbox demo traffic")

    async def _stop_demo(self) -> None:
        if self._trickle is not None:
            self._trickle.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._trickle
            self._trickle = None
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def stop(self) -> None:
        await self._stop_demo()
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
