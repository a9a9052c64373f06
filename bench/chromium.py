"""Which Chromium the browser tests, the search bench and the Lighthouse audit use.

Found the way a shell finds it (PATH), or named in OOGST_CHROMIUM; never assumed at a fixed
place, so a machine without it is recognised as such and the browser tests skip."""

from __future__ import annotations

import os
import shutil

# Chromium 156 opens the address bar's popup (chrome://omnibox-popup.top-chrome and its "AI mode"
# page) in a renderer of its own for every new window, so for every new browser context: 0.6-0.7 s
# of CPU each on a 2-core machine, while the page a test or the search bench measures is loading.
# No reader's page pays for that; a headless run shows no address bar, so it is switched off.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup"]
MISSING = ("Chromium ontbreekt: de browsertests worden overgeslagen. Inschakelen: `sudo apt-get install "
           "chromium` (of je pakketbeheerder), of OOGST_CHROMIUM=/pad/naar/chromium.")


def find() -> str | None:
    """The Chromium executable, or None."""
    named = os.environ.get("OOGST_CHROMIUM")
    if named:
        return shutil.which(named)  # a path is checked as is: it must exist and be executable
    return shutil.which("chromium") or shutil.which("chromium-browser")
