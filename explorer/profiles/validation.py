"""Check a profile field by field and say, in a sentence per field, what is wrong."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from explorer.profiles.bootstrap import BootstrapError, parse_bootstrap_servers
from explorer.profiles.choices import SASL_MECHANISMS, SECURITY_PROTOCOLS

if TYPE_CHECKING:
    from explorer.profiles.model import ConnectionProfile


def validate_profile(profile: ConnectionProfile, taken_names: Iterable[str] = ()) -> dict[str, str]:
    """Problems by field name; empty when the profile is complete and consistent."""
    errors: dict[str, str] = {}
    _check_name(profile.name, taken_names, errors)
    try:
        parse_bootstrap_servers(profile.bootstrap_servers)
    except BootstrapError as exc:
        errors["bootstrap_servers"] = str(exc)
    if profile.security_protocol not in SECURITY_PROTOCOLS:
        errors["security_protocol"] = (f"“{profile.security_protocol}” is not a security protocol; "
                                       f"choose one of {', '.join(SECURITY_PROTOCOLS)}.")
        return errors
    if profile.uses_tls:
        _check_tls(profile, errors)
    if profile.uses_sasl:
        _check_sasl(profile, errors)
    return errors


def advice(profile: ConnectionProfile) -> dict[str, str]:
    """Choices that are allowed but risky, by field name, each a sentence."""
    notes: dict[str, str] = {}
    if profile.uses_tls and not profile.check_hostname:
        notes["check_hostname"] = ("Without hostname verification, anyone who can intercept the "
                                   "connection can pose as the broker.")
    if profile.security_protocol == "SASL_PLAINTEXT" and profile.sasl_mechanism == "PLAIN":
        notes["security_protocol"] = ("SASL PLAIN without TLS sends the password over the "
                                      "network unencrypted.")
    return notes


def _check_name(name: str, taken_names: Iterable[str], errors: dict[str, str]) -> None:
    wanted = name.strip()
    if not wanted:
        errors["name"] = "Give the profile a name."
    elif wanted.casefold() in {taken.strip().casefold() for taken in taken_names}:
        errors["name"] = f"Another profile is already called “{wanted}”."


def _check_tls(profile: ConnectionProfile, errors: dict[str, str]) -> None:
    for field, label in (("ca_file", "CA certificate"), ("cert_file", "client certificate"),
                         ("key_file", "private key")):
        problem = file_problem(getattr(profile, field), label)
        if problem:
            errors[field] = problem
    if profile.cert_file.strip() and not profile.key_file.strip():
        errors.setdefault("key_file", "A client certificate needs its private key file too.")
    if profile.key_file.strip() and not profile.cert_file.strip():
        errors.setdefault("cert_file", "A private key needs its client certificate file too.")
    if profile.key_password and not profile.key_file.strip():
        errors["key_password"] = "A key password is only used with a private key file."


def _check_sasl(profile: ConnectionProfile, errors: dict[str, str]) -> None:
    if profile.sasl_mechanism not in SASL_MECHANISMS:
        errors["sasl_mechanism"] = "Choose a SASL mechanism."
    elif profile.sasl_mechanism == "OAUTHBEARER":
        if not profile.token.strip():
            errors["token"] = "OAUTHBEARER needs a token."
    else:
        if not profile.username.strip():
            errors["username"] = f"{profile.sasl_mechanism} needs a user name."
        if not profile.password:
            errors["password"] = f"{profile.sasl_mechanism} needs a password."


def file_problem(path: str, label: str) -> str | None:
    """A sentence when ``path`` is given but is not a readable file; ``None`` when all is well."""
    if not path.strip():
        return None
    full = os.path.expanduser(path.strip())
    if not os.path.exists(full):
        return f"There is no {label} file at {path}."
    if not os.path.isfile(full):
        return f"{path} is a folder, not a {label} file."
    if not os.access(full, os.R_OK):
        return f"The {label} file {path} cannot be read (check its permissions)."
    return None
