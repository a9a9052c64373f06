"""Files the site serves from node_modules, each pinned by its sha256 in `vendor.sha256`.

A pull request that changes package-lock.json can point a package at another tarball; npm then
installs it without complaint. The pins make such a swap fail the build, so what the site serves on
its own origin changes only when a maintainer updates the pin (`cd node_modules && sha256sum -c
../vendor.sha256` shows the same check)."""

from __future__ import annotations

import hashlib
import os

from ..content.document import Problem
from ..report import ContentErrors, print_problems

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *[os.pardir] * 3))
PINS_FILE = "vendor.sha256"


def pins(root: str) -> dict[str, str]:
    """{path under node_modules: sha256} from the repository's pin file."""
    with open(os.path.join(root, PINS_FILE), encoding="utf-8") as fh:
        return {name.strip(): digest for digest, name in (line.split(None, 1) for line in fh if line.strip())}


def vendored(rel: str, root: str | None = None) -> str:
    """The text of node_modules/<rel>, after checking it against its pin."""
    root = root or ROOT
    path = os.path.join(root, "node_modules", rel)
    shown = f"node_modules/{rel}"
    expected = pins(root).get(rel)
    if expected is None:
        message = (f"dit bestand zou op de site komen, maar {PINS_FILE} legt geen sha256 voor vast; "
                   f"voeg het toe na controle door een beheerder (zie CONTRIBUTING.md)")
    elif not os.path.isfile(path):
        message = "ontbreekt: installeer de JavaScript-pakketten met `npm ci` (of `make build`)"
    else:
        with open(path, "rb") as fh:
            data = fh.read()
        actual = hashlib.sha256(data).hexdigest()
        if actual == expected:
            return data.decode("utf-8")
        message = (f"is niet het bestand dat {PINS_FILE} vastlegt (sha256 {actual[:12]}…, verwacht "
                   f"{expected[:12]}…): is package-lock.json gewijzigd? Zo'n wijziging kijkt een "
                   f"beheerder na (zie CONTRIBUTING.md); pas daarna de pin aan")
    problems = [Problem(shown, 1, 1, message)]
    print_problems(problems, "er is niets gebouwd.")
    raise ContentErrors(problems)
