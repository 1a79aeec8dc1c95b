"""TLS for broker connections: the ``ssl.SSLContext`` and plain-language handshake errors.

OpenSSL's messages ("certificate verify failed: unable to get local issuer certificate") are
accurate but not helpful to someone choosing a CA file; ``tls_error`` turns them into sentences
that say what to check.
"""

from __future__ import annotations

import ssl

from protocol.errors import (
    HostnameMismatchError,
    SecurityProtocolMismatchError,
    TlsError,
    UntrustedCertificateError,
)
from protocol.security import SecurityConfig

# OpenSSL X509_V_ERR_* codes that mean "no trusted CA signed this chain".
_UNTRUSTED_CODES = frozenset({2, 18, 19, 20, 21, 27, 28})
# X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_EMAIL_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH.
_NAME_MISMATCH_CODES = frozenset({62, 63, 64})


def build_ssl_context(security: SecurityConfig) -> ssl.SSLContext:
    """A client context: TLS 1.2 or newer, the configured CA (or the system's), optional mTLS.

    Raises ``TlsError`` when a file cannot be read or the key password is wrong, naming the
    file, so that a bad path is not mistaken for a broker problem.
    """
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if security.insecure_skip_verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    else:
        ctx.check_hostname = security.check_hostname
        ctx.verify_mode = ssl.CERT_REQUIRED
    try:
        if security.ca_file is not None:
            ctx.load_verify_locations(cafile=security.ca_file)
        elif not security.insecure_skip_verify:
            ctx.load_default_certs(ssl.Purpose.SERVER_AUTH)
    except (OSError, ssl.SSLError) as exc:
        raise TlsError(f"Cannot read the CA file {security.ca_file}: {exc}") from exc
    if security.cert_file is not None:
        try:
            ctx.load_cert_chain(security.cert_file, security.key_file, password=security.key_password)
        except (OSError, ssl.SSLError) as exc:
            raise TlsError(
                f"Cannot load the client certificate {security.cert_file} with key "
                f"{security.key_file or '(in the certificate file)'}: {exc}. Check the files and "
                "the key password."
            ) from exc
    return ctx


def tls_error(exc: BaseException, host: str, port: int) -> TlsError:
    """The error to raise for ``exc``, which happened during the TLS handshake with host:port."""
    where = f"{host}:{port}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = exc.verify_code
        if code in _NAME_MISMATCH_CODES:
            return HostnameMismatchError(
                f"The certificate of broker {where} is not valid for host '{host}' "
                f"({exc.verify_message}). Connect using a name the certificate lists, or turn off "
                "host name checking for this cluster."
            )
        if code in _UNTRUSTED_CODES:
            return UntrustedCertificateError(
                f"The certificate of broker {where} isn't signed by a trusted CA "
                f"({exc.verify_message}). Check the CA file."
            )
        return TlsError(f"The certificate of broker {where} was rejected: {exc.verify_message}.")
    if _looks_like_plaintext_peer(exc):
        return SecurityProtocolMismatchError(
            f"Broker {where} closed the connection during the TLS handshake: the listener probably "
            "does not use TLS. Check the security protocol (PLAINTEXT or SASL_PLAINTEXT?) and port."
        )
    return TlsError(f"The TLS handshake with broker {where} failed: {exc}")


def _looks_like_plaintext_peer(exc: BaseException) -> bool:
    """EOF, reset or a non-TLS record during the handshake: the peer does not speak TLS."""
    if isinstance(exc, ssl.SSLEOFError | ConnectionResetError):
        return True
    if isinstance(exc, ssl.SSLError):
        reason = (exc.reason or "").upper()
        return reason in {
            "WRONG_VERSION_NUMBER",
            "UNEXPECTED_EOF_WHILE_READING",
            "RECORD_LAYER_FAILURE",
            "PACKET_LENGTH_TOO_LONG",
            "HTTP_REQUEST",
            "UNKNOWN_PROTOCOL",
        }
    return False
