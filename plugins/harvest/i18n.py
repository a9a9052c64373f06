"""The interface's language: gettext catalogues in `locales/<lang>/LC_MESSAGES/oogst.mo`.

The source strings are Dutch, so the Dutch site needs no catalogue; another language is a
translation of `locales/oogst.pot` (`invoke i18n` extracts it again), not a code change. The
build activates the language of its settings (`DEFAULT_LANG`) once, before anything is rendered;
templates get the same translations (jinja2.ext.i18n), scripts a JSON catalogue (outputs/strings.py).

Strings defined when a module is imported are marked with `N_` and translated where they are
used, or made `lazy`: looked up each time they are shown."""

from __future__ import annotations

import gettext as _gettext
import io
import json
import os

from babel.support import LazyProxy

DOMAIN = "oogst"
# locales/ at the project's root, beside plugins/; HARVEST_LOCALES in the settings overrides it.
LOCALES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       "locales")

_active: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "nl"


def translations(settings) -> _gettext.NullTranslations:
    """The catalogue of the settings' language; without one, the Dutch source strings. A
    translation is read as translators write it (`<lang>/LC_MESSAGES/oogst.po`, compiled here in
    memory), or as gettext's compiled `.mo`."""
    lang = settings.get("DEFAULT_LANG") or "nl"
    folder = settings.get("HARVEST_LOCALES") or LOCALES
    po = os.path.join(folder, lang, "LC_MESSAGES", f"{DOMAIN}.po")
    if os.path.isfile(po):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with open(po, "rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return _gettext.GNUTranslations(compiled)
    return _gettext.translation(DOMAIN, folder, [lang], fallback=True)


def activate(settings) -> _gettext.NullTranslations:
    """Make the settings' language the one `_` translates into (for this process and the
    workers it forks); returns its translations, for Jinja."""
    global _active, _language
    _active = translations(settings)
    _language = settings.get("DEFAULT_LANG") or "nl"
    return _active


def language() -> str:
    """The active language's code (`nl`), e.g. for Babel's number formats."""
    return _language


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks `message` for the catalogue only; it is translated where it is shown."""
    return message


class _Lazy(LazyProxy):
    __slots__ = ()

    def __hash__(self):  # as the text it is now, so that what holds it stays hashable
        return hash(self.value)


def lazy(message: str) -> LazyProxy:
    """`message` translated whenever it is shown: for strings made at import time."""
    return _Lazy(_, message, enable_cache=False)


def fingerprint() -> str:
    """What the active catalogue translates, for the keys of rendered pages (a new translation
    renders every page again)."""
    return repr(sorted(getattr(_active, "_catalog", {}).items(), key=repr))


def script_strings() -> str:
    """The scripts' strings in the active language, as JSON for `<html data-i18n>`: those of
    locales/oogst.pot found in a script (`gettext("…")`, `ngettext("…", "…", n)`) that the catalogue
    translates; plural ones as [one, many]. Empty for the source language: the scripts' own."""
    if not getattr(_active, "_catalog", None):
        return ""
    from babel.messages.pofile import read_po

    with open(os.path.join(LOCALES, f"{DOMAIN}.pot"), "rb") as f:
        template = read_po(f)
    out: dict = {}
    for message in template:
        if not message.id or not any(path.endswith(".js") for path, _line in message.locations):
            continue
        if isinstance(message.id, (list, tuple)):
            one, many = message.id[:2]
            pair = [_active.ngettext(one, many, 1), _active.ngettext(one, many, 2)]
            if pair != [one, many]:
                out[one] = pair
        elif (text := _active.gettext(message.id)) != message.id:
            out[message.id] = text
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if out else ""
