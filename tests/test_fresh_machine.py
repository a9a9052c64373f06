"""A machine without Chromium (the newcomer's): every browser test skips through the one shared
fixture, the run says once how to enable them, and it passes."""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys

from helpers import ROOT


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
