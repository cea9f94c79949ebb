"""The test suite's network guard: any connection (or name lookup) beyond this machine fails and is logged.

Imported by tests/conftest.py for the test process, and, because tests put this folder first on
PYTHONPATH, by every Python subprocess the tests start (`python -m assistant ...`), as ``sitecustomize``.
Each blocked attempt is appended to the file named by ``ASSISTANT_NETGUARD_LOG``; the test fails on it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import traceback
from typing import Any

LOG_ENV = "ASSISTANT_NETGUARD_LOG"
_original: dict[str, Any] = {}


class NetworkBlocked(ConnectionRefusedError):
    """A connection to an address beyond this machine, refused by the tests' network guard."""


def is_local(host: object) -> bool:
    """Loopback, unspecified (0.0.0.0 reaches this machine) or a name of this machine."""
    text = str(host or "").split("%", 1)[0].strip("[]")
    if text in ("", "localhost") or text.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _blocked(what: str) -> NetworkBlocked:
    line = (
        f"{what} (pid {os.getpid()}): {''.join(traceback.format_stack(limit=8)[:-2]).strip().splitlines()[-1].strip()}"
    )
    path = os.environ.get(LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(line.replace("\n", " ") + "\n")
    return NetworkBlocked(f"network guard: {what} is not allowed in tests (nothing may leave the machine)")


def _check(sock: socket.socket, address: Any) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
        raise _blocked(f"connection to {address[0]}:{address[1]}")


def install() -> None:
    """Guard ``socket.connect``/``connect_ex`` and name lookups (idempotent)."""
    if _original:
        return
    _original.update(connect=socket.socket.connect, connect_ex=socket.socket.connect_ex, lookup=socket.getaddrinfo)

    def connect(self: socket.socket, address: Any) -> None:
        _check(self, address)
        return _original["connect"](self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check(self, address)
        return int(_original["connect_ex"](self, address))

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_local(host if not isinstance(host, bytes) else host.decode()):
            raise _blocked(f"name lookup of {host!r}")
        return _original["lookup"](host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


if os.environ.get(LOG_ENV):
    install()
