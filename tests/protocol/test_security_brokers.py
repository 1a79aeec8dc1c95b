"""Every listener with every mechanism, on Kafka 4.x and 2.5 (ZooKeeper), and each way to get it wrong.

Each failure must be its own clear error class, quickly: ``asyncio.wait_for`` is a hang guard.
"""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from typing import Any

import pytest

from explorer.harness import KafkaCluster
from protocol.client import ClientConfig, KafkaClient
from protocol.errors import (
    AuthenticationError,
    HostnameMismatchError,
    KafkaConnectionError,
    SaslAuthenticationError,
    SecurityProtocolMismatchError,
    TlsError,
    UnsupportedSaslMechanismError,
    UntrustedCertificateError,
)
from protocol.security import SecurityConfig
from tests.protocol.protocol_helpers import HANG_GUARD, LeakCheck, client_for, security

pytestmark = pytest.mark.broker

CLUSTERS = ["kafka", "kafka25"]
WORKING = [
    ("PLAINTEXT", None),
    ("SSL", None),
    ("SSL", "mtls"),
    *[
        (listener, mech)
        for listener in ("SASL_PLAINTEXT", "SASL_SSL")
        for mech in ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
    ],
]


def cluster_named(request: pytest.FixtureRequest, name: str) -> KafkaCluster:
    cluster = request.getfixturevalue(name)
    assert isinstance(cluster, KafkaCluster)
    return cluster


async def start_and_close(client: KafkaClient) -> Any:
    try:
        return await asyncio.wait_for(client.start(), HANG_GUARD)
    finally:
        await client.close()


@pytest.mark.parametrize("cluster_name", CLUSTERS)
@pytest.mark.parametrize(("listener", "variant"), WORKING, ids=[f"{a}-{b}" for a, b in WORKING])
async def test_listener_works(
    request: pytest.FixtureRequest, cluster_name: str, listener: str, variant: str | None
) -> None:
    cluster = cluster_named(request, cluster_name)
    if variant == "mtls":
        sec = security(
            cluster,
            listener,
            cert_file=cluster.tls.client_cert_pem,
            key_file=cluster.tls.client_key_encrypted_pem,
            key_password=cluster.tls.key_password,
        )
    else:
        sec = security(cluster, listener, variant or "PLAIN")
    leaks = LeakCheck()
    client = client_for(cluster, listener, sec)
    meta = await start_and_close(client)
    port = cluster.brokers[0].ports.listener(listener)
    assert [b.port for b in meta.brokers.values()] == [port]  # advertised for the listener we used
    await leaks.assert_clean()


@pytest.mark.parametrize("cluster_name", CLUSTERS)
@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
async def test_wrong_password(request: pytest.FixtureRequest, cluster_name: str, mechanism: str) -> None:
    cluster = cluster_named(request, cluster_name)
    sec = security(cluster, "SASL_PLAINTEXT", mechanism, password="nope")
    client = client_for(cluster, "SASL_PLAINTEXT", sec)
    with pytest.raises(SaslAuthenticationError) as err:
        await start_and_close(client)
    assert isinstance(err.value, AuthenticationError)
    assert "The user name or password was not accepted" in str(err.value)


async def test_unknown_user_over_sasl_ssl(kafka: KafkaCluster) -> None:
    sec = dataclasses.replace(security(kafka, "SASL_SSL", "SCRAM-SHA-512"), username="mallory")
    with pytest.raises(SaslAuthenticationError, match="not accepted"):
        await start_and_close(client_for(kafka, "SASL_SSL", sec))


async def test_mechanism_not_enabled(kafka: KafkaCluster) -> None:
    sec = SecurityConfig("SASL_PLAINTEXT", sasl_mechanism="OAUTHBEARER", token="t")
    with pytest.raises(UnsupportedSaslMechanismError, match="SCRAM-SHA-256"):
        await start_and_close(client_for(kafka, "SASL_PLAINTEXT", sec))


@pytest.mark.parametrize("cluster_name", CLUSTERS)
async def test_unknown_ca(request: pytest.FixtureRequest, cluster_name: str) -> None:
    cluster = cluster_named(request, cluster_name)
    sec = security(cluster, "SSL", ca_file=cluster.tls.other_ca_pem)
    with pytest.raises(UntrustedCertificateError) as err:
        await start_and_close(client_for(cluster, "SSL", sec))
    assert "isn't signed by a trusted CA" in str(err.value) and "CA file" in str(err.value)


@pytest.mark.parametrize("cluster_name", CLUSTERS)
async def test_hostname_mismatch(request: pytest.FixtureRequest, cluster_name: str) -> None:
    cluster = cluster_named(request, cluster_name)
    with pytest.raises(HostnameMismatchError) as err:
        await start_and_close(client_for(cluster, "BADHOST", security(cluster, "BADHOST")))
    assert "not valid for host '127.0.0.1'" in str(err.value)


async def test_hostname_check_can_be_turned_off(kafka: KafkaCluster) -> None:
    sec = security(kafka, "BADHOST", check_hostname=False)
    meta = await start_and_close(client_for(kafka, "BADHOST", sec))
    assert meta.brokers


async def test_insecure_skip_verify_accepts_any_ca(kafka: KafkaCluster) -> None:
    sec = security(kafka, "SSL", ca_file=kafka.tls.other_ca_pem, insecure_skip_verify=True)
    assert (await start_and_close(client_for(kafka, "SSL", sec))).brokers


async def test_wrong_key_password_names_the_file(kafka: KafkaCluster) -> None:
    sec = security(
        kafka,
        "SSL",
        cert_file=kafka.tls.client_cert_pem,
        key_file=kafka.tls.client_key_encrypted_pem,
        key_password="wrong",
    )
    with pytest.raises(TlsError, match="client certificate"):
        await start_and_close(client_for(kafka, "SSL", sec))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_connection_refused() -> None:
    port = closed_port()
    client = KafkaClient(ClientConfig(f"127.0.0.1:{port}", connect_timeout_s=5))
    with pytest.raises(KafkaConnectionError) as err:
        await start_and_close(client)
    assert type(err.value) is KafkaConnectionError
    assert f"127.0.0.1:{port} refused" in str(err.value)


async def test_unresolvable_host() -> None:
    client = KafkaClient(ClientConfig("no-such-broker.invalid:9092", connect_timeout_s=5))
    with pytest.raises(KafkaConnectionError, match=r"no-such-broker\.invalid:9092 is unresolvable"):
        await start_and_close(client)


async def test_every_bootstrap_error_is_reported(kafka: KafkaCluster) -> None:
    port = closed_port()
    sec = security(kafka, "SSL", ca_file=kafka.tls.other_ca_pem)
    client = KafkaClient(ClientConfig([f"127.0.0.1:{port}", kafka.bootstrap("SSL")], security=sec))
    with pytest.raises(UntrustedCertificateError) as err:  # the configuration error comes first
        await start_and_close(client)
    assert any("refused" in note for note in err.value.__notes__)


@pytest.mark.parametrize("cluster_name", CLUSTERS)
async def test_tls_client_against_plaintext_port(request: pytest.FixtureRequest, cluster_name: str) -> None:
    cluster = cluster_named(request, cluster_name)
    sec = security(cluster, "SSL")
    client = KafkaClient(ClientConfig(cluster.bootstrap("PLAINTEXT"), security=sec))
    with pytest.raises(SecurityProtocolMismatchError, match="does not use TLS"):
        await start_and_close(client)


@pytest.mark.parametrize("cluster_name", CLUSTERS)
@pytest.mark.parametrize("listener", ["SSL", "SASL_SSL"])
async def test_plaintext_client_against_tls_port(
    request: pytest.FixtureRequest, cluster_name: str, listener: str
) -> None:
    cluster = cluster_named(request, cluster_name)
    client = KafkaClient(ClientConfig(cluster.bootstrap(listener)))
    with pytest.raises(SecurityProtocolMismatchError, match="TLS"):
        await start_and_close(client)


async def test_plaintext_client_against_sasl_port(kafka: KafkaCluster) -> None:
    client = KafkaClient(ClientConfig(kafka.bootstrap("SASL_PLAINTEXT")))
    with pytest.raises(KafkaConnectionError, match="may require SASL"):
        await start_and_close(client)


async def test_sasl_client_against_plaintext_port(kafka: KafkaCluster) -> None:
    sec = security(kafka, "SASL_PLAINTEXT", "SCRAM-SHA-256")
    client = KafkaClient(ClientConfig(kafka.bootstrap("PLAINTEXT"), security=sec))
    with pytest.raises((AuthenticationError, KafkaConnectionError)) as err:
        await start_and_close(client)
    assert "127.0.0.1" in str(err.value)
