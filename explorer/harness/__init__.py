"""A harness that runs real Apache Kafka brokers from Maven Central jars.

Used by the test suite and by the sandbox (``kafka-explorer --sandbox``). It has no Qt in it.
"""

from explorer.harness.cluster import BrokerStartError, KafkaCluster
from explorer.harness.config import USERS
from explorer.harness.jars import DEFAULT_VERSION, KNOWN_VERSIONS, resolve
from explorer.harness.tls import TlsMaterial

__all__ = ["DEFAULT_VERSION", "KNOWN_VERSIONS", "USERS", "BrokerStartError", "KafkaCluster",
           "TlsMaterial", "resolve"]
