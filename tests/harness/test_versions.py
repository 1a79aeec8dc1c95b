"""Older brokers: Kafka 3.9 (KRaft) and Kafka 2.5 with ZooKeeper start and answer, SCRAM included."""

from __future__ import annotations

import pytest

from explorer.harness import KafkaCluster
from tests.conftest import Kcat
from tests.harness.test_listeners import kcat_brokers, sasl_args, ssl_args

pytestmark = pytest.mark.broker


@pytest.fixture(params=["kafka39", "kafka25"])
def older(request: pytest.FixtureRequest) -> KafkaCluster:
    cluster: KafkaCluster = request.getfixturevalue(request.param)
    return cluster


def test_older_broker_answers(older: KafkaCluster, kcat: Kcat) -> None:
    assert "1 brokers:" in kcat_brokers(kcat, older.bootstrap())
    assert older.kraft == (not older.version.startswith("2."))


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_older_broker_sasl_ssl(older: KafkaCluster, kcat: Kcat, mechanism: str) -> None:
    out = kcat_brokers(kcat, older.bootstrap("SASL_SSL"), *ssl_args(older, "SASL_SSL"),
                       *sasl_args(mechanism))
    assert "1 brokers:" in out


def test_older_broker_scram_over_plaintext(older: KafkaCluster, kcat: Kcat) -> None:
    out = kcat_brokers(kcat, older.bootstrap("SASL_PLAINTEXT"), "-X",
                       "security.protocol=SASL_PLAINTEXT", *sasl_args("SCRAM-SHA-512", "admin",
                                                                     "admin-secret"))
    assert "1 brokers:" in out
