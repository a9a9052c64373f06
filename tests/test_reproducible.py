"""Two builds of the same content produce byte-identical files: no build timestamps, no paths
of the machine, stable ordering everywhere. Each build runs in its own interpreter with a
different hash seed (set order), time zone, working copy location and file times."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time

import pytest

from helpers import ROOT, output_files

BUILD = """
import sys
sys.path[:0] = [{tests!r}, {plugins!r}]
from helpers import build
build({content!r}, {output!r}, {settings!r}, SITEURL="https://oogst.test")
"""


def build_in_fresh_interpreter(content: str, output: str, settings: str, seed: str, tz: str) -> None:
    code = BUILD.format(tests=os.path.join(ROOT, "tests"), plugins=os.path.join(ROOT, "plugins"),
                        content=content, output=output, settings=settings)
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "SOURCE_DATE_EPOCH": ""}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


def digests(output: str) -> dict[str, str]:
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in output_files(output).items()}


# The build's day is Brussels' (or HARVEST_TODAY), never the machine's: the zones farthest ahead
# of (UTC+14) and behind (UTC-12) UTC are 26 hours apart, so on different dates at every hour.
ZONES = (("1", "Pacific/Kiritimati"), ("4242", "Etc/GMT+12"))


# Whole builds in fresh interpreters: the slow tier.
@pytest.mark.slow
@pytest.mark.parametrize("settings", ["publishconf.py", "pelicanconf.py"])
def test_two_builds_are_byte_identical(tmp_path, settings):
    outputs = []
    for run, (seed, tz) in enumerate(ZONES):
        # The same content in two places, as two clones on two machines would have it: same
        # bytes, files modified at the moment of the copy (as `git clone` leaves them).
        content = str(tmp_path / f"clone-{run}" / "content")
        shutil.copytree(os.path.join(ROOT, "content"), content, copy_function=shutil.copyfile)
        output = str(tmp_path / f"output-{run}")
        build_in_fresh_interpreter(content, output, settings, seed, tz)
        outputs.append(output)
        time.sleep(1.1)  # a timestamp with seconds would differ
    first = digests(outputs[0])
    assert len(first) > 50
    for other in outputs[1:]:
        second = digests(other)
        assert sorted(first) == sorted(second), "every build writes the same files"
        differ = sorted(rel for rel in first if first[rel] != second[rel])
        assert differ == [], f"these files differ between two builds of the same content: {differ[:10]}"
    # No absolute path of the machine leaks into the site.
    for rel in first:
        with open(os.path.join(outputs[0], rel), "rb") as fh:
            data = fh.read()
        assert str(tmp_path).encode() not in data and ROOT.encode() not in data, rel
