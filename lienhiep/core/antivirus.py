"""An optional virus scan of every upload by clamd (ClamAV's daemon), when CLAMD_SOCKET or CLAMD_HOST is set.

The client speaks clamd's INSTREAM protocol itself (a command, the bytes in length-prefixed chunks, a zero-length
chunk, one reply line): the protocol is a few lines, and the maintained Python clients add nothing this needs.
`core.files.screen` calls `scan` for every upload before it is kept; without a configured clamd nothing is sent.
"""

from __future__ import annotations

import socket
import struct

from django.conf import settings

CHUNK = 64 * 1024  # well under clamd's StreamMaxLength chunking; any size works


class ScanFailed(Exception):
    """clamd could not be reached or did not say whether the bytes are clean (its reply, or the socket error)."""


def configured() -> bool:
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect() -> socket.socket:
    if settings.CLAMD_SOCKET:
        unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        unix.settimeout(settings.CLAMD_TIMEOUT)
        try:
            unix.connect(settings.CLAMD_SOCKET)
        except OSError:
            unix.close()
            raise
        return unix
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=settings.CLAMD_TIMEOUT)


def scan(data: bytes) -> str | None:
    """The name of what clamd found in `data` ("Eicar-Test-Signature"), or None when it found nothing.
    Raises ScanFailed when clamd cannot be reached or answers anything else (a stream over its size limit)."""
    try:
        with _connect() as conn:
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        raise ScanFailed(str(error)) from error
    # "stream: OK", "stream: Eicar-Test-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" FOUND"):
        return text.removesuffix(" FOUND").removeprefix("stream:").strip()
    if text.endswith(": OK"):
        return None
    raise ScanFailed(text or "no reply")
