"""A warm builder for the live preview: Pelican runs again in the same process, so only the
entries that changed are read again (reading.py) and nothing is imported twice."""

from __future__ import annotations

import sys
import time

from .report import ContentErrors


class Preview:
    def __init__(self, settings_file: str, path: str | None = None, output: str | None = None,
                 **overrides):
        self.settings_file = settings_file
        self.overrides = {**overrides, **({"PATH": path} if path else {}),
                          **({"OUTPUT_PATH": output} if output else {})}

    def build(self) -> bool:
        """Build once; True when the site was written. Problems are printed, never raised:
        the last good site keeps being served."""
        from pelican import Pelican
        from pelican.settings import read_settings

        start = time.perf_counter()
        try:
            settings = read_settings(self.settings_file, override=self.overrides)
            Pelican(settings).run()
        except ContentErrors:
            return False  # already printed, file by file
        except Exception as error:  # a template or settings mistake: say what, keep serving
            print(f"De bouw is mislukt: {type(error).__name__}: {error}", file=sys.stderr)
            return False
        print(f"Gebouwd in {time.perf_counter() - start:.2f} s.", file=sys.stderr)
        return True
