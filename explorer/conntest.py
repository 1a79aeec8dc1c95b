"""Test a connection step by step, explaining what each step means when it fails.

resolve → TCP connect → TLS handshake (certificate chain and names) → ApiVersions → SASL →
metadata → every advertised broker. Qt-free: :func:`run_connection_test` yields a
:class:`StepResult` when a step starts (``running``) and again when it ends.
"""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from explorer import conntest_advice as advice
from explorer.conntest_tls import peer_chain, session_line
from explorer.timefmt import TimeZoneMode
from protocol.client import ClientConfig, KafkaClient, parse_address
from protocol.codec import ApiKey
from protocol.connection import ConnectionSettings, connect
from protocol.errors import KafkaExplorerError
from protocol.security import SecurityConfig, SecurityProtocol
from protocol.tls import build_ssl_context, tls_error
from protocol.versions import api_name

STEPS = (
    ("resolve", "Resolve the host name"),
    ("tcp", "Open a TCP connection"),
    ("tls", "TLS handshake"),
    ("api_versions", "Kafka handshake (ApiVersions)"),
    ("sasl", "SASL authentication"),
    ("metadata", "Read cluster metadata"),
    ("brokers", "Reach every advertised broker"),
)
RUNNING, OK, FAILED, SKIPPED = "running", "ok", "failed", "skipped"
KEY_APIS = (
    ApiKey.METADATA,
    ApiKey.LIST_OFFSETS,
    ApiKey.FETCH,
    ApiKey.PRODUCE,
    ApiKey.CREATE_TOPICS,
    ApiKey.DESCRIBE_CONFIGS,
)


@dataclass(frozen=True, slots=True)
class StepResult:
    key: str
    title: str
    status: str
    seconds: float = 0.0
    summary: str = ""
    details: list[str] = field(default_factory=list)
    meaning: str = ""
    check: str = ""


class StepFailed(Exception):
    def __init__(self, found: advice.Advice, details: list[str] | None = None) -> None:
        super().__init__(found.summary)
        self.advice, self.details = found, details or []


@dataclass(slots=True)
class _Context:
    host: str
    port: int
    security: SecurityConfig
    settings: ConnectionSettings
    bootstrap: str
    tz: TimeZoneMode
    ssl_context: ssl.SSLContext | None = None
    brokers: list[tuple[int, str, int]] = field(default_factory=list)


StepFunction = Callable[[_Context], Awaitable[tuple[str, list[str]]]]


async def run_connection_test(
    bootstrap: str, security: SecurityConfig, *, timeout: float = 10.0, tz: TimeZoneMode = "local"
) -> AsyncIterator[StepResult]:
    """Run every step against the first bootstrap server; later steps are skipped after a failure."""
    host, port = parse_address(bootstrap.split(",")[0])
    settings = ConnectionSettings("kafka-explorer-test", security, timeout, timeout)
    ctx = _Context(host, port, security, settings, bootstrap, tz)
    steps: dict[str, StepFunction] = {
        "resolve": _resolve,
        "tcp": _tcp,
        "tls": _tls,
        "api_versions": _api_versions,
        "sasl": _sasl,
        "metadata": _metadata,
        "brokers": _brokers,
    }
    failed = False
    for key, title in STEPS:
        if failed or _not_applicable(key, security):
            why = "an earlier step failed" if failed else f"not used by {security.security_protocol}"
            yield StepResult(key, title, SKIPPED, summary=f"Skipped: {why}.")
            continue
        yield StepResult(key, title, RUNNING)
        result = await _timed(key, title, steps[key], ctx)
        failed = result.status == FAILED
        yield result


def _not_applicable(key: str, security: SecurityConfig) -> bool:
    return (key == "tls" and not security.uses_tls) or (key == "sasl" and not security.uses_sasl)


async def _timed(key: str, title: str, step: StepFunction, ctx: _Context) -> StepResult:
    began = time.perf_counter()
    try:
        summary, details = await step(ctx)
    except StepFailed as exc:
        found = exc.advice
        return StepResult(
            key,
            title,
            FAILED,
            time.perf_counter() - began,
            found.summary,
            exc.details,
            found.meaning,
            found.check,
        )
    return StepResult(key, title, OK, time.perf_counter() - began, summary, details)


async def _resolve(ctx: _Context) -> tuple[str, list[str]]:
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(ctx.host, ctx.port, type=socket.SOCK_STREAM), ctx.settings.connect_timeout_s
        )
    except (OSError, TimeoutError) as exc:
        raise StepFailed(advice.resolve_failed(ctx.host, exc)) from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    return f"{ctx.host} is {', '.join(addresses)}", []


async def _tcp(ctx: _Context) -> tuple[str, list[str]]:
    address = f"{ctx.host}:{ctx.port}"
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(ctx.host, ctx.port), ctx.settings.connect_timeout_s
        )
    except (OSError, TimeoutError) as exc:
        raise StepFailed(advice.tcp_failed(address, exc, ctx.settings.connect_timeout_s)) from exc
    peer = writer.get_extra_info("peername")
    writer.close()
    return f"Connected to {peer[0]} port {peer[1]}", []


async def _handshake(ctx: _Context, context: ssl.SSLContext) -> Any:
    _, writer = await asyncio.wait_for(
        asyncio.open_connection(ctx.host, ctx.port, ssl=context, server_hostname=ctx.host),
        ctx.settings.connect_timeout_s,
    )
    ssl_object = writer.get_extra_info("ssl_object")
    writer.close()
    return ssl_object


async def _tls(ctx: _Context) -> tuple[str, list[str]]:
    address = f"{ctx.host}:{ctx.port}"
    try:
        ctx.ssl_context = build_ssl_context(ctx.security)
        ssl_object = await _handshake(ctx, ctx.ssl_context)
    except KafkaExplorerError as exc:
        raise StepFailed(advice.tls_failed(address, exc, [])) from exc
    except (ssl.SSLError, ConnectionResetError) as exc:
        chain = await _chain_without_checks(ctx)
        names = chain[0].names if chain else []
        details = [line for cert in chain for line in cert.lines(ctx.tz)]
        found = advice.tls_failed(address, tls_error(exc, ctx.host, ctx.port), names)
        raise StepFailed(found, details) from exc
    except (OSError, TimeoutError) as exc:
        raise StepFailed(advice.tcp_failed(address, exc, ctx.settings.connect_timeout_s)) from exc
    chain = peer_chain(ssl_object)
    details = [line for cert in chain for line in cert.lines(ctx.tz)]
    leaf = chain[0] if chain else None
    summary = f"{session_line(ssl_object)}; certificate for {', '.join(leaf.names) if leaf else '?'}"
    return summary, details


async def _chain_without_checks(ctx: _Context) -> list[Any]:
    """Handshake again accepting anything, only to show the user what the server presents."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        return peer_chain(await _handshake(ctx, context))
    except (OSError, ssl.SSLError, TimeoutError):
        return []


async def _api_versions(ctx: _Context) -> tuple[str, list[str]]:
    without_sasl: SecurityProtocol = "SSL" if ctx.security.uses_tls else "PLAINTEXT"
    plain = dataclasses.replace(ctx.security, security_protocol=without_sasl)
    settings = dataclasses.replace(ctx.settings, security=plain)
    try:
        conn = await connect(ctx.host, ctx.port, settings, ssl_context=ctx.ssl_context)
    except KafkaExplorerError as exc:
        raise StepFailed(advice.kafka_failed(f"{ctx.host}:{ctx.port}", exc)) from exc
    try:
        offered, chosen = conn.versions.broker_ranges, conn.versions.versions
        details = [
            f"{api_name(key)}: using v{chosen[key]} (broker offers v{offered[key][0]} to v{offered[key][1]})"
            for key in KEY_APIS
            if key in chosen
        ]
        return f"The broker answered as Kafka and offers {len(offered)} APIs", details
    finally:
        await conn.close()


async def _sasl(ctx: _Context) -> tuple[str, list[str]]:
    try:
        conn = await connect(ctx.host, ctx.port, ctx.settings, ssl_context=ctx.ssl_context)
    except KafkaExplorerError as exc:
        raise StepFailed(advice.sasl_failed(ctx.security.sasl_mechanism, exc)) from exc
    await conn.close()
    who = ctx.security.username or "the token's principal"
    return f"Authenticated as {who} with {ctx.security.sasl_mechanism}", []


async def _metadata(ctx: _Context) -> tuple[str, list[str]]:
    client = KafkaClient(
        ClientConfig(
            ctx.bootstrap,
            client_id="kafka-explorer-test",
            security=ctx.security,
            connect_timeout_s=ctx.settings.connect_timeout_s,
            request_timeout_s=ctx.settings.request_timeout_s,
            retry_attempts=1,
        )
    )
    try:
        meta = await client.start()
    except KafkaExplorerError as exc:
        raise StepFailed(advice.kafka_failed(ctx.bootstrap, exc)) from exc
    finally:
        await client.close()
    ordered = sorted(meta.brokers.values(), key=lambda b: b.node_id)
    ctx.brokers = [(b.node_id, b.host, b.port) for b in ordered]
    lines = [f"Broker {n} advertises {h}:{p}" for n, h, p in ctx.brokers]
    return (
        f"Cluster {meta.cluster_id or '(no id)'}: {len(meta.brokers)} broker(s), {len(meta.topics)} topic(s)"
    ), lines


async def unreachable_brokers(
    brokers: list[tuple[int, str, int]], settings: ConnectionSettings, ssl_context: ssl.SSLContext | None
) -> list[str]:
    """A sentence for each advertised broker (node, host, port) a full connection fails to reach."""

    async def reach(node: int, host: str, port: int) -> str | None:
        try:
            conn = await connect(host, port, settings, node_id=node, ssl_context=ssl_context)
        except KafkaExplorerError as exc:
            return advice.broker_unreachable(node, f"{host}:{port}", exc)
        await conn.close()
        return None

    return [p for p in await asyncio.gather(*(reach(*b) for b in brokers)) if p]


async def _brokers(ctx: _Context) -> tuple[str, list[str]]:
    problems = await unreachable_brokers(ctx.brokers, ctx.settings, ctx.ssl_context)
    if problems:
        found = advice.Advice(
            f"{len(problems)} of {len(ctx.brokers)} advertised brokers cannot be reached",
            advice.UNREACHABLE_MEANING,
            advice.UNREACHABLE_CHECK,
        )
        raise StepFailed(found, problems)
    return f"All {len(ctx.brokers)} advertised broker(s) answered", []
