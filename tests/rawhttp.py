"""HTTP as a hostile client speaks it (raw sockets), and a server process's memory from /proc."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterable
from pathlib import Path


def children(pid: int) -> list[int]:
    """Return the ids of a process's child processes (gunicorn's workers, nginx's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # "pid (name) state ppid ...": the name may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def memory_kb(pid: int, field: str = "VmHWM") -> int:
    """Return a process's VmHWM (peak resident memory) or VmRSS, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(f"{field} not in /proc/{pid}/status")


def post(
    port: int,
    path: str,
    pieces: Iterable[bytes],
    *,
    length: int | None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, bytes]:
    """POST a body piece by piece (chunked when length is None); return status and answer.

    The body is sent from a second thread while this one reads the answer: a server that
    refuses the request without reading its body answers while the client still sends.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    head.append("Transfer-Encoding: chunked" if length is None else f"Content-Length: {length}")
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())

    def send() -> None:
        try:
            for piece in pieces:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if length is None else piece)
            if length is None:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server closed the connection: it did not want the rest

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    answer = b""
    try:
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        head_part, _, body = answer.partition(b"\r\n\r\n")
        status = int(head_part.split(b" ", 2)[1]) if head_part.startswith(b"HTTP/") else 0
        wanted = _content_length(head_part)
        while wanted is not None and len(body) < wanted:
            data = sock.recv(65536)
            if not data:
                break
            body += data
    finally:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # ends the sender's sendall too
        sock.close()
        sender.join(timeout=timeout)
    return status, body


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return None


def half_open(port: int, count: int) -> list[socket.socket]:
    """Open connections that send half a request header and then wait (a slow client)."""
    opened = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        opened.append(sock)
    return opened
