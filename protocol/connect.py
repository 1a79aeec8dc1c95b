"""Opening the socket (and TLS) to a broker, with errors that say which host and what to check."""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl

from protocol.errors import KafkaConnectionError
from protocol.tls import tls_error
from protocol.transport import FrameProtocol


async def open_transport(
    loop: asyncio.AbstractEventLoop,
    protocol: FrameProtocol,
    host: str,
    port: int,
    ssl_context: ssl.SSLContext | None,
    handshake_timeout: float,
) -> None:
    """Connect ``protocol`` to host:port, with TLS when ``ssl_context`` is given (SNI = host).

    Raises ``KafkaConnectionError`` for refused or unresolvable addresses and a ``TlsError``
    subclass for handshake failures.
    """
    try:
        await loop.create_connection(
            lambda: protocol,
            host,
            port,
            ssl=ssl_context,
            server_hostname=host if ssl_context is not None else None,
            # The caller's own deadline should fire first, so this one is only a backstop.
            ssl_handshake_timeout=handshake_timeout + 5 if ssl_context is not None else None,
        )
    except ssl.SSLError as exc:
        raise tls_error(exc, host, port) from exc
    except socket.gaierror as exc:
        raise KafkaConnectionError(
            f"Broker address {host}:{port} is unresolvable: {exc.strerror or exc}. Check the host name."
        ) from exc
    except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError) as exc:
        if ssl_context is not None:
            raise tls_error(exc, host, port) from exc
        raise KafkaConnectionError(f"Broker {host}:{port} dropped the connection: {exc}") from exc
    except OSError as exc:
        raise _os_error(exc, host, port) from exc


def _os_error(exc: OSError, host: str, port: int) -> KafkaConnectionError:
    text = str(exc)
    if isinstance(exc, ConnectionRefusedError) or exc.errno == errno.ECONNREFUSED or "refused" in text:
        return KafkaConnectionError(
            f"Broker {host}:{port} refused the connection: nothing listens on that port, or the broker "
            "is down."
        )
    if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return KafkaConnectionError(f"Broker {host}:{port} is unreachable from this machine: {exc.strerror}")
    return KafkaConnectionError(f"Cannot connect to broker {host}:{port}: {exc.strerror or text}")
