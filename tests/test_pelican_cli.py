"""`pelican` as editors and the workflows run it: a true summary of the harvest at the end
(entries per type, pages, seconds) instead of Pelican's "0 articles"; `-q` quiet; a contributor's
mistake reported at its line, exit code 1, no traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from helpers import ROOT, VALID, entry, write_content


def pelican(tmp_path, *args):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environ.pop("PYTHONPATH", None)  # pelicanconf.py finds the plugins itself
    return subprocess.run([sys.executable, "-m", "pelican", str(tmp_path / "content"), "-s",
                           os.path.join(ROOT, "pelicanconf.py"), "-o", str(tmp_path / "output"), *args],
                          cwd=tmp_path, env={**environ, "COLUMNS": "200"}, capture_output=True, text=True,
                          timeout=180)


def test_the_summary_counts_the_harvest_not_articles(tmp_path):
    write_content(str(tmp_path), VALID)
    done = pelican(tmp_path)
    assert done.returncode == 0, done.stderr
    out = " ".join((done.stdout + done.stderr).split())
    assert "0 articles" not in out and "Done: Processed" not in out
    assert re.search(r"Oogst gebouwd: 6 inzendingen \(1 projecten, 1 ervaringen, 1 instrumenten, 1 kennis, "
                     r"1 schakelfiguren, 1 organisaties, 0 bijeenkomsten\), \d+ pagina's "
                     r"\(\d+ nieuw of gewijzigd\), "
                     r"in \d+,\d\d s\.", out), out


def test_quiet_is_quiet(tmp_path):
    write_content(str(tmp_path), VALID)
    done = pelican(tmp_path, "-q")
    assert done.returncode == 0 and done.stdout.strip() == "" and done.stderr.strip() == ""


def test_a_mistake_exits_1_at_its_line_without_traceback(tmp_path):
    write_content(str(tmp_path), {**VALID, "tools/kapot.md": entry("Kapot", kind="werkvrom")})
    done = pelican(tmp_path)
    assert done.returncode == 1
    err = " ".join(done.stderr.split())
    assert "content/tools/kapot.md:6:7: onbekende waarde `werkvrom`" in err
    assert "1 probleem in 1 bestand; er is niets gebouwd." in err
    assert "Traceback" not in done.stderr + done.stdout
    assert not os.path.exists(tmp_path / "output" / "index.html")
