"""A warm builder for the live preview: Pelican runs again in the same process, so nothing is
imported twice, only the entries that changed are read again (reading.py) and only the pages
whose inputs changed are written again (rendering.py, output.py)."""

from __future__ import annotations

import os
import sys
import time

from .output import Output
from .report import ContentErrors


class Preview:
    def __init__(self, settings_file: str, path: str | None = None, output: str | None = None,
                 **overrides):
        self.settings_file = settings_file
        # After a good build that did not empty the folder: the files it wrote or removed,
        # relative to the output folder (so the preview copies only those). None: all may have.
        self.changed: list[str] | None = None
        # HARVEST_WARM: the plugins remember what they read and wrote, for the next build.
        self.overrides = {"HARVEST_WARM": True, **overrides, **({"PATH": path} if path else {}),
                          **({"OUTPUT_PATH": output} if output else {})}

    def build(self, clean: bool = False) -> bool:
        """Build once; True when the site was written. `clean` empties the output folder first
        (needed when files other than entries changed: a removed page or theme file must go).
        Problems are printed, never raised: the last good site keeps being served."""
        from pelican import Pelican, signals
        from pelican.settings import read_settings

        start = time.perf_counter()
        self.changed = None
        written: set[str] = set()

        def pelican_wrote(path, **_):  # Pelican's own writer: the search page, pages
            written.add(path)

        signals.content_written.connect(pelican_wrote)
        try:
            overrides = {**self.overrides, **({"DELETE_OUTPUT_DIRECTORY": True} if clean else {})}
            settings = read_settings(self.settings_file, override=overrides)
            Pelican(settings).run()
            if not clean:
                output = Output.of(settings)
                self.changed = sorted({*output.written, *output.gone,
                                       *(os.path.relpath(p, output.path) for p in written)})
        except ContentErrors:
            return False  # already printed, file by file
        except Exception as error:  # a template or settings mistake: say what, keep serving
            print(f"De bouw is mislukt: {type(error).__name__}: {error}", file=sys.stderr)
            return False
        finally:
            signals.content_written.disconnect(pelican_wrote)
        print(f"Gebouwd in {time.perf_counter() - start:.2f} s.", file=sys.stderr)
        return True
