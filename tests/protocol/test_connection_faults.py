"""Faults a real broker doesn't make, from the in-process fake broker: each is our own error, fast."""

from __future__ import annotations

import asyncio
import struct
import time
from typing import Any

import pytest

from protocol.codec import ApiKey, encode_response
from protocol.connection import BrokerConnection, ConnectionSettings, connect
from protocol.errors import (
    AuthenticationError,
    KafkaConnectionError,
    KafkaTimeoutError,
    ProtocolDecodeError,
    SaslAuthenticationError,
    SecurityProtocolMismatchError,
    UnsupportedVersionError,
)
from protocol.security import SecurityConfig
from tests.protocol.fakebroker import CLOSE, SILENCE, FakeBroker, Raw, frame
from tests.protocol.protocol_helpers import HANG_GUARD, LeakCheck

METADATA_ALL: dict[str, Any] = {"topics": None}


async def open_to(broker: FakeBroker, **settings: Any) -> BrokerConnection:
    return await connect("127.0.0.1", broker.port, ConnectionSettings(**settings))


def metadata_body(broker: FakeBroker) -> dict[str, Any]:
    return broker.answer_metadata({}, {})  # type: ignore[return-value]


async def test_correlation_mismatch_closes_the_connection() -> None:
    def wrong_id(header: dict[str, Any], body: dict[str, Any]) -> Raw:
        return Raw(
            encode_response(3, header["api_version"], header["correlation_id"] + 7, metadata_body(broker))
        )

    leaks = LeakCheck()
    async with FakeBroker({ApiKey.METADATA: wrong_id}) as broker:
        conn = await open_to(broker)
        with pytest.raises(ProtocolDecodeError, match="out of sync"):
            await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL), HANG_GUARD)
        assert conn.closed
        with pytest.raises(KafkaConnectionError, match="out of sync"):
            await conn.request(ApiKey.METADATA, METADATA_ALL)
        await conn.close()
    await leaks.assert_clean()


async def test_garbage_body_fails_that_request_only() -> None:
    calls = 0

    def garbage_once(header: dict[str, Any], body: dict[str, Any]) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            return Raw(frame(struct.pack(">i", header["correlation_id"]) + b"\xff" * 9))
        return metadata_body(broker)

    async with FakeBroker({ApiKey.METADATA: garbage_once}) as broker:
        conn = await open_to(broker)
        with pytest.raises(ProtocolDecodeError, match="Metadata"):
            await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL), HANG_GUARD)
        # Framing is intact, so the connection goes on.
        response = await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL), HANG_GUARD)
        assert response is not None and response["cluster_id"] == "fake-cluster"
        await conn.close()


async def test_truncated_body_is_a_decode_error() -> None:
    def truncated(header: dict[str, Any], body: dict[str, Any]) -> Raw:
        whole = encode_response(3, header["api_version"], header["correlation_id"], metadata_body(broker))
        return Raw(frame(whole[4:-6]))

    async with FakeBroker({ApiKey.METADATA: truncated}) as broker:
        conn = await open_to(broker)
        with pytest.raises(ProtocolDecodeError):
            await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL), HANG_GUARD)
        await conn.close()


async def test_stream_cut_mid_frame_is_a_connection_error() -> None:
    def half_then_close(header: dict[str, Any], body: dict[str, Any]) -> Any:
        whole = encode_response(3, header["api_version"], header["correlation_id"], metadata_body(broker))
        return Raw(whole[: len(whole) // 2])

    async with FakeBroker({ApiKey.METADATA: half_then_close}) as broker:
        conn = await open_to(broker)
        task = asyncio.ensure_future(conn.request(ApiKey.METADATA, METADATA_ALL))
        await asyncio.sleep(0.1)
        for writer in list(broker._writers):
            writer.close()
        with pytest.raises(KafkaConnectionError, match=broker.address):
            await asyncio.wait_for(task, HANG_GUARD)
        await conn.close()


async def test_huge_declared_frame_size() -> None:
    async with FakeBroker({ApiKey.METADATA: lambda h, b: Raw(struct.pack(">i", 2**31 - 1))}) as broker:
        conn = await open_to(broker)
        with pytest.raises(ProtocolDecodeError, match="2147483647"):
            await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL), HANG_GUARD)
        assert conn.closed
        await conn.close()


async def test_a_response_that_never_comes_times_out_then_the_connection_is_dropped() -> None:
    async with FakeBroker({ApiKey.METADATA: lambda h, b: SILENCE}) as broker:
        conn = await open_to(broker, request_timeout_s=1.0)
        with pytest.raises(KafkaTimeoutError, match="Metadata"):
            await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL, timeout=0.3), HANG_GUARD)
        assert not conn.closed  # still waiting, in case the answer is merely late
        async with asyncio.timeout(HANG_GUARD):
            while not conn.closed:
                await asyncio.sleep(0.05)
        with pytest.raises(KafkaConnectionError, match="never answered"):
            await conn.request(ApiKey.METADATA, METADATA_ALL)
        await conn.close()


async def slow_metadata(broker: FakeBroker, delay: float) -> Any:
    async def handler(header: dict[str, Any], body: dict[str, Any]) -> Any:
        if body.get("topics") == [{"name": "slow", "topic_id": bytes(16)}] or (
            body.get("topics") and body["topics"][0]["name"] == "slow"
        ):
            await asyncio.sleep(delay)
        return metadata_body(broker)

    return handler


@pytest.mark.parametrize("how", ["timeout", "cancel"])
async def test_late_response_of_an_abandoned_request_is_discarded(how: str) -> None:
    broker = FakeBroker()
    broker.handlers[ApiKey.METADATA] = await slow_metadata(broker, 0.6)
    async with broker:
        conn = await open_to(broker)
        slow = asyncio.ensure_future(
            conn.request(
                ApiKey.METADATA, {"topics": [{"name": "slow"}]}, timeout=0.2 if how == "timeout" else None
            )
        )
        if how == "cancel":
            await asyncio.sleep(0.1)
            slow.cancel()
        with pytest.raises(KafkaTimeoutError if how == "timeout" else asyncio.CancelledError):
            await slow
        # Sent behind the abandoned one; it must get its own answer, not the late one.
        fast = await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL), HANG_GUARD)
        assert fast is not None and fast["brokers"][0]["port"] == broker.port
        assert not conn.closed and conn.in_flight == 0
        await conn.close()


async def test_throttle_delays_the_next_send() -> None:
    sent_at: list[float] = []

    def throttling(header: dict[str, Any], body: dict[str, Any]) -> Any:
        sent_at.append(time.monotonic())
        return {**metadata_body(broker), "throttle_time_ms": 500 if len(sent_at) == 1 else 0}

    async with FakeBroker({ApiKey.METADATA: throttling}) as broker:
        conn = await open_to(broker)
        await conn.request(ApiKey.METADATA, METADATA_ALL)
        assert conn.throttled_for > 0.3
        await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL), HANG_GUARD)
        assert sent_at[1] - sent_at[0] >= 0.45  # a lower bound only: the client waited
        await conn.close()


async def test_acks0_produce_expects_no_response() -> None:
    async with FakeBroker({ApiKey.PRODUCE: lambda h, b: SILENCE}) as broker:
        conn = await open_to(broker)
        body = {"acks": 0, "timeout_ms": 1000, "topic_data": []}
        assert await asyncio.wait_for(conn.request(ApiKey.PRODUCE, body), HANG_GUARD) is None
        assert conn.in_flight == 0
        response = await asyncio.wait_for(conn.request(ApiKey.METADATA, METADATA_ALL), HANG_GUARD)
        assert response is not None
        assert [h["api_key"] for h, _ in broker.received][-2:] == [ApiKey.PRODUCE, ApiKey.METADATA]
        await conn.close()


async def test_api_versions_falls_back_to_what_an_old_broker_speaks() -> None:
    def old_broker(header: dict[str, Any], body: dict[str, Any]) -> Any:
        if header["api_version"] > 2:  # like a 2.3 broker: v0 body, error 35
            keys = [
                {"api_key": 18, "min_version": 0, "max_version": 2},
                {"api_key": 3, "min_version": 0, "max_version": 7},
            ]
            return Raw(encode_response(18, 0, header["correlation_id"], {"error_code": 35, "api_keys": keys}))
        return broker.answer_api_versions(header, body)

    async with FakeBroker({ApiKey.API_VERSIONS: old_broker}) as broker:
        conn = await open_to(broker)
        assert [h["api_version"] for h in broker.requests(ApiKey.API_VERSIONS)] == [4, 2]
        assert conn.api_versions_version == 2
        await conn.close()


async def test_unsupported_api_is_refused_before_sending() -> None:
    async with FakeBroker(api_versions={18: (0, 4), 3: (0, 12), 1: (0, 3)}) as broker:
        conn = await open_to(broker)
        with pytest.raises(UnsupportedVersionError) as err:
            await conn.request(ApiKey.FETCH, {})
        assert "Fetch" in str(err.value) and broker.address in str(err.value)
        assert not broker.requests(ApiKey.FETCH)
        await conn.close()


async def test_eof_before_api_versions_hints_at_tls() -> None:
    async with FakeBroker({ApiKey.API_VERSIONS: lambda h, b: CLOSE}) as broker:
        with pytest.raises(SecurityProtocolMismatchError, match="TLS"):
            await asyncio.wait_for(open_to(broker), HANG_GUARD)


async def test_connect_timeout_names_the_stage() -> None:
    async with FakeBroker({ApiKey.API_VERSIONS: lambda h, b: SILENCE}) as broker:
        with pytest.raises(KafkaTimeoutError, match="ApiVersions"):
            await asyncio.wait_for(open_to(broker, connect_timeout_s=0.5), HANG_GUARD)


def sasl_handlers(lifetime_ms: int, expected: bytes, log: list[str]) -> dict[int, Any]:
    def handshake(header: dict[str, Any], body: dict[str, Any]) -> Any:
        log.append("handshake")
        ok = body["mechanism"] == "OAUTHBEARER"
        return {"error_code": 0 if ok else 33, "mechanisms": ["OAUTHBEARER"]}

    def authenticate(header: dict[str, Any], body: dict[str, Any]) -> Any:
        log.append("authenticate")
        if body["auth_bytes"] != expected:
            return {
                "error_code": 58,
                "error_message": "bad token",
                "auth_bytes": b"",
                "session_lifetime_ms": 0,
            }
        return {"error_code": 0, "error_message": None, "auth_bytes": b"", "session_lifetime_ms": lifetime_ms}

    return {ApiKey.SASL_HANDSHAKE: handshake, ApiKey.SASL_AUTHENTICATE: authenticate}


async def test_oauthbearer_and_reauthentication_on_a_fake_broker() -> None:
    log: list[str] = []
    handlers = sasl_handlers(400, b"n,,\x01auth=Bearer abc\x01\x01", log)
    security = SecurityConfig("SASL_PLAINTEXT", sasl_mechanism="OAUTHBEARER", token="abc")
    leaks = LeakCheck()
    async with FakeBroker(handlers) as broker:
        conn = await open_to(broker, security=security)
        async with asyncio.timeout(HANG_GUARD):
            while conn.reauthentications < 3:
                assert await conn.request(ApiKey.METADATA, METADATA_ALL) is not None
                await asyncio.sleep(0.02)
        # Every request went out between complete SASL exchanges, never inside one.
        order = [h["api_key"] for h, _ in broker.received if h["api_key"] != ApiKey.API_VERSIONS]
        for i, key in enumerate(order):
            if key == ApiKey.SASL_HANDSHAKE:
                assert order[i + 1] == ApiKey.SASL_AUTHENTICATE
        await conn.close()
    await leaks.assert_clean()


async def test_wrong_token_is_an_authentication_error() -> None:
    handlers = sasl_handlers(0, b"n,,\x01auth=Bearer right\x01\x01", [])
    security = SecurityConfig("SASL_PLAINTEXT", sasl_mechanism="OAUTHBEARER", token="wrong")
    async with FakeBroker(handlers) as broker:
        with pytest.raises(SaslAuthenticationError, match="not accepted") as err:
            await asyncio.wait_for(open_to(broker, security=security), HANG_GUARD)
        assert isinstance(err.value, AuthenticationError)
