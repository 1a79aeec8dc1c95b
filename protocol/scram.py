"""SCRAM-SHA-256/512 client (RFC 5802, RFC 7677), sans-IO: messages in, messages out.

The server is checked as much as the client is: its nonce must extend ours, its iteration count
must be at least 4096 (a lower count would let a malicious server harvest cheap hashes), and its
final signature must prove it knows the password's salted form.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

from protocol.errors import AuthenticationError

MIN_ITERATIONS = 4096
"""RFC 7677 minimum, and what Kafka's own tools use by default."""

_HASHES = {"SCRAM-SHA-256": "sha256", "SCRAM-SHA-512": "sha512"}
_GS2_HEADER = "n,,"


def _saslname(name: str) -> str:
    return name.replace("=", "=3D").replace(",", "=2C")


def _attributes(message: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in message.split(","):
        key, sep, value = item.partition("=")
        if not sep or len(key) != 1:
            raise AuthenticationError(f"SCRAM: malformed server message {message!r}")
        parts[key] = value
    return parts


class ScramClient:
    """One SCRAM conversation: ``first()``, then ``final(server_first)``, then ``verify(...)``."""

    def __init__(self, mechanism: str, username: str, password: str, nonce: str | None = None) -> None:
        if mechanism not in _HASHES:
            raise ValueError(f"not a SCRAM mechanism: {mechanism}")
        self.mechanism = mechanism
        self._hash = _HASHES[mechanism]
        self._password = unicodedata.normalize("NFKC", password).encode()
        self._nonce = nonce or base64.b64encode(os.urandom(24)).decode()
        self._first_bare = f"n={_saslname(username)},r={self._nonce}"
        self._server_signature: bytes | None = None

    def first(self) -> bytes:
        """The client-first message."""
        return (_GS2_HEADER + self._first_bare).encode()

    def final(self, server_first: bytes) -> bytes:
        """The client-final message (with our proof), after checking the server-first one."""
        text = server_first.decode("utf-8", "replace")
        attrs = _attributes(text)
        if "e" in attrs:
            raise AuthenticationError(f"SCRAM: the broker refused: {attrs['e']}")
        nonce, salt_b64, iterations_text = attrs.get("r"), attrs.get("s"), attrs.get("i")
        if nonce is None or salt_b64 is None or iterations_text is None:
            raise AuthenticationError(f"SCRAM: server-first message lacks r, s or i: {text!r}")
        if not nonce.startswith(self._nonce) or len(nonce) <= len(self._nonce):
            raise AuthenticationError("SCRAM: the broker's nonce does not extend ours; refusing it")
        try:
            iterations = int(iterations_text)
            salt = base64.b64decode(salt_b64, validate=True)
        except ValueError as exc:
            raise AuthenticationError(f"SCRAM: bad salt or iteration count in {text!r}") from exc
        if iterations < MIN_ITERATIONS:
            raise AuthenticationError(
                f"SCRAM: the broker asked for {iterations} iterations; at least {MIN_ITERATIONS} are required"
            )
        salted = hashlib.pbkdf2_hmac(self._hash, self._password, salt, iterations)
        without_proof = f"c={base64.b64encode(_GS2_HEADER.encode()).decode()},r={nonce}"
        auth_message = f"{self._first_bare},{text},{without_proof}".encode()
        client_key = self._hmac(salted, b"Client Key")
        stored_key = hashlib.new(self._hash, client_key).digest()
        signature = self._hmac(stored_key, auth_message)
        proof = bytes(a ^ b for a, b in zip(client_key, signature, strict=True))
        self._server_signature = self._hmac(self._hmac(salted, b"Server Key"), auth_message)
        return f"{without_proof},p={base64.b64encode(proof).decode()}".encode()

    def verify(self, server_final: bytes) -> None:
        """Check the server-final message; raises ``AuthenticationError`` unless it proves itself."""
        if self._server_signature is None:
            raise AuthenticationError("SCRAM: server-final message before server-first")
        attrs = _attributes(server_final.decode("utf-8", "replace"))
        if "e" in attrs:
            raise AuthenticationError(f"SCRAM: the broker refused: {attrs['e']}")
        try:
            signature = base64.b64decode(attrs.get("v", ""), validate=True)
        except ValueError as exc:
            raise AuthenticationError("SCRAM: malformed server signature") from exc
        if not hmac.compare_digest(signature, self._server_signature):
            raise AuthenticationError(
                "SCRAM: the broker's signature is wrong; it does not know the password (man in the middle?)"
            )

    def _hmac(self, key: bytes, message: bytes) -> bytes:
        return hmac.new(key, message, self._hash).digest()
