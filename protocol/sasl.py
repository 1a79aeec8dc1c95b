"""SASL authentication: SaslHandshake v1, then SaslAuthenticate until the mechanism is done.

Mechanisms are sans-IO conversations (``start`` then ``step`` per server message); the
``authenticate`` coroutine drives one over any request function, so the same code serves the
first authentication and KIP-368 re-authentication of a live connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

from protocol.codec import ApiKey
from protocol.errors import (
    AuthenticationError,
    UnsupportedSaslMechanismError,
    error_for_code,
)
from protocol.scram import ScramClient
from protocol.security import SecurityConfig

SaslExchange = Callable[[int, int, Mapping[str, Any]], Awaitable[dict[str, Any]]]
"""Sends one request (api key, version, body) on the connection being authenticated."""

HANDSHAKE_VERSION = 1
"""Handshake v1 wraps tokens in SaslAuthenticate; every 2.1+ broker supports it."""


class SaslConversation(Protocol):
    """The client side of one mechanism: the first token, then one reply per server token."""

    def start(self) -> bytes: ...

    def step(self, server_token: bytes) -> bytes | None:
        """The next client token, or None when the exchange is complete."""
        ...


class PlainConversation:
    """PLAIN (RFC 4616): one message, authzid empty."""

    def __init__(self, username: str, password: str) -> None:
        self._message = f"\0{username}\0{password}".encode()

    def start(self) -> bytes:
        return self._message

    def step(self, server_token: bytes) -> bytes | None:
        return None


class OAuthBearerConversation:
    """OAUTHBEARER (RFC 7628, KIP-255) with a static token and no extensions."""

    def __init__(self, token: str) -> None:
        self._message = f"n,,\x01auth=Bearer {token}\x01\x01".encode()

    def start(self) -> bytes:
        return self._message

    def step(self, server_token: bytes) -> bytes | None:
        if server_token:
            # On failure the broker sends a JSON error; RFC 7628 says to answer with a lone %x01.
            raise AuthenticationError(
                f"OAUTHBEARER: the broker rejected the token: {server_token.decode('utf-8', 'replace')}"
            )
        return None


class ScramConversation:
    """SCRAM-SHA-256/512: client-first, client-final, then the server's signature is verified."""

    def __init__(self, mechanism: str, username: str, password: str) -> None:
        self._client = ScramClient(mechanism, username, password)
        self._round = 0

    def start(self) -> bytes:
        return self._client.first()

    def step(self, server_token: bytes) -> bytes | None:
        self._round += 1
        if self._round == 1:
            return self._client.final(server_token)
        self._client.verify(server_token)
        return None


def conversation_for(security: SecurityConfig) -> SaslConversation:
    """A fresh conversation for the configured mechanism."""
    mechanism = security.sasl_mechanism
    if mechanism == "OAUTHBEARER":
        return OAuthBearerConversation(security.token or "")
    username, password = security.username or "", security.password or ""
    if mechanism == "PLAIN":
        return PlainConversation(username, password)
    return ScramConversation(mechanism, username, password)


async def authenticate(
    exchange: SaslExchange, security: SecurityConfig, authenticate_version: int, broker: str
) -> int:
    """Authenticate over ``exchange``; returns the session lifetime in ms (0: no expiry).

    Raises ``AuthenticationError`` subclasses: wrong credentials, a mechanism the broker does
    not offer, or a server that fails the mechanism's own checks.
    """
    context = f"Authenticating with broker {broker} ({security.sasl_mechanism})"
    await _handshake(exchange, security.sasl_mechanism, context)
    conversation = conversation_for(security)
    token: bytes | None = conversation.start()
    lifetime = 0
    while token is not None:
        response = await exchange(ApiKey.SASL_AUTHENTICATE, authenticate_version, {"auth_bytes": token})
        code = response["error_code"]
        if code:
            raise _auth_error(code, response.get("error_message"), context)
        lifetime = int(response.get("session_lifetime_ms", 0) or 0)
        token = conversation.step(response["auth_bytes"] or b"")
    return lifetime


async def _handshake(exchange: SaslExchange, mechanism: str, context: str) -> None:
    response = await exchange(ApiKey.SASL_HANDSHAKE, HANDSHAKE_VERSION, {"mechanism": mechanism})
    code = response["error_code"]
    if code == UnsupportedSaslMechanismError.default_code:
        offered = ", ".join(response.get("mechanisms") or []) or "none"
        raise UnsupportedSaslMechanismError(f"the broker offers: {offered}", context=context)
    if code:
        raise _auth_error(code, None, context)


def _auth_error(code: int, message: str | None, context: str) -> AuthenticationError:
    error = error_for_code(code, message, context=context)
    if isinstance(error, AuthenticationError):
        return error  # 58 wrong credentials, 33 mechanism, 34 illegal state
    return AuthenticationError(str(error))
