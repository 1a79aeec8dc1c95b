"""Certificates made fresh for every harness run: a CA, a broker certificate and a client one.

Clients get PEM files; the broker gets a PKCS#12 keystore and truststore, which every Kafka from
2.x on reads (PEM keystores only arrived in 2.7).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

STORE_PASSWORD = "harness-secret"
KEY_PASSWORD = "client-key-secret"


@dataclass(frozen=True, slots=True)
class TlsMaterial:
    """Paths of the files a run's TLS setup consists of."""

    ca_pem: Path
    client_cert_pem: Path
    client_key_pem: Path
    client_key_encrypted_pem: Path
    """The client key encrypted with ``KEY_PASSWORD``."""
    other_ca_pem: Path
    """A CA that signed nothing the broker presents: for 'unknown CA' tests."""
    wrong_host_cert_pem: Path
    wrong_host_key_pem: Path
    """A broker identity valid only for ``wrong.example``: for host-name verification tests."""
    keystore: Path
    truststore: Path
    wrong_host_keystore: Path
    password: str = STORE_PASSWORD
    key_password: str = KEY_PASSWORD


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kafka Explorer harness"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _builder(subject: str, issuer: x509.Name, public_key: object) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer)
            .public_key(public_key)  # type: ignore[arg-type]
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=30)))


def _make_ca(cn: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = _key()
    cert = (_builder(cn, _name(cn), key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                           critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def _make_leaf(ca_key: ec.EllipticCurvePrivateKey, ca: x509.Certificate, cn: str,
               sans: list[x509.GeneralName]) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = _key()
    usages = [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
    cert = (_builder(cn, ca.subject, key.public_key())
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


def _pem_cert(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _pem_key(key: ec.EllipticCurvePrivateKey, password: str | None = None) -> bytes:
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode()) if password
        else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)


def _keystore(path: Path, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate,
              ca: x509.Certificate) -> None:
    enc = (serialization.PrivateFormat.PKCS12.encryption_builder()
           .kdf_rounds(2048).key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
           .hmac_hash(hashes.SHA1()).build(STORE_PASSWORD.encode()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"broker", key, cert, [ca], enc))


def _truststore(path: Path, ca_pem: Path) -> None:
    """Java only trusts PKCS#12 certificate entries that keytool marked as trusted."""
    path.unlink(missing_ok=True)
    subprocess.run(["keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", str(ca_pem),
                    "-keystore", str(path), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD], check=True, capture_output=True)


def make_tls_material(directory: Path) -> TlsMaterial:
    """Write a CA, broker and client identities into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca = _make_ca("Kafka Explorer harness CA")
    local = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    broker_key, broker = _make_leaf(ca_key, ca, "localhost", local)
    client_key, client = _make_leaf(ca_key, ca, "harness-client", [x509.DNSName("harness-client")])
    wrong_key, wrong = _make_leaf(ca_key, ca, "wrong.example", [x509.DNSName("wrong.example")])
    _other_key, other_ca = _make_ca("Some other CA")
    files = {
        "ca.pem": _pem_cert(ca), "client.pem": _pem_cert(client), "client.key": _pem_key(client_key),
        "client-encrypted.key": _pem_key(client_key, KEY_PASSWORD),
        "other-ca.pem": _pem_cert(other_ca), "wrong-host.pem": _pem_cert(wrong),
        "wrong-host.key": _pem_key(wrong_key),
    }
    for name, data in files.items():
        (directory / name).write_bytes(data)
    _keystore(directory / "broker.p12", broker_key, broker, ca)
    _keystore(directory / "wrong-host.p12", wrong_key, wrong, ca)
    _truststore(directory / "truststore.p12", directory / "ca.pem")
    return TlsMaterial(
        ca_pem=directory / "ca.pem", client_cert_pem=directory / "client.pem",
        client_key_pem=directory / "client.key",
        client_key_encrypted_pem=directory / "client-encrypted.key",
        other_ca_pem=directory / "other-ca.pem", wrong_host_cert_pem=directory / "wrong-host.pem",
        wrong_host_key_pem=directory / "wrong-host.key", keystore=directory / "broker.p12",
        truststore=directory / "truststore.p12", wrong_host_keystore=directory / "wrong-host.p12")
