"""From a saved profile to what the client and the connection test take (Qt-free)."""

from __future__ import annotations

from explorer.profiles.model import ConnectionProfile
from protocol.client import ClientConfig
from protocol.security import SecurityConfig


def security_of(profile: ConnectionProfile) -> SecurityConfig:
    """Raises ``ValueError`` with a sentence when the profile is incomplete (e.g. no password)."""
    return SecurityConfig(**profile.to_security_kwargs())


def client_config(profile: ConnectionProfile, client_id: str = "kafka-explorer") -> ClientConfig:
    return ClientConfig(profile.bootstrap_servers, client_id=client_id, security=security_of(profile))
