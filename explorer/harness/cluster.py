"""Start and stop real Apache Kafka brokers on 127.0.0.1: one node or three, KRaft or ZooKeeper."""

from __future__ import annotations

import base64
import shutil
import socket
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from explorer.harness import config
from explorer.harness.jars import DEFAULT_VERSION, KafkaDistribution, resolve
from explorer.harness.probe import metadata_brokers
from explorer.harness.process import JvmProcess
from explorer.harness.tls import TlsMaterial, make_tls_material


class BrokerStartError(RuntimeError):
    """A broker (or ZooKeeper) did not come up; the message ends with the tail of its log."""


def _cluster_id() -> str:
    """A Kafka-style id: 22 base64url characters. One starting with '-' would be read as an
    option by the storage tool, so such ids are drawn again."""
    while True:
        candidate = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not candidate.startswith("-"):
            return candidate


def free_ports(count: int) -> list[int]:
    """Ask the kernel for ``count`` distinct free ports on 127.0.0.1."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass(slots=True)
class BrokerNode:
    """One broker of the cluster and its JVM."""

    spec: config.NodeSpec
    directory: Path
    process: JvmProcess | None = None

    @property
    def node_id(self) -> int:
        return self.spec.node_id

    @property
    def ports(self) -> config.NodePorts:
        return self.spec.ports


@dataclass
class KafkaCluster:
    """A throw-away Kafka cluster for tests and the sandbox.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`. Nothing survives
    :meth:`stop`: the JVMs are gone and the working directory is removed.
    """

    version: str = DEFAULT_VERSION
    nodes: int = 1
    heap: str = "384m"
    fast_start: bool = True
    extra_config: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None
    start_timeout: float = 90.0
    stop_timeout: float = 10.0
    """How long a clean shutdown may take before the JVM is killed (data is thrown away anyway)."""

    dist: KafkaDistribution = field(init=False)
    tls: TlsMaterial = field(init=False)
    brokers: list[BrokerNode] = field(init=False, default_factory=list)
    zookeeper: JvmProcess | None = field(init=False, default=None)
    started_in: float = field(init=False, default=0.0)
    _own_workdir: bool = field(init=False, default=False)

    # ----------------------------------------------------------------- public API
    @property
    def kraft(self) -> bool:
        return not self.dist.uses_zookeeper

    @property
    def users(self) -> dict[str, str]:
        return dict(config.USERS)

    def bootstrap(self, listener: str = "PLAINTEXT") -> str:
        """``host:port`` of every node's ``listener``, comma separated."""
        return ",".join(f"127.0.0.1:{b.ports.listener(listener)}" for b in self.brokers)

    def node(self, node_id: int) -> BrokerNode:
        return next(b for b in self.brokers if b.node_id == node_id)

    def start(self) -> KafkaCluster:
        began = time.monotonic()
        self.dist = resolve(self.version)
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix=f"kafka-{self.version}-"))
            self._own_workdir = True
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.tls = make_tls_material(self.workdir / "tls")
        try:
            self._layout()
            if self.kraft:
                self._format_all()
            else:
                self._start_zookeeper()
            for broker in self.brokers:
                self._launch(broker)
            if not self.kraft:
                self._add_zookeeper_scram_users()
            self._wait_ready(self.brokers)
        except BaseException:
            self.stop()
            raise
        self.started_in = time.monotonic() - began
        return self

    def stop(self) -> None:
        procs = [b.process for b in self.brokers if b.process is not None]
        for proc in procs:
            proc.terminate()  # all at once, so a quorum is not waited for node by node
        for proc in procs:
            proc.stop(timeout=self.stop_timeout)
        if self.zookeeper is not None:
            self.zookeeper.stop(timeout=10)
        if self._own_workdir and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def stop_node(self, node_id: int, *, kill: bool = False) -> None:
        """Stop one broker (SIGTERM, or SIGKILL with ``kill``), keeping its data."""
        proc = self.node(node_id).process
        if proc is not None:
            proc.stop(timeout=30, kill=kill)

    def start_node(self, node_id: int) -> None:
        """Restart a stopped broker and wait until the cluster lists it again."""
        broker = self.node(node_id)
        self._launch(broker)
        self._wait_ready([broker])

    def __enter__(self) -> KafkaCluster:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # ----------------------------------------------------------------- internals
    def _layout(self) -> None:
        assert self.workdir is not None
        per_node = 6 if self.kraft else 5
        ports = free_ports(per_node * self.nodes + 1)
        self._zk_port = ports.pop()
        voters = []
        for index in range(self.nodes):
            chunk = ports[index * per_node:(index + 1) * per_node]
            node_ports = config.NodePorts(*chunk)
            node_id = index + 1
            directory = self.workdir / f"node-{node_id}"
            directory.mkdir(parents=True, exist_ok=True)
            spec = config.NodeSpec(node_id=node_id, ports=node_ports, data_dir=directory / "data",
                                   zookeeper=f"127.0.0.1:{self._zk_port}",
                                   replication=min(self.nodes, 3), extra=dict(self.extra_config))
            self.brokers.append(BrokerNode(spec, directory))
            voters.append(f"{node_id}@127.0.0.1:{node_ports.CONTROLLER}")
        for broker in self.brokers:
            broker.spec.voters = ",".join(voters)
            (broker.directory / "server.properties").write_text(
                config.server_properties(broker.spec, self.tls, kraft=self.kraft))

    def _jvm(self, directory: Path, heap: str) -> list[str]:
        flags = ["-Xms64m", f"-Xmx{heap}", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                 "-XX:+ExitOnOutOfMemoryError", *config.log_config(self.dist.major, directory)]
        if self.fast_start:
            flags.append("-XX:TieredStopAtLevel=1")
        return [*flags, "-cp", self.dist.classpath]

    def _format_all(self) -> None:
        cluster_id = _cluster_id()
        scram = []
        for mech in config.SCRAM_MECHANISMS:
            for user, password in config.USERS.items():
                scram += ["--add-scram", f"{mech}=[name={user},password={password}]"]
        tools = []
        for broker in self.brokers:
            argv = [*self._jvm(broker.directory, "256m"), "kafka.tools.StorageTool", "format",
                    "-t", cluster_id, "-c", str(broker.directory / "server.properties"), *scram]
            tool = JvmProcess("format", argv, broker.directory / "format.log")
            tool.start()
            tools.append(tool)
        self._wait_tools(tools, "formatting the storage")

    def _wait_tools(self, tools: list[JvmProcess], what: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        for tool in tools:
            while tool.running() and time.monotonic() < deadline:
                time.sleep(0.05)
            code = tool.exit_code()
            tool.stop(timeout=1, kill=True)
            if code != 0:
                raise BrokerStartError(f"Kafka {self.version}: {what} failed (exit {code}):\n"
                                       f"{tool.log_tail()}")

    def _start_zookeeper(self) -> None:
        assert self.workdir is not None
        zk_dir = self.workdir / "zookeeper"
        zk_dir.mkdir(parents=True, exist_ok=True)
        props = zk_dir / "zookeeper.properties"
        props.write_text(config.zookeeper_properties(zk_dir / "data", self._zk_port))
        argv = [*self._jvm(zk_dir, "128m"), "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                str(props)]
        self.zookeeper = JvmProcess("zookeeper", argv, zk_dir / "zookeeper.log")
        self.zookeeper.start()
        deadline = time.monotonic() + self.start_timeout
        while not _port_open(self._zk_port):
            if not self.zookeeper.running() or time.monotonic() > deadline:
                raise BrokerStartError(f"ZooKeeper did not start:\n{self.zookeeper.log_tail()}")
            time.sleep(0.1)

    def _add_zookeeper_scram_users(self) -> None:
        """Kafka 2.x keeps SCRAM credentials in ZooKeeper; brokers pick them up live."""
        assert self.workdir is not None
        tools = []
        for user, password in config.USERS.items():
            creds = ",".join(f"{m}=[iterations=4096,password={password}]"
                             for m in config.SCRAM_MECHANISMS)
            argv = [*self._jvm(self.workdir, "128m"), "kafka.admin.ConfigCommand", "--zookeeper",
                    f"127.0.0.1:{self._zk_port}", "--alter", "--add-config", creds,
                    "--entity-type", "users", "--entity-name", user]
            tool = JvmProcess("scram", argv, self.workdir / f"scram-{user}.log")
            tool.start()
            tools.append(tool)
        self._wait_tools(tools, "adding SCRAM users")

    def _launch(self, broker: BrokerNode) -> None:
        argv = [*self._jvm(broker.directory, self.heap), "kafka.Kafka",
                str(broker.directory / "server.properties")]
        broker.process = JvmProcess(f"broker-{broker.node_id}", argv, broker.directory / "server.log")
        broker.process.start()

    def _wait_ready(self, waiting: list[BrokerNode]) -> None:
        expected = sorted(b.node_id for b in self.brokers)
        deadline = time.monotonic() + self.start_timeout
        pending = list(waiting)
        while pending:
            broker = pending[0]
            assert broker.process is not None
            if not broker.process.running():
                raise BrokerStartError(
                    f"Kafka {self.version} node {broker.node_id} exited with code "
                    f"{broker.process.exit_code()} while starting:\n{broker.process.log_tail()}")
            if time.monotonic() > deadline:
                raise BrokerStartError(
                    f"Kafka {self.version} node {broker.node_id} did not answer within "
                    f"{self.start_timeout:.0f} s:\n{broker.process.log_tail()}")
            try:
                ids, controller = metadata_brokers(broker.ports.PLAINTEXT)
                if ids == expected and controller >= 0:
                    pending.pop(0)
                    continue
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
