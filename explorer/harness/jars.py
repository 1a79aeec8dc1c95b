"""Resolve Apache Kafka's jars from Maven Central into a cache directory, once.

A broker is started from nothing but Maven Central artifacts: ``kafka_2.13`` brings the broker,
its storage tool and (for 2.x and 3.x) ZooKeeper; we add the log binding each line of releases
ships in its tarball, so the broker's log says what it is doing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

DEFAULT_VERSION = "4.4.0"
"""The newest Kafka 4.x release on Maven Central when this was written."""

KNOWN_VERSIONS = ("4.4.0", "3.9.2", "2.5.1")
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"


class JarResolutionError(RuntimeError):
    """Maven could not fetch the jars for a Kafka version."""


@dataclass(frozen=True, slots=True)
class KafkaDistribution:
    """A resolved Kafka release: its version and the directory holding its runtime classpath."""

    version: str
    lib_dir: Path

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    @property
    def uses_zookeeper(self) -> bool:
        """Kafka 2.x runs here with ZooKeeper; 3.9 and 4.x run in KRaft mode."""
        return self.major < 3

    @property
    def classpath(self) -> str:
        return str(self.lib_dir / "*")


def cache_root() -> Path:
    """Where jars are kept between runs (``KAFKA_EXPLORER_CACHE`` overrides)."""
    explicit = os.environ.get("KAFKA_EXPLORER_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kafka-explorer"


def _log_binding(version: str) -> list[tuple[str, str, str]]:
    major = int(version.split(".")[0])
    if major >= 4:
        return [("org.apache.logging.log4j", "log4j-slf4j-impl", "2.25.5")]
    if major == 3:
        return [("ch.qos.reload4j", "reload4j", "1.2.25"), ("org.slf4j", "slf4j-reload4j", "1.7.36")]
    return [("log4j", "log4j", "1.2.17"), ("org.slf4j", "slf4j-log4j12", "1.7.30")]


def _pom(version: str) -> str:
    deps = [("org.apache.kafka", "kafka_2.13", version), *_log_binding(version)]
    rows = "\n".join(
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
        f"<version>{v}</version></dependency>"
        for g, a, v in deps
    )
    return f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.kafka-explorer</groupId><artifactId>kafka-runtime</artifactId>
  <version>1</version><packaging>pom</packaging>
  <dependencies>
{rows}
  </dependencies>
</project>
"""


def resolve(version: str = DEFAULT_VERSION) -> KafkaDistribution:
    """Return the jars for ``version``, fetching them with Maven the first time."""
    home = cache_root() / "kafka" / version
    lib = home / "lib"
    marker = home / "complete"
    if marker.exists() and any(lib.glob("kafka_2.13-*.jar")):
        return KafkaDistribution(version, lib)
    mvn = shutil.which("mvn")
    if mvn is None:
        raise JarResolutionError("Maven (mvn) is not installed; it is needed to fetch Kafka's jars.")
    home.mkdir(parents=True, exist_ok=True)
    (home / "pom.xml").write_text(_pom(version))
    staging = home / "lib.partial"
    shutil.rmtree(staging, ignore_errors=True)
    cmd = [mvn, "-B", "-q", "-f", str(home / "pom.xml"), f"{DEPENDENCY_PLUGIN}:copy-dependencies",
           "-DincludeScope=runtime", f"-DoutputDirectory={staging}"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-3000:]
        raise JarResolutionError(f"Maven could not fetch Kafka {version}:\n{tail}")
    shutil.rmtree(lib, ignore_errors=True)
    staging.rename(lib)
    marker.write_text(version)
    return KafkaDistribution(version, lib)
