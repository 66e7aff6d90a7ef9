"""A lean HTTP/1.1 client for the benches' light viewers: one kept-alive connection, a cookie.

Light viewers run on the same cores as the server they measure. Through `requests` each
refresh cost a viewer about 16 ms of CPU on this machine (urllib3's layers, then a full
JSON parse of a quarter megabyte): with 200 viewers the bench's own clients spent more CPU
per change (3.3 s) than the server (2.6 s), and the server waited for them. A browser reads
its answer on its own device; here a viewer reads what it must (status, body, the version
it now shows) with the standard library's http.client, and decodes brotli itself.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

import brotli


class LeanConnection:
    """Requests to one server with a fixed set of headers (the session's cookie among them)."""

    def __init__(self, base: str, headers: Mapping[str, str], timeout: float = 120) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.headers = dict(headers)
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def post_json(self, path: str, body: object) -> bytes:
        """POST a JSON body; return the answer's body (decoded from brotli), or raise."""
        payload = json.dumps(body, separators=(",", ":")).encode()
        headers = {
            **self.headers,
            "Content-Type": "application/json",
            "Accept-Encoding": "br",
        }
        for attempt in (1, 2):  # a kept-alive connection the server closed: once more
            conn = self._connection()
            try:
                conn.request("POST", path, body=payload, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if answer.status != 200:
                raise RuntimeError(f"POST {path}: {answer.status} {data[:200]!r}")
            if answer.getheader("Content-Encoding") == "br":
                data = brotli.decompress(data)
            if answer.will_close:
                self.close()
            return data
        raise AssertionError("unreachable")

    def stream_lines(self, path: str) -> Iterator[str]:
        """GET a server-sent event stream on a connection of its own; yield its lines."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request("GET", path, headers={**self.headers, "Accept": "text/event-stream"})
            answer = conn.getresponse()
            if answer.status != 200:
                raise RuntimeError(f"stream refused: {answer.status}")
            while line := answer.readline():
                yield line.decode().rstrip("\r\n")
        finally:
            conn.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def found_in(answer: bytes, output_id: str) -> object:
    """Return one output's value from a Dash callback answer without parsing the rest of it.

    Dash writes each output as `"<id>":{...}` under "response". A quote inside a JSON string
    is escaped, so no text of the page can read as that key; and no component holds a
    property named after a page's output id: the first match is the output's.
    """
    text = answer.decode()
    key = f'"{output_id}":'
    at = text.find(key)
    if at < 0:
        return None
    value, _end = json.JSONDecoder().raw_decode(text, at + len(key))
    return value
