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


# The slow tier, marked `browser`: what drives Chromium, Lighthouse or the Nu checker, runs the
# suite again (Chromium hidden) or builds hostile harvests against the clock. `pytest -m "not
# browser"` is the quick tier (README).
BROWSER_FIXTURES = {"chromium", "chromium_path", "live_site"}
SLOW_MODULES = {"test_fresh_machine.py", "test_nu_checker.py", "test_lighthouse.py", "test_pathological.py",
                "test_bench_smoke.py", "test_search_bench.py", "test_pelican_plugins.py"}
SLOW_TESTS = {"test_live_preview", "test_redirect_pages_pass_the_nu_checker",
              # hostile files through whole builds, each a Pelican run of its own
              "test_hostile_file_is_refused_by_validate_and_build",
              "test_a_body_beyond_the_budget_is_refused_in_a_small_harvest",
              "test_the_warm_preview_refuses_too_complex_and_recovers"}


def pytest_collection_modifyitems(items):
    for item in items:
        if (BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.name in SLOW_MODULES
                or item.originalname in SLOW_TESTS):
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
