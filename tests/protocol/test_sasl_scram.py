"""SCRAM against the RFC 7677 example, its defences, and the other mechanisms' bytes."""

from __future__ import annotations

import base64

import pytest

from protocol.errors import AuthenticationError
from protocol.sasl import OAuthBearerConversation, PlainConversation, ScramConversation, conversation_for
from protocol.scram import ScramClient
from protocol.security import SaslMechanismName, SecurityConfig

# RFC 7677 section 3.
NONCE = "rOprNGfwEbeRWgbNEkqO"
SERVER_FIRST = b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
CLIENT_FINAL = (
    b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    b"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
)
SERVER_FINAL = b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="


def rfc_client() -> ScramClient:
    return ScramClient("SCRAM-SHA-256", "user", "pencil", nonce=NONCE)


def test_scram_sha256_matches_rfc7677() -> None:
    client = rfc_client()
    assert client.first() == b"n,,n=user,r=" + NONCE.encode()
    assert client.final(SERVER_FIRST) == CLIENT_FINAL
    client.verify(SERVER_FINAL)


def test_scram_rejects_a_wrong_server_signature() -> None:
    client = rfc_client()
    client.final(SERVER_FIRST)
    forged = b"v=" + base64.b64encode(b"\0" * 32)
    with pytest.raises(AuthenticationError, match="signature"):
        client.verify(forged)


def test_scram_rejects_too_few_iterations() -> None:
    with pytest.raises(AuthenticationError, match="at least 4096"):
        rfc_client().final(SERVER_FIRST.replace(b"i=4096", b"i=1000"))


def test_scram_rejects_a_nonce_that_does_not_extend_ours() -> None:
    with pytest.raises(AuthenticationError, match="nonce"):
        rfc_client().final(SERVER_FIRST.replace(b"r=rOpr", b"r=XXpr"))
    with pytest.raises(AuthenticationError, match="nonce"):
        rfc_client().final(b"r=" + NONCE.encode() + b",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")


def test_scram_reports_a_server_error_attribute() -> None:
    client = rfc_client()
    client.final(SERVER_FIRST)
    with pytest.raises(AuthenticationError, match="invalid-proof"):
        client.verify(b"e=invalid-proof")


def test_scram_escapes_user_names() -> None:
    client = ScramClient("SCRAM-SHA-512", "a=b,c", "x", nonce="n")
    assert client.first() == b"n,,n=a=3Db=2Cc,r=n"


def test_scram_conversation_runs_two_rounds() -> None:
    conv = ScramConversation("SCRAM-SHA-256", "user", "pencil")
    conv._client = rfc_client()
    assert conv.start().startswith(b"n,,")
    assert conv.step(SERVER_FIRST) == CLIENT_FINAL
    assert conv.step(SERVER_FINAL) is None


def test_plain_and_oauthbearer_messages() -> None:
    plain = PlainConversation("alice", "secret")
    assert plain.start() == b"\0alice\0secret"
    assert plain.step(b"") is None
    oauth = OAuthBearerConversation("tok.en")
    assert oauth.start() == b"n,,\x01auth=Bearer tok.en\x01\x01"
    assert oauth.step(b"") is None
    with pytest.raises(AuthenticationError, match="invalid_token"):
        oauth.step(b'{"status":"invalid_token"}')


def test_conversation_for_each_mechanism() -> None:
    def conf(mech: SaslMechanismName) -> SecurityConfig:
        return SecurityConfig("SASL_PLAINTEXT", sasl_mechanism=mech, username="u", password="p", token="t")

    assert isinstance(conversation_for(conf("PLAIN")), PlainConversation)
    assert isinstance(conversation_for(conf("SCRAM-SHA-512")), ScramConversation)
    assert isinstance(conversation_for(conf("OAUTHBEARER")), OAuthBearerConversation)


def test_security_config_validates_and_hides_secrets() -> None:
    with pytest.raises(ValueError, match="security_protocol"):
        SecurityConfig("TLS")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="username and a password"):
        SecurityConfig("SASL_SSL", sasl_mechanism="SCRAM-SHA-256")
    with pytest.raises(ValueError, match="token"):
        SecurityConfig("SASL_SSL", sasl_mechanism="OAUTHBEARER")
    with pytest.raises(ValueError, match="cert_file"):
        SecurityConfig("SSL", key_file="k.pem")
    config = SecurityConfig("SASL_SSL", username="u", password="hunter2", key_password="kp")
    assert "hunter2" not in repr(config) and "kp" not in repr(config)
    assert config.uses_tls and config.uses_sasl
    assert not SecurityConfig().uses_tls
