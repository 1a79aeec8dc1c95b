"""The connection test succeeds on good profiles and explains each kind of failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from explorer.conntest import (
    FAILED,
    OK,
    RUNNING,
    SKIPPED,
    StepResult,
    run_connection_test,
    unreachable_brokers,
)
from explorer.harness import KafkaCluster
from explorer.harness.cluster import free_ports
from explorer.profiles.model import ConnectionProfile
from explorer.profiles.store import ProfileStore
from explorer.settings import AppSettings
from explorer.ui.connection_test import ConnectionTestView
from explorer.ui.connections_page import ConnectionsPage
from explorer.ui.main_window import MainWindow
from explorer.workspace import Workspace
from protocol.connection import ConnectionSettings
from protocol.security import SecurityConfig
from tests.ui.conftest import loaded, shot, until

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


async def outcome(bootstrap: str, security: SecurityConfig) -> dict[str, StepResult]:
    steps: dict[str, StepResult] = {}
    async for step in run_connection_test(bootstrap, security, timeout=5):
        if step.status != RUNNING:
            steps[step.key] = step
    return steps


def failed_step(steps: dict[str, StepResult]) -> StepResult:
    failures = [s for s in steps.values() if s.status == FAILED]
    assert len(failures) == 1, failures
    after = list(steps)[list(steps).index(failures[0].key) + 1 :]
    assert all(steps[key].status == SKIPPED for key in after)
    return failures[0]


async def test_every_step_succeeds_over_sasl_ssl(kafka: KafkaCluster) -> None:
    security = SecurityConfig(
        "SASL_SSL",
        ca_file=kafka.tls.ca_pem,
        sasl_mechanism="SCRAM-SHA-512",
        username="alice",
        password="alice-secret",
    )
    steps = await outcome(kafka.bootstrap("SASL_SSL"), security)
    assert [s.status for s in steps.values()] == [OK] * 7
    assert all(s.seconds > 0 for s in steps.values())
    assert "localhost" in steps["tls"].summary and any("issued by" in line for line in steps["tls"].details)
    assert steps["sasl"].summary == "Authenticated as alice with SCRAM-SHA-512"
    assert "1 broker(s)" in steps["metadata"].summary


async def test_wrong_port_is_refused() -> None:
    step = failed_step(await outcome(f"127.0.0.1:{free_ports(1)[0]}", SecurityConfig()))
    assert step.key == "tcp" and "refused" in step.summary
    assert "nothing listens on that port" in step.meaning and "port number" in step.check


async def test_certificate_for_another_host_is_a_hostname_mismatch(kafka: KafkaCluster) -> None:
    security = SecurityConfig("SSL", ca_file=kafka.tls.ca_pem)
    step = failed_step(await outcome(kafka.bootstrap("BADHOST"), security))
    assert step.key == "tls" and step.summary == "The certificate is not valid for “127.0.0.1”"
    assert "wrong.example" in step.meaning and "host name verification" in step.check
    assert any("names: wrong.example" in line for line in step.details)


async def test_certificate_from_another_ca_is_untrusted(kafka: KafkaCluster) -> None:
    security = SecurityConfig("SSL", ca_file=kafka.tls.other_ca_pem)
    step = failed_step(await outcome(kafka.bootstrap("SSL"), security))
    assert step.key == "tls" and "unknown CA" in step.summary and "CA file" in step.check


async def test_wrong_password_is_rejected_credentials(kafka: KafkaCluster) -> None:
    security = SecurityConfig(
        "SASL_PLAINTEXT", sasl_mechanism="SCRAM-SHA-256", username="alice", password="nope"
    )
    steps = await outcome(kafka.bootstrap("SASL_PLAINTEXT"), security)
    step = failed_step(steps)
    assert steps["api_versions"].status == OK
    assert step.key == "sasl" and step.summary == "The broker rejected the credentials"
    assert "user name and password" in step.check


async def test_plaintext_against_a_tls_listener_says_so(kafka: KafkaCluster) -> None:
    step = failed_step(await outcome(kafka.bootstrap("SSL"), SecurityConfig()))
    assert step.key == "api_versions" and "does not match" in step.summary and "TLS" in step.meaning


async def test_profiles_connect_and_test_from_the_connections_page(
    kafka: KafkaCluster, qtbot: QtBot, tmp_path: Path, workspace: Workspace, settings: AppSettings
) -> None:
    store = ProfileStore(tmp_path / "profiles")
    good = store.add(
        ConnectionProfile(
            name="sasl",
            bootstrap_servers=kafka.bootstrap("SASL_SSL"),
            security_protocol="SASL_SSL",
            ca_file=str(kafka.tls.ca_pem),
            sasl_mechanism="SCRAM-SHA-256",
            username="alice",
            password="alice-secret",
        )
    )
    bad = store.add(
        ConnectionProfile(
            name="wrong host",
            bootstrap_servers=kafka.bootstrap("BADHOST"),
            security_protocol="SSL",
            ca_file=str(kafka.tls.ca_pem),
        )
    )
    window = MainWindow(workspace, settings, store_factory=lambda: store)
    qtbot.addWidget(window)
    window.show()
    page = window.open_connections()
    assert isinstance(page, ConnectionsPage)
    shot(window, "connections")
    page.profiles.test_requested.emit(bad)
    test = window.content.current_page()
    assert isinstance(test, ConnectionTestView)
    await until(lambda: test.again.isEnabled() and test.model.failures(), what="the test to fail")
    assert "not valid for" in test.verdict.text() and "wrong.example" in test.details.toPlainText()
    shot(window, "connection-test-failed")
    page.profiles.connect_requested.emit(good)
    session = workspace.find("sasl")
    assert session is not None and session.config.security.password == "alice-secret"
    await loaded(session)


async def test_an_advertised_address_this_machine_cannot_reach_is_named(kafka: KafkaCluster) -> None:
    settings = ConnectionSettings("test", SecurityConfig(), 3, 3)
    brokers = [
        (1, "127.0.0.1", int(kafka.bootstrap().rsplit(":", 1)[1])),
        (2, "kafka-2.internal.invalid", 9092),
    ]
    problems = await unreachable_brokers(brokers, settings, None)
    assert len(problems) == 1 and problems[0].startswith("Broker 2 at kafka-2.internal.invalid:9092: ")
    assert "unresolvable" in problems[0]
