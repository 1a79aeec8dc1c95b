"""What a failed connection step means, and what to check, in plain words."""

from __future__ import annotations

import errno
import socket
import ssl
from dataclasses import dataclass

from protocol.errors import (
    AuthenticationError,
    HostnameMismatchError,
    KafkaApiError,
    KafkaTimeoutError,
    SecurityProtocolMismatchError,
    TlsError,
    UnsupportedSaslMechanismError,
    UntrustedCertificateError,
)


@dataclass(frozen=True, slots=True)
class Advice:
    summary: str
    meaning: str
    check: str


def resolve_failed(host: str, exc: BaseException) -> Advice:
    reason = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else str(exc)
    return Advice(
        f"Cannot resolve {host}: {reason}",
        f"This computer cannot find an address for “{host}”.",
        "The spelling of the host name; that DNS works here; a VPN you may need to be on.",
    )


def tcp_failed(address: str, exc: BaseException, timeout: float) -> Advice:
    if isinstance(exc, TimeoutError | KafkaTimeoutError):
        return Advice(
            f"No answer from {address} within {timeout:g} s",
            "Nothing answered: a firewall drops the connection, or the host is wrong.",
            "The host and port; firewalls and security groups between you and the broker.",
        )
    if isinstance(exc, ConnectionRefusedError) or getattr(exc, "errno", None) == errno.ECONNREFUSED:
        return Advice(
            f"{address} refused the connection",
            "The host answered, but nothing listens on that port: the broker is down, "
            "or it listens on another port.",
            "The port number (each listener has its own); that the broker is running.",
        )
    if getattr(exc, "errno", None) in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return Advice(
            f"{address} is unreachable",
            "There is no network route to that host from here.",
            "Your network connection, VPN, and the host address.",
        )
    return Advice(
        f"Cannot connect to {address}: {exc}",
        "The connection could not be opened.",
        "The host, the port and the network between you and the broker.",
    )


def tls_failed(address: str, exc: BaseException, names: list[str]) -> Advice:
    named = f" The certificate is for: {', '.join(names)}." if names else ""
    if isinstance(exc, HostnameMismatchError):
        host = address.rsplit(":", 1)[0]
        return Advice(
            f"The certificate is not valid for “{host}”",
            f"The broker's certificate was issued for other names than the one you connected to.{named}",
            "Connect using a name the certificate lists (the broker's advertised host name), or, "
            "for a test cluster only, turn off host name verification in the profile.",
        )
    if isinstance(exc, UntrustedCertificateError):
        return Advice(
            "The certificate is signed by an unknown CA",
            "The broker's certificate chain does not lead to a CA this profile trusts." + named,
            "The CA file in the profile: it must be the CA (or chain) that signed the broker's "
            "certificate. Without a CA file, the system's trust store is used.",
        )
    if isinstance(exc, SecurityProtocolMismatchError):
        return Advice(
            "The listener does not speak TLS",
            "The broker closed the connection during the TLS handshake: that port expects plaintext.",
            "The security protocol (PLAINTEXT or SASL_PLAINTEXT?) and the port.",
        )
    if isinstance(exc, TlsError) and "Cannot" in str(exc):
        return Advice(
            str(exc),
            "A certificate or key file of the profile could not be used.",
            "The file paths, that the files are PEM, and the key password.",
        )
    if isinstance(exc, ssl.SSLError | TlsError):
        return Advice(
            f"TLS handshake failed: {exc}",
            "The broker and this client could not agree on a secure connection.",
            "That the listener uses TLS, the TLS versions it allows (1.2+ here), and whether it "
            "requires a client certificate.",
        )
    return tcp_failed(address, exc, 0)


def kafka_failed(address: str, exc: BaseException) -> Advice:
    if isinstance(exc, SecurityProtocolMismatchError):
        return Advice(
            "The security protocol does not match the listener",
            str(exc),
            "The profile's security protocol and port: each listener has one protocol.",
        )
    if isinstance(exc, KafkaTimeoutError):
        return Advice(
            f"{address} did not answer as a Kafka broker",
            str(exc),
            "That this port is a Kafka listener, and the security protocol (a TLS listener "
            "waits silently for a TLS handshake).",
        )
    return Advice(
        f"Kafka handshake with {address} failed: {exc}",
        str(exc),
        "That this is a Kafka broker and the security protocol matches the listener.",
    )


def sasl_failed(mechanism: str, exc: BaseException) -> Advice:
    if isinstance(exc, UnsupportedSaslMechanismError):
        return Advice(
            f"The broker does not offer {mechanism}",
            str(exc),
            "The SASL mechanism in the profile against the listener's sasl.enabled.mechanisms.",
        )
    if isinstance(exc, AuthenticationError | KafkaApiError):
        return Advice(
            "The broker rejected the credentials",
            f"Authentication with {mechanism} failed: {exc}",
            "The user name and password (or token); that the user exists on this cluster; for "
            "SCRAM, that the mechanism (SHA-256 or SHA-512) is the one the user was created with.",
        )
    return Advice(f"SASL failed: {exc}", str(exc), "The SASL settings of the profile.")


def broker_unreachable(node_id: int, address: str, exc: BaseException) -> str:
    return f"Broker {node_id} at {address}: {exc}"


UNREACHABLE_MEANING = (
    "Clients talk to each broker at the address it advertises, not at the bootstrap address. "
    "Some advertised addresses cannot be reached from this computer."
)
UNREACHABLE_CHECK = (
    "advertised.listeners on those brokers: it must name a host and port this computer can resolve and "
    "reach (not an internal container or cloud-private name), for the listener you connect to."
)
