"""Parse a bootstrap server list (``host:port,host:port``) into addresses, with sentences on error."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    """One ``host:port`` from a bootstrap list; ``host`` holds IPv6 addresses without brackets."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


class BootstrapError(ValueError):
    """The bootstrap list does not parse; the message is a sentence for the person who typed it."""


def parse_bootstrap_servers(text: str) -> list[BrokerAddress]:
    """Split a comma-separated ``host:port`` list; IPv6 addresses go in brackets (``[::1]:9092``)."""
    entries = [entry.strip() for entry in text.split(",")]
    if entries and not entries[-1]:
        entries.pop()  # a trailing comma is harmless
    if not entries or entries == [""]:
        raise BootstrapError("Enter at least one broker as host:port, for example localhost:9092.")
    if "" in entries:
        raise BootstrapError("There is an empty entry between two commas.")
    return [parse_address(entry) for entry in entries]


def parse_address(entry: str) -> BrokerAddress:
    """Parse one ``host:port`` or ``[ipv6]:port``."""
    if any(ch.isspace() for ch in entry):
        raise BootstrapError(f"“{entry}” contains a space; separate brokers with commas.")
    if entry.startswith("["):
        host, sep, port_text = entry[1:].partition("]")
        if not sep:
            raise BootstrapError(f"“{entry}” opens a bracket but never closes it.")
        if not port_text.startswith(":"):
            raise BootstrapError(f"“{entry}” has no port; write it as [{host}]:9092.")
        _check_ipv6(host, entry)
        return BrokerAddress(host, _parse_port(port_text[1:], entry))
    host, sep, port_text = entry.rpartition(":")
    if not sep:
        raise BootstrapError(f"“{entry}” has no port; write it as {entry}:9092.")
    if ":" in host:
        raise BootstrapError(f"“{entry}” looks like an IPv6 address; put it in brackets, "
                             "like [::1]:9092.")
    if not host:
        raise BootstrapError(f"“{entry}” has no host name before the port.")
    _check_host(host, entry)
    return BrokerAddress(host, _parse_port(port_text, entry))


def _parse_port(text: str, entry: str) -> int:
    if not text:
        raise BootstrapError(f"“{entry}” has no port after the colon.")
    if not text.isascii() or not text.isdigit():
        raise BootstrapError(f"The port in “{entry}” is not a number.")
    port = int(text)
    if not 1 <= port <= 65535:
        raise BootstrapError(f"The port in “{entry}” must be between 1 and 65535.")
    return port


def _check_ipv6(host: str, entry: str) -> None:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        raise BootstrapError(f"“{host}” in “{entry}” is not an IPv6 address.") from None


def _check_host(host: str, entry: str) -> None:
    name = host[:-1] if host.endswith(".") else host
    if len(name) > 253 or not all(_HOST_LABEL.match(label) for label in name.split(".")):
        raise BootstrapError(f"“{host}” in “{entry}” is not a valid host name or address.")
