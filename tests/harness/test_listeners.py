"""Every harness listener answers a real peer: kcat, and confluent-kafka where kcat can't."""

from __future__ import annotations

import pytest
from confluent_kafka.admin import AdminClient

from explorer.harness import KafkaCluster
from tests.conftest import Kcat

pytestmark = pytest.mark.broker


def ssl_args(cluster: KafkaCluster, protocol: str = "SSL") -> list[str]:
    return ["-X", f"security.protocol={protocol}", "-X", f"ssl.ca.location={cluster.tls.ca_pem}"]


def sasl_args(mechanism: str, user: str = "alice", password: str = "alice-secret") -> list[str]:
    return ["-X", f"sasl.mechanisms={mechanism}", "-X", f"sasl.username={user}",
            "-X", f"sasl.password={password}"]


def kcat_brokers(kcat: Kcat, bootstrap: str, *extra: str, check: bool = True) -> str:
    done = kcat.run("-L", "-b", bootstrap, "-m", "10", *extra, check=check)
    return done.stdout.decode()


def test_plaintext(kafka: KafkaCluster, kcat: Kcat) -> None:
    assert "1 brokers:" in kcat_brokers(kcat, kafka.bootstrap())


def test_ssl_with_generated_ca(kafka: KafkaCluster, kcat: Kcat) -> None:
    out = kcat_brokers(kcat, kafka.bootstrap("SSL"), *ssl_args(kafka))
    assert f"ssl://{kafka.bootstrap('SSL')}" in out


def test_ssl_with_client_certificate(kafka: KafkaCluster, kcat: Kcat) -> None:
    mtls = ["-X", f"ssl.certificate.location={kafka.tls.client_cert_pem}",
            "-X", f"ssl.key.location={kafka.tls.client_key_encrypted_pem}",
            "-X", f"ssl.key.password={kafka.tls.key_password}"]
    assert "1 brokers:" in kcat_brokers(kcat, kafka.bootstrap("SSL"), *ssl_args(kafka), *mtls)


def test_ssl_rejects_an_unknown_ca(kafka: KafkaCluster, kcat: Kcat) -> None:
    args = ["-X", "security.protocol=SSL", "-X", f"ssl.ca.location={kafka.tls.other_ca_pem}"]
    done = kcat.run("-L", "-b", kafka.bootstrap("SSL"), "-m", "3", *args, check=False)
    assert done.returncode != 0
    assert b"certificate verify failed" in done.stderr


def test_badhost_listener_fails_hostname_verification(kafka: KafkaCluster, kcat: Kcat) -> None:
    done = kcat.run("-L", "-b", kafka.bootstrap("BADHOST"), "-m", "3", *ssl_args(kafka),
                    check=False)
    assert done.returncode != 0
    assert b"certificate verify failed" in done.stderr


@pytest.mark.parametrize("listener", ["SASL_PLAINTEXT", "SASL_SSL"])
def test_sasl_plain(kafka: KafkaCluster, kcat: Kcat, listener: str) -> None:
    tls = ssl_args(kafka, listener) if listener == "SASL_SSL" else ["-X", f"security.protocol={listener}"]
    out = kcat_brokers(kcat, kafka.bootstrap(listener), *tls, *sasl_args("PLAIN"))
    assert "1 brokers:" in out


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "SCRAM-SHA-512"])
@pytest.mark.parametrize("listener", ["SASL_PLAINTEXT", "SASL_SSL"])
def test_sasl_scram_on_4x(kafka: KafkaCluster, listener: str, mechanism: str) -> None:
    """kcat 1.7 (librdkafka 2.0) cannot do SCRAM against Kafka 4.x (its nonce bug, fixed in
    librdkafka 2.6.1), so the 4.x check uses confluent-kafka's newer librdkafka."""
    conf = {"bootstrap.servers": kafka.bootstrap(listener), "security.protocol": listener,
            "sasl.mechanisms": mechanism, "sasl.username": "alice",
            "sasl.password": "alice-secret", "ssl.ca.location": str(kafka.tls.ca_pem)}
    metadata = AdminClient(conf).list_topics(timeout=20)
    assert sorted(metadata.brokers) == [1]


def test_sasl_wrong_password_is_refused(kafka: KafkaCluster, kcat: Kcat) -> None:
    done = kcat.run("-L", "-b", kafka.bootstrap("SASL_PLAINTEXT"), "-m", "3", "-X",
                    "security.protocol=SASL_PLAINTEXT", *sasl_args("PLAIN", password="wrong"),
                    check=False)
    assert done.returncode != 0
    assert b"Authentication failed" in done.stderr
