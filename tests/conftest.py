"""One build of the starter harvest per session, for the many checks that only read it."""

from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from helpers import ROOT, build  # noqa: E402

# Browser fixtures (`live_site`, `chromium`) for the theme's accessibility, privacy and weight tests.
pytest_plugins = ["browsing"]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The starter harvest in content/, built as the preview builds it."""
    output = str(tmp_path_factory.mktemp("site") / "output")
    build(os.path.join(ROOT, "content"), output)
    return output


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The starter harvest built with publishconf.py."""
    output = str(tmp_path_factory.mktemp("published") / "output")
    build(os.path.join(ROOT, "content"), output, "publishconf.py", SITEURL="https://oogst.test")
    return output


@pytest.fixture(autouse=True)
def _working_directory_untouched():
    """Builds take absolute paths: no test changes the process's working directory (under
    pytest-xdist, tests share their worker's)."""
    before = os.getcwd()
    yield
    assert os.getcwd() == before, "a test changed the working directory"


# The slow tier: `browser` for every test that opens Chromium (marked here, by the fixtures it
# asks for, so a new browser test cannot land in the quick tier), `slow` for the rest (marked in its
# module: pytestmark, or on the test). `pytest -m "not browser and not slow"` is the quick tier.
BROWSER_FIXTURES = {"chromium", "chromium_path", "live_site"}


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    """The CommonMark spec's pass rate per section, after a run that included the Markdown parity
    test (issue 12); computed here, since with xdist the tests ran in other processes."""
    ran = any(getattr(report, "nodeid", "").startswith("tests/test_markdown_parity.py")
              for reports in terminalreporter.stats.values() for report in reports)
    if ran:
        import commonmark_spec
        from test_markdown_parity import spec_rates

        terminalreporter.write_sep("-", "CommonMark spec, examples the site's Markdown passes")
        terminalreporter.write_line(commonmark_spec.table(spec_rates()))
