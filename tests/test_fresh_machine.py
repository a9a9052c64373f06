"""A machine without Chromium (the newcomer's): every browser test skips through the one shared
fixture, the run says once how to enable them, and it passes."""

from __future__ import annotations

import glob
import os
import re
import socket
import struct
import subprocess
import sys
import time

import pytest

from helpers import ROOT

pytestmark = pytest.mark.slow


def browser_test_modules() -> list[str]:
    """Every test module that asks for Chromium (the `chromium` or `chromium_path` fixture)."""
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "test_*.py"))):
        with open(path, encoding="utf-8") as fh:
            if path != __file__ and re.search(r"\bchromium(_path)?\b", fh.read()):
                found.append(os.path.relpath(path, ROOT))
    return found


def test_browser_tests_skip_with_one_line_where_chromium_is_missing():
    modules = browser_test_modules()
    assert len(modules) >= 8, modules
    run = subprocess.run(
        [os.path.join(ROOT, ".ci", "without-chromium"), sys.executable, "-m", "pytest", "-q", "-n", "0",
         "-p", "no:cacheprovider", *modules],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    assert not re.search(r"\d+ (failed|errors?)\b", out), out[-3000:]
    skipped = [line for line in out.splitlines() if line.startswith("SKIPPED")]
    # One line for all of them, from the one fixture, saying how to enable them.
    assert len(skipped) == 1, skipped
    assert "tests/browsing.py" in skipped[0] and "apt-get install chromium" in skipped[0]
    assert "OOGST_CHROMIUM" in skipped[0]
    assert int(re.search(r"SKIPPED \[(\d+)\]", skipped[0])[1]) >= 50  # every browser test, not a few


def hang_up(port: int, path: str) -> None:
    """A reader who closes the tab mid-download: the response has begun, the connection is reset."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        conn.recv(1)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset


def test_a_reader_who_goes_away_prints_no_traceback(tmp_path, capfd):
    from browsing import serve

    (tmp_path / "groot.bin").write_bytes(b"x" * 8_000_000)  # more than the socket buffers hold
    with serve(str(tmp_path)) as url:
        port = int(url.rsplit(":", 1)[1])
        for _ in range(3):
            hang_up(port, "/groot.bin")
        time.sleep(0.5)  # the server thread meets the closed connection
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Broken pipe" not in out + err
