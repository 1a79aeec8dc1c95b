"""ConnectionProfile: validation sentences, bootstrap parsing, SecurityConfig keyword arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.profiles.bootstrap import BootstrapError, BrokerAddress, parse_bootstrap_servers
from explorer.profiles.model import ConnectionProfile, ProfileFormatError

SECURITY_KEYS = {"security_protocol", "ca_file", "cert_file", "key_file", "key_password",
                 "check_hostname", "sasl_mechanism", "username", "password", "token"}


def plain(**changes: object) -> ConnectionProfile:
    return ConnectionProfile(name="dev", bootstrap_servers="localhost:9092").copy(**changes)


@pytest.fixture
def pem(tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    path.write_text("-----BEGIN CERTIFICATE-----\n")
    return str(path)


def test_a_complete_plaintext_profile_is_valid() -> None:
    assert plain().validate() == {}


@pytest.mark.parametrize(("text", "expected"), [
    ("localhost:9092", [BrokerAddress("localhost", 9092)]),
    (" a:1 , b.example.com:65535 ", [BrokerAddress("a", 1), BrokerAddress("b.example.com", 65535)]),
    ("[::1]:9092", [BrokerAddress("::1", 9092)]),
    ("10.0.0.1:9093,", [BrokerAddress("10.0.0.1", 9093)]),
    ("kafka_1.internal:9092", [BrokerAddress("kafka_1.internal", 9092)]),
])
def test_bootstrap_lists_that_parse(text: str, expected: list[BrokerAddress]) -> None:
    assert parse_bootstrap_servers(text) == expected


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "Enter at least one broker"),
    ("localhost", "has no port; write it as localhost:9092"),
    ("localhost:", "has no port after the colon"),
    ("localhost:0", "between 1 and 65535"),
    ("localhost:65536", "between 1 and 65535"),
    ("localhost:90x", "is not a number"),
    ("a:1,,b:2", "empty entry"),
    ("::1:9092", "put it in brackets"),
    ("[::1:9092", "never closes"),
    ("[::1]", "has no port"),
    ("[nothex]:9092", "is not an IPv6 address"),
    ("bad host:9092", "contains a space"),
    ("-bad-:9092", "not a valid host name"),
    (":9092", "no host name"),
])
def test_bootstrap_lists_that_do_not_parse(text: str, fragment: str) -> None:
    with pytest.raises(BootstrapError, match=fragment):
        parse_bootstrap_servers(text)


def test_name_is_required_and_unique_ignoring_case() -> None:
    assert plain(name="  ").validate() == {"name": "Give the profile a name."}
    assert plain(name="Prod").validate(["prod "]) == {"name": "Another profile is already called “Prod”."}


def test_bootstrap_error_is_reported_on_its_field() -> None:
    assert plain(bootstrap_servers="kafka").validate() == {
        "bootstrap_servers": "“kafka” has no port; write it as kafka:9092."}


def test_tls_files_must_exist(tmp_path: Path, pem: str) -> None:
    missing = str(tmp_path / "nope.pem")
    errors = plain(security_protocol="SSL", ca_file=missing).validate()
    assert errors == {"ca_file": f"There is no CA certificate file at {missing}."}
    assert plain(security_protocol="SSL", ca_file=str(tmp_path)).validate() == {
        "ca_file": f"{tmp_path} is a folder, not a CA certificate file."}
    assert plain(security_protocol="SSL", ca_file=pem).validate() == {}


def test_tls_files_are_not_checked_when_tls_is_off(tmp_path: Path) -> None:
    assert plain(ca_file=str(tmp_path / "gone.pem")).validate() == {}


def test_client_certificate_and_key_go_together(pem: str) -> None:
    assert plain(security_protocol="SSL", cert_file=pem).validate() == {
        "key_file": "A client certificate needs its private key file too."}
    assert plain(security_protocol="SSL", key_file=pem).validate() == {
        "cert_file": "A private key needs its client certificate file too."}
    assert plain(security_protocol="SSL", key_password="x").validate() == {
        "key_password": "A key password is only used with a private key file."}


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_password_mechanisms_need_user_and_password(mechanism: str) -> None:
    profile = plain(security_protocol="SASL_SSL", sasl_mechanism=mechanism)
    assert profile.validate() == {"username": f"{mechanism} needs a user name.",
                                  "password": f"{mechanism} needs a password."}
    assert profile.copy(username="alice", password="secret").validate() == {}


def test_oauthbearer_needs_a_token_not_a_password() -> None:
    profile = plain(security_protocol="SASL_PLAINTEXT", sasl_mechanism="OAUTHBEARER")
    assert profile.validate() == {"token": "OAUTHBEARER needs a token."}
    assert profile.copy(token="eyJ...").validate() == {}


def test_unknown_choices_are_rejected() -> None:
    assert "security_protocol" in plain(security_protocol="TLS").validate()
    assert plain(security_protocol="SASL_SSL", sasl_mechanism="GSSAPI").validate() == {
        "sasl_mechanism": "Choose a SASL mechanism."}


def test_security_kwargs_for_sasl_ssl(pem: str) -> None:
    profile = plain(security_protocol="SASL_SSL", ca_file=pem, check_hostname=False,
                    sasl_mechanism="SCRAM-SHA-512", username="alice", password="pw", token="unused")
    assert profile.to_security_kwargs() == {
        "security_protocol": "SASL_SSL", "ca_file": pem, "cert_file": None, "key_file": None,
        "key_password": None, "check_hostname": False, "sasl_mechanism": "SCRAM-SHA-512",
        "username": "alice", "password": "pw", "token": None}


def test_security_kwargs_leave_out_what_the_protocol_does_not_use(pem: str) -> None:
    kwargs = plain(ca_file=pem, username="alice", password="pw").to_security_kwargs()
    assert set(kwargs) == SECURITY_KEYS
    assert kwargs["security_protocol"] == "PLAINTEXT"
    assert [k for k, v in kwargs.items() if v not in (None, True)] == ["security_protocol", "sasl_mechanism"]
    oauth = plain(security_protocol="SASL_PLAINTEXT", sasl_mechanism="OAUTHBEARER", token="t",
                  password="pw").to_security_kwargs()
    assert (oauth["token"], oauth["password"], oauth["ca_file"]) == ("t", None, None)


def test_security_kwargs_expand_the_home_folder() -> None:
    kwargs = plain(security_protocol="SSL", ca_file="~/ca.pem").to_security_kwargs()
    assert kwargs["ca_file"] == str(Path.home() / "ca.pem")


def test_secrets_stay_out_of_repr_and_of_plain_dicts() -> None:
    profile = plain(password="hunter2", token="tok", key_password="kp")
    assert "hunter2" not in repr(profile)
    assert {"password", "token", "key_password"}.isdisjoint(profile.to_dict())
    assert profile.to_dict(include_secrets=True)["password"] == "hunter2"


def test_from_dict_round_trip_and_bad_types() -> None:
    profile = plain(security_protocol="SSL", check_hostname=False)
    assert ConnectionProfile.from_dict(profile.to_dict()) == profile
    assert ConnectionProfile.from_dict({"name": "x", "future_field": 1}).name == "x"
    with pytest.raises(ProfileFormatError, match="“check_hostname” of x should be true or false"):
        ConnectionProfile.from_dict({"name": "x", "check_hostname": "yes"})
    with pytest.raises(ProfileFormatError, match="not a JSON object"):
        ConnectionProfile.from_dict([])  # type: ignore[arg-type]


@pytest.mark.parametrize("changes", [
    {},
    {"security_protocol": "SSL", "check_hostname": False},
    {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-256", "username": "u",
     "password": "p"},
    {"security_protocol": "SASL_SSL", "sasl_mechanism": "OAUTHBEARER", "token": "t", "password": "x"},
])
def test_security_kwargs_build_the_clients_security_config(changes: dict[str, object], pem: str) -> None:
    """The contract with ``protocol.security.SecurityConfig``: every valid profile builds one."""
    from protocol.security import SecurityConfig

    profile = plain(**changes)
    if profile.uses_tls:
        profile = profile.copy(ca_file=pem, cert_file=pem, key_file=pem, key_password="kp")
    assert profile.validate() == {}
    config = SecurityConfig(**profile.to_security_kwargs())
    assert config.security_protocol == profile.security_protocol
    assert config.uses_tls == profile.uses_tls and config.uses_sasl == profile.uses_sasl
    if profile.uses_tls:
        assert (config.ca_file, config.key_password) == (pem, "kp")
    if profile.uses_sasl:
        assert config.sasl_mechanism == profile.sasl_mechanism
