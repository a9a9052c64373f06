"""Which Chromium the browser tests, the search bench and the Lighthouse audit use.

Found the way a shell finds it (PATH), or named in OOGST_CHROMIUM; never assumed at a fixed
place, so a machine without it is recognised as such and the browser tests skip."""

from __future__ import annotations

import os
import shutil

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
MISSING = ("Chromium ontbreekt: de browsertests worden overgeslagen. Inschakelen: `sudo apt-get install "
           "chromium` (of je pakketbeheerder), of OOGST_CHROMIUM=/pad/naar/chromium.")


def find() -> str | None:
    """The Chromium executable, or None."""
    named = os.environ.get("OOGST_CHROMIUM")
    if named:
        return shutil.which(named)  # a path is checked as is: it must exist and be executable
    return shutil.which("chromium") or shutil.which("chromium-browser")
