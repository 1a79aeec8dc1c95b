"""What a TLS handshake showed: the server's certificate chain and the names it is valid for."""

from __future__ import annotations

import datetime as dt
import ssl
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import ExtensionOID, NameOID

from explorer.timefmt import TimeZoneMode, format_time

_DER = 2  # _ssl.ENCODING_DER


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    subject: str
    issuer: str
    names: list[str]
    not_before: dt.datetime
    not_after: dt.datetime
    self_signed: bool

    def lines(self, tz: TimeZoneMode) -> list[str]:
        valid = f"valid {format_time(self.not_before, tz)} to {format_time(self.not_after, tz)}"
        names = ", ".join(self.names) or "no subject alternative names"
        return [f"{self.subject} — issued by {self.issuer}", f"    names: {names}", f"    {valid}"]


def _common_name(name: x509.Name) -> str:
    found = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(found[0].value) if found else name.rfc4514_string()


def _alt_names(cert: x509.Certificate) -> list[str]:
    try:
        ext = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    except x509.ExtensionNotFound:
        return []
    assert isinstance(ext, x509.SubjectAlternativeName)
    dns = [str(n) for n in ext.get_values_for_type(x509.DNSName)]
    ips = [str(n) for n in ext.get_values_for_type(x509.IPAddress)]
    return dns + ips


def describe(der: bytes) -> CertificateFacts:
    cert = x509.load_der_x509_certificate(der)
    return CertificateFacts(
        _common_name(cert.subject),
        _common_name(cert.issuer),
        _alt_names(cert),
        cert.not_valid_before_utc,
        cert.not_valid_after_utc,
        cert.subject == cert.issuer,
    )


def peer_chain(ssl_object: ssl.SSLObject | ssl.SSLSocket | None) -> list[CertificateFacts]:
    """The chain the server sent, leaf first (only the leaf where Python cannot tell more)."""
    if ssl_object is None:
        return []
    getter = getattr(ssl_object, "get_unverified_chain", None)  # Python 3.13+
    if getter is None:
        inner = getattr(ssl_object, "_sslobj", None)  # 3.10-3.12 keep it on the C object
        getter = getattr(inner, "get_unverified_chain", None)
    if getter is not None:
        chain = getter() or []
        return [describe(c if isinstance(c, bytes) else c.public_bytes(_DER)) for c in chain]
    leaf = ssl_object.getpeercert(binary_form=True)
    return [describe(leaf)] if leaf else []


def session_line(ssl_object: ssl.SSLObject | ssl.SSLSocket | None) -> str:
    if ssl_object is None:
        return ""
    cipher = ssl_object.cipher()
    return f"{ssl_object.version()}, {cipher[0] if cipher else 'unknown cipher'}"
