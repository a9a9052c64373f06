"""Browser fixtures shared by the theme's tests (loaded by conftest.py as a pytest plugin):
the published build of content/ served on 127.0.0.1 (once per session), and a headless Chromium
(once per test module). Every browser test gets Chromium through `chromium_path`: on a machine
without it they all skip with one line that says how to enable them.

The site is built with publishconf.py and SITEURL set to the local server, so what is tested is
what gets published (absolute addresses, no drafts), yet nothing leaves this machine."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading

import pytest

from bench.chromium import ARGS, MISSING, find
from helpers import ROOT, build

AXE = os.path.join(ROOT, "node_modules", "axe-core", "axe.min.js")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that closed the page mid-response is expected, not a failure to print.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: str):
    """Serve `directory` on 127.0.0.1 (a free port) for the duration of the block; yield its URL."""
    httpd = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=directory))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class LiveSite(str):
    """The base URL of the served site (no trailing slash), with `.output`: its folder."""

    output: str


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    output = str(tmp_path_factory.mktemp("live") / "output")
    os.makedirs(output)
    with serve(output) as url:
        # The server is up first: its address is the SITEURL the site is built with.
        build(os.path.join(ROOT, "content"), output, "publishconf.py", SITEURL=url,
              DELETE_OUTPUT_DIRECTORY=False)
        site = LiveSite(url)
        site.output = output
        yield site


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Pytest reports a fixture's skip at each test's own line (27 lines of the same news); placed
    at the fixture, the summary says it once."""
    report = (yield).get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and report.longrepr[2].endswith(MISSING):
        report.longrepr = (__file__, _located.__code__.co_firstlineno, report.longrepr[2])


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The Chromium executable; skips the test (with how to enable it) where there is none."""
    pytest.importorskip("playwright.sync_api", reason="Playwright ontbreekt: `make test` installeert het "
                        "(requirements.txt).")
    return _located()


def _located() -> str:
    path = find()
    if path is None:
        pytest.skip(MISSING)
    return path


@pytest.fixture(scope="module")
def chromium(chromium_path):
    """Per module: Playwright's sync API allows one running instance per thread, and other test
    modules start their own."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=ARGS)
        yield browser
        browser.close()
