"""The production command's settings (gunicorn.conf.py) as a running server shows them."""

from __future__ import annotations

import stat

from tests.serving import Gunicorn


def test_each_instance_keeps_its_control_socket_beside_its_data(sqlite_url, tmp_path):
    """Two servers of one user: each has its own control socket, none takes the other's."""
    first, second = tmp_path / "one", tmp_path / "two"
    # The control socket is the master's: one worker each, both started at once.
    servers = [Gunicorn(sqlite_url, first, workers=1), Gunicorn(sqlite_url, second, workers=1)]
    try:
        for server in servers:
            server.spawn()
        for server in servers:
            server.wait_until_up()
        for folder in (first, second):
            socket_file = folder / "gunicorn.ctl"
            assert socket_file.exists(), f"no control socket in {folder}"
            assert stat.S_ISSOCK(socket_file.stat().st_mode)
    finally:
        for server in servers:
            server.stop()
