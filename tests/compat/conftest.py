"""A real `sightline server` process on a free port over a fresh SQLite database."""

import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def sightline():
    binary = os.environ.get("SIGHTLINE_BIN", os.path.join(ROOT, "target", "debug", "sightline"))
    home = tempfile.mkdtemp(prefix="sightline-compat-")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "server", "--homepath", home, "cfg:server.http_addr=127.0.0.1", f"cfg:server.http_port={port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("sightline did not start")
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(timeout=30)
