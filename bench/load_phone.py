"""A phone on a 3G link, played by the client itself: this machine has no tc/netem.

What a slow link does to a server is hold its answers longer: the client reads slowly,
so whatever writes to it (gunicorn alone; nginx in front) keeps the rest of the answer
until the client's window opens again. `PhoneSession` is a requests session whose link,
while `slow` is set, is a phone's on 3G:

- every request waits one round trip (`rtt_s`, 300 ms) before it is sent: the request's
  way to the server and the first byte's way back;
- an answer is read in small pieces at `kbit` (400 kbit/s, 50 KB/s), counted on the wire
  (compressed bytes, `urllib3`'s tell()), so a 336 KB script takes about 7 s;
- the socket's receive buffer is a phone's window (16 KB, about 400 kbit/s x 300 ms), so
  the server cannot push a whole answer into the client's kernel at once and be done:
  it has to feed it as the phone reads.

Without `slow` the same session goes at full speed (with the same small window, which
on the loopback costs nothing), so a bench can compare the same requests at both paces.
A held stream (stream=True, the news stream) gets the round trip, and is read by its
caller as events come: its events are a few dozen bytes.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection

WINDOW_BYTES = 16 * 1024
READ_BYTES = 4 * 1024  # a piece read at a time


@dataclass(frozen=True)
class PhoneLink:
    """A 3G link's pace, and the event (shared with the bench) that turns it on."""

    slow: Any  # threading.Event or multiprocessing Event: set while phones are on 3G
    kbit: float = 400.0
    rtt_s: float = 0.300

    @property
    def bytes_per_s(self) -> float:
        return self.kbit * 1000 / 8


class SmallWindow(HTTPAdapter):
    """Connections with a phone's receive buffer (set before connecting: the window)."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        options = [*HTTPConnection.default_socket_options]
        options.append((socket.SOL_SOCKET, socket.SO_RCVBUF, WINDOW_BYTES))
        kwargs["socket_options"] = options
        super().init_poolmanager(*args, **kwargs)


class PhoneSession(requests.Session):
    """A requests session over `link`: at 3G pace while `link.slow` is set."""

    def __init__(self, link: PhoneLink) -> None:
        super().__init__()
        self.link = link
        self.mount("http://", SmallWindow())
        self.mount("https://", SmallWindow())

    def send(self, request, **kwargs) -> requests.Response:  # type: ignore[override]
        if not self.link.slow.is_set():
            return super().send(request, **kwargs)
        time.sleep(self.link.rtt_s)
        held = kwargs.get("stream", False)
        kwargs["stream"] = True
        response = super().send(request, **kwargs)
        if not held:
            trickle(response, self.link.bytes_per_s)
        return response


def trickle(response: requests.Response, bytes_per_s: float) -> None:
    """Read the whole answer at `bytes_per_s` on the wire; keep it as the response's content."""
    began = time.monotonic()
    body = bytearray()
    for piece in response.iter_content(READ_BYTES):
        body += piece
        ahead = began + response.raw.tell() / bytes_per_s - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    # What Response.content would have read, read at the phone's pace.
    response._content = bytes(body)
    response._content_consumed = True
