"""The broker configuration files a harness node runs with.

Every node listens on 127.0.0.1 with PLAINTEXT, SSL, SASL_PLAINTEXT and SASL_SSL (PLAIN and
SCRAM-SHA-256/512), plus BADHOST: an SSL listener whose certificate is for another host name, so
clients can be tested against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from explorer.harness.tls import TlsMaterial

USERS = {"admin": "admin-secret", "alice": "alice-secret"}
"""SASL users (PLAIN and SCRAM). ``admin`` is a super user."""

SCRAM_MECHANISMS = ("SCRAM-SHA-256", "SCRAM-SHA-512")
SECURITY_PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL", "BADHOST")


@dataclass(slots=True)
class NodePorts:
    """The ports of one node, one per listener."""

    PLAINTEXT: int
    SSL: int
    SASL_PLAINTEXT: int
    SASL_SSL: int
    BADHOST: int
    CONTROLLER: int = 0

    def listener(self, name: str) -> int:
        return int(getattr(self, name))


@dataclass(slots=True)
class NodeSpec:
    """What one node needs to know to write its ``server.properties``."""

    node_id: int
    ports: NodePorts
    data_dir: Path
    voters: str = ""
    zookeeper: str = ""
    replication: int = 1
    extra: dict[str, str] = field(default_factory=dict)


def _jaas(mechanism: str) -> str:
    if mechanism == "PLAIN":
        users = " ".join(f'user_{u}="{p}"' for u, p in USERS.items())
        return ('org.apache.kafka.common.security.plain.PlainLoginModule required '
                f'username="admin" password="admin-secret" {users};')
    return ('org.apache.kafka.common.security.scram.ScramLoginModule required '
            'username="admin" password="admin-secret";')


def _sasl_lines() -> list[str]:
    lines = [f"sasl.enabled.mechanisms=PLAIN,{','.join(SCRAM_MECHANISMS)}"]
    for listener in ("sasl_plaintext", "sasl_ssl"):
        for mech in ("PLAIN", *SCRAM_MECHANISMS):
            lines.append(f"listener.name.{listener}.{mech.lower()}.sasl.jaas.config={_jaas(mech)}")
    return lines


def _ssl_lines(tls: TlsMaterial) -> list[str]:
    return [
        "ssl.keystore.type=PKCS12", f"ssl.keystore.location={tls.keystore}",
        f"ssl.keystore.password={tls.password}", f"ssl.key.password={tls.password}",
        "ssl.truststore.type=PKCS12", f"ssl.truststore.location={tls.truststore}",
        f"ssl.truststore.password={tls.password}", "ssl.client.auth=requested",
        f"listener.name.badhost.ssl.keystore.location={tls.wrong_host_keystore}",
        "listener.name.badhost.ssl.keystore.type=PKCS12",
        f"listener.name.badhost.ssl.keystore.password={tls.password}",
        f"listener.name.badhost.ssl.key.password={tls.password}",
    ]


def _listener_lines(spec: NodeSpec, kraft: bool) -> list[str]:
    names = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL", "BADHOST"]
    advertised = ",".join(f"{n}://127.0.0.1:{spec.ports.listener(n)}" for n in names)
    listeners = advertised
    protocol_map = "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,BADHOST:SSL"
    if kraft:
        listeners += f",CONTROLLER://127.0.0.1:{spec.ports.CONTROLLER}"
        protocol_map += ",CONTROLLER:PLAINTEXT"
    return [f"listeners={listeners}", f"advertised.listeners={advertised}",
            f"listener.security.protocol.map={protocol_map}", "inter.broker.listener.name=PLAINTEXT"]


def _replication_lines(rf: int) -> list[str]:
    min_isr = 2 if rf >= 3 else 1
    return [
        f"offsets.topic.replication.factor={rf}", "offsets.topic.num.partitions=3",
        f"transaction.state.log.replication.factor={rf}",
        f"transaction.state.log.min.isr={min_isr}", "transaction.state.log.num.partitions=3",
        f"default.replication.factor={rf}",
        f"share.coordinator.state.topic.replication.factor={rf}",
        f"share.coordinator.state.topic.min.isr={min_isr}",
    ]


def server_properties(spec: NodeSpec, tls: TlsMaterial, *, kraft: bool) -> str:
    """Render the ``server.properties`` of one node."""
    if kraft:
        role = ["process.roles=broker,controller", f"node.id={spec.node_id}",
                f"controller.quorum.voters={spec.voters}", "controller.listener.names=CONTROLLER",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"]
    else:
        role = [f"broker.id={spec.node_id}", f"zookeeper.connect={spec.zookeeper}",
                "zookeeper.connection.timeout.ms=30000",
                "authorizer.class.name=kafka.security.authorizer.AclAuthorizer"]
    common = [
        f"log.dirs={spec.data_dir}", "num.partitions=1", "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true", "log.cleaner.dedupe.buffer.size=2097152",
        "num.network.threads=2", "num.io.threads=2", "num.recovery.threads.per.data.dir=1",
        "background.threads=2", "delete.topic.enable=true",
        "super.users=User:admin;User:ANONYMOUS", "allow.everyone.if.no.acl.found=true",
        "message.max.bytes=1048588",
    ]
    extra = [f"{k}={v}" for k, v in spec.extra.items()]
    lines = [*role, *_listener_lines(spec, kraft), *_replication_lines(spec.replication), *common,
             *_ssl_lines(tls), *_sasl_lines(), *extra]
    return "\n".join(lines) + "\n"


def zookeeper_properties(data_dir: Path, port: int) -> str:
    return (f"dataDir={data_dir}\nclientPort={port}\nclientPortAddress=127.0.0.1\n"
            "maxClientCnxns=0\nadmin.enableServer=false\ntickTime=500\n")


LOG4J1 = """log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
"""

LOG4J2 = """status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = warn
logger.state.name = state.change.logger
logger.state.level = warn
"""


def log_config(major: int, directory: Path) -> list[str]:
    """Write the log configuration and return the JVM flag that selects it."""
    if major >= 4:
        path = directory / "log4j2.properties"
        path.write_text(LOG4J2)
        return [f"-Dlog4j2.configurationFile={path}"]
    path = directory / "log4j.properties"
    path.write_text(LOG4J1)
    return [f"-Dlog4j.configuration=file:{path}"]
