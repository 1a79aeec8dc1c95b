"""How a connection protects itself: the security protocol, TLS files and SASL credentials.

One frozen value per cluster profile. ``protocol.tls`` turns it into an ``ssl.SSLContext`` and
``protocol.sasl`` runs the SASL exchange it describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike
from typing import Literal

SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanismName = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"]

SECURITY_PROTOCOLS: tuple[str, ...] = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
SASL_MECHANISMS: tuple[str, ...] = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER")


@dataclass(frozen=True, slots=True)
class SecurityConfig:
    """Security settings of one cluster; the defaults are a plaintext, unauthenticated link.

    ``ca_file`` None means the system trust store. ``insecure_skip_verify`` turns off every
    certificate check (for throw-away clusters only); ``check_hostname=False`` keeps the chain
    check but accepts a certificate issued for another name. Secrets stay out of ``repr``.
    """

    security_protocol: SecurityProtocol = "PLAINTEXT"
    ca_file: str | PathLike[str] | None = None
    cert_file: str | PathLike[str] | None = None
    key_file: str | PathLike[str] | None = None
    key_password: str | None = field(default=None, repr=False)
    check_hostname: bool = True
    insecure_skip_verify: bool = False
    sasl_mechanism: SaslMechanismName = "PLAIN"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.security_protocol not in SECURITY_PROTOCOLS:
            raise ValueError(
                f"security_protocol must be one of {', '.join(SECURITY_PROTOCOLS)}, "
                f"not {self.security_protocol!r}"
            )
        if self.uses_sasl:
            self._check_sasl()
        if self.key_file is not None and self.cert_file is None:
            raise ValueError("key_file needs cert_file (the client certificate)")

    def _check_sasl(self) -> None:
        if self.sasl_mechanism not in SASL_MECHANISMS:
            raise ValueError(
                f"sasl_mechanism must be one of {', '.join(SASL_MECHANISMS)}, not {self.sasl_mechanism!r}"
            )
        if self.sasl_mechanism == "OAUTHBEARER":
            if not self.token:
                raise ValueError("SASL OAUTHBEARER needs a token")
        elif not self.username or self.password is None:
            raise ValueError(f"SASL {self.sasl_mechanism} needs a username and a password")

    @property
    def uses_tls(self) -> bool:
        """True for SSL and SASL_SSL."""
        return self.security_protocol in ("SSL", "SASL_SSL")

    @property
    def uses_sasl(self) -> bool:
        """True for SASL_PLAINTEXT and SASL_SSL."""
        return self.security_protocol in ("SASL_PLAINTEXT", "SASL_SSL")
