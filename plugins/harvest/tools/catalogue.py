"""The interface's message catalogue: `locales/oogst.pot`, extracted with Babel from the plugins,
the templates and the scripts as babel.cfg says (`invoke i18n` writes it; tests/test_i18n.py
fails when the committed one is out of date)."""

from __future__ import annotations

import io
import os

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po

from .. import i18n

ROOT = os.path.dirname(i18n.LOCALES)
POT = os.path.join(i18n.LOCALES, f"{i18n.DOMAIN}.pot")
# Beside gettext's own (also the scripts' gettext and ngettext): N_ and lazy (harvest/i18n.py), and
# the message catalogue's templates (model/messages.py: Message's first argument, the file voice).
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "lazy": None, "Message": None}

HEADER = """\
# The interface text of Oogst. The source strings are Dutch: the Dutch site needs no translation.
# Another language: copy this file to locales/<lang>/LC_MESSAGES/oogst.po, translate it, compile
# it (`pybabel compile -d locales -D oogst`) and set DEFAULT_LANG. `invoke i18n` writes this file.
#"""


def extract(root: str = ROOT) -> str:
    """The catalogue template as text, without a creation date (it would change on every run)."""
    with open(os.path.join(root, "babel.cfg"), encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    catalog = Catalog(project="Oogst", domain=i18n.DOMAIN, charset="utf-8", header_comment=HEADER)
    for path, lineno, message, comments, context in extract_from_dir(
            root, method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",)):
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    out = io.BytesIO()
    # Files without line numbers: moving code does not change the catalogue, new text does.
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False)
    return "\n".join(line for line in out.getvalue().decode("utf-8").split("\n")
                     if not line.startswith('"POT-Creation-Date:'))


def write(root: str = ROOT) -> str:
    """Write locales/oogst.pot again; returns its path."""
    path = os.path.join(root, "locales", f"{i18n.DOMAIN}.pot")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(extract(root))
    return path
