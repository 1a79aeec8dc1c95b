"""A saved connection: where the cluster is and how to authenticate to it."""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from explorer.profiles.choices import SASL_PROTOCOLS, SECRET_FIELDS, TLS_PROTOCOLS
from explorer.profiles.validation import validate_profile


class ProfileFormatError(ValueError):
    """Stored or imported profile data has the wrong shape; the message is a sentence."""


def _new_id() -> str:
    return str(uuid.uuid4())


@dataclass(slots=True)
class ConnectionProfile:
    """Everything needed to reach one cluster. Secrets are left out of ``repr``."""

    name: str = ""
    bootstrap_servers: str = ""
    security_protocol: str = "PLAINTEXT"
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    key_password: str = field(default="", repr=False)
    check_hostname: bool = True
    sasl_mechanism: str = "PLAIN"
    username: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    id: str = field(default_factory=_new_id)

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol in TLS_PROTOCOLS

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol in SASL_PROTOCOLS

    @property
    def uses_token(self) -> bool:
        return self.uses_sasl and self.sasl_mechanism == "OAUTHBEARER"

    def validate(self, taken_names: Iterable[str] = ()) -> dict[str, str]:
        """Problems by field name, each a sentence; empty when the profile can be saved.

        ``taken_names`` are the names of the store's other profiles (compared case-insensitively).
        """
        return validate_profile(self, taken_names)

    def to_security_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``protocol.security.SecurityConfig``.

        Optional fields the security protocol does not use, and empty text, become ``None``
        (``sasl_mechanism`` is always passed: SecurityConfig ignores it without SASL);
        ``~`` in file paths is expanded.
        """
        tls, sasl = self.uses_tls, self.uses_sasl
        password_login = sasl and self.sasl_mechanism != "OAUTHBEARER"
        return {
            "security_protocol": self.security_protocol,
            "ca_file": _path_or_none(self.ca_file) if tls else None,
            "cert_file": _path_or_none(self.cert_file) if tls else None,
            "key_file": _path_or_none(self.key_file) if tls else None,
            "key_password": (self.key_password or None) if tls and self.key_file else None,
            "check_hostname": self.check_hostname,
            "sasl_mechanism": self.sasl_mechanism,
            "username": (self.username or None) if password_login else None,
            "password": (self.password or None) if password_login else None,
            "token": (self.token or None) if self.uses_token else None,
        }

    def secrets(self) -> dict[str, str]:
        """The secret fields that have a value."""
        return {name: getattr(self, name) for name in SECRET_FIELDS if getattr(self, name)}

    def without_secrets(self) -> ConnectionProfile:
        return dataclasses.replace(self, key_password="", password="", token="")

    def copy(self, **changes: Any) -> ConnectionProfile:
        return dataclasses.replace(self, **changes)

    def to_dict(self, include_secrets: bool = False) -> dict[str, Any]:
        """Plain JSON-ready data; secrets only when asked for and set."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.name not in SECRET_FIELDS}
        if include_secrets:
            data.update(self.secrets())
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConnectionProfile:
        """Build from stored or imported data; unknown keys are ignored, missing ones defaulted."""
        if not isinstance(data, Mapping):
            raise ProfileFormatError("A profile entry is not a JSON object.")
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            expected = bool if f.name == "check_hostname" else str
            if not isinstance(value, expected):
                label = data.get("name") if isinstance(data.get("name"), str) else "a profile"
                raise ProfileFormatError(f"The field “{f.name}” of {label} should be "
                                         f"{'true or false' if expected is bool else 'text'}.")
            values[f.name] = value
        if not values.get("id"):
            values.pop("id", None)
        return cls(**values)


def _path_or_none(path: str) -> str | None:
    return os.path.expanduser(path) if path.strip() else None


def default_profile() -> ConnectionProfile:
    """The profile a first start offers: a broker on this machine, no security."""
    return ConnectionProfile(name="localhost", bootstrap_servers="localhost:9092")
