"""How to cite an entry: the APA 7 line on its page, the Highwire `citation_*` tags in its head
(Zotero, Google Scholar) and three files beside it that reference managers import: `citeer.bib`
(BibTeX), `citeer.ris` (RIS) and `citeer.json` (CSL-JSON). One record (`reference`) feeds them
all, so they always agree.

APA 7 dates a page that shows when it was last updated by that day (`Entry.changed`, from Git);
the day it was added travels along (CSL `available-date`, BibTeX and RIS notes). The authors are
the entry's `contributors` (or a work's `authors`), else the harvest's editors as organisation."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

from jinja2 import pass_context
from markupsafe import Markup, escape

from ..i18n import _, fingerprint
from ..site.events import MONTHS
from ..site.routes import setting, url
from ..state import digest, key_of

# Lower-case name particles: `Jan van der Berg` is family name `Berg` with particle `van der`
# (CSL's non-dropping particle; APA keeps it in front: `van der Berg, J.`). A capitalised `De` (as
# Flemish names write it) is part of the family name.
PARTICLES = {"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "von", "vom", "zu", "di", "da",
             "du", "la", "le", "del", "della", "dos", "das", "d'", "op", "in", "'s", "aan", "bij", "uit"}
# The settings a reference shows (`reference`): what its files are made of, with the entry.
_SITE_SHOWN = ("SITEURL", "SITENAME", "AUTHOR", "DEFAULT_LANG")
APA_MAX = 20  # APA 7 names up to 20 authors; beyond, the first 19, an ellipsis and the last


@dataclass(frozen=True)
class Name:
    """A person (`family`, `given`, `particle`) or an organisation (`literal`)."""

    family: str = ""
    given: str = ""
    particle: str = ""
    literal: str = ""

    def csl(self) -> dict:
        if self.literal:
            return {"literal": self.literal}
        out = {"family": self.family, "given": self.given}
        if self.particle:
            out["non-dropping-particle"] = self.particle
        return {k: v for k, v in out.items() if v}

    def inverted(self) -> str:
        """`van der Berg, Jan` (BibTeX, RIS, citation_author)."""
        if self.literal:
            return self.literal
        family = f"{self.particle} {self.family}".strip()
        return f"{family}, {self.given}" if self.given else family

    def apa(self) -> str:
        """`van der Berg, J.`, `Peeters, A.-M.`; an organisation as written."""
        if self.literal:
            return self.literal
        family = f"{self.particle} {self.family}".strip()
        if not self.given:
            return family
        initials = " ".join("-".join(f"{part[0]}." for part in word.split("-") if part)
                            for word in self.given.split())
        return f"{family}, {initials}"


def person(name: str) -> Name:
    """A contributor's name as people write it (`Jan van der Berg`, `Els De Smet`), in parts."""
    words = name.split()
    if len(words) < 2:
        return Name(literal=name.strip())
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    given, rest = " ".join(words[:start]), words[start:]
    if rest[0] != rest[0].lower():  # `De Smet`: the particle is part of the family name
        return Name(family=" ".join(rest), given=given)
    return Name(family=rest[-1], given=given, particle=" ".join(rest[:-1]))


@dataclass(frozen=True)
class Reference:
    key: str
    title: str
    authors: tuple[Name, ...]
    site: str
    issued: datetime.date  # last changed (APA's date for an updated page)
    added: datetime.date
    url: str
    summary: str
    language: str


def reference(entry, settings) -> Reference:
    data = entry.data
    names = data.get("contributors") or data.get("authors") or ()
    authors = tuple(person(n) for n in names) or (Name(literal=settings.get("AUTHOR") or "Redactie"),)
    siteurl = settings.get("SITEURL") or ""
    return Reference(
        key=f"{entry.entry_type.section}-{entry.slug}", title=" ".join(entry.title.split()), authors=authors,
        site=settings.get("SITENAME") or "", issued=datetime.date.fromisoformat(entry.changed),
        added=datetime.date.fromisoformat(data["date"]), url=f"{siteurl}/{entry.url}",
        summary=" ".join(data.get("summary", "").split()), language=settings.get("DEFAULT_LANG") or "nl")


def _dutch(day: datetime.date) -> str:
    return f"{day.day} {_(MONTHS[day.month - 1])} {day.year}"


def _sentence(text: str) -> str:
    """A part of the reference ending in a full stop, unless it ends in one already (or ? or !)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def apa_authors(names: tuple[Name, ...]) -> str:
    written = [n.apa() for n in names]
    if len(written) > APA_MAX:
        return ", ".join(written[:APA_MAX - 1]) + ", … " + written[-1]
    if len(written) == 1:
        return written[0]
    return ", ".join(written[:-1]) + ", & " + written[-1]


def apa(ref: Reference, html: bool = True) -> str:
    """APA 7 for a page of a website: `Authors. (Year, day month). Title. Site. URL`, with the
    title in italics in HTML."""
    day = ref.issued
    title = _sentence(ref.title)
    parts = [_sentence(apa_authors(ref.authors)), f"({day.year}, {day.day} {_(MONTHS[day.month - 1])}).",
             title, _sentence(ref.site) if ref.site else "", ref.url]
    if not html:
        return " ".join(p for p in parts if p)
    # What Markup("<i>{}</i>{}").format(...) gives, without string.Formatter (every entry page).
    italic = Markup(f"<i>{escape(title[:-1])}</i>{escape(title[-1])}")
    return Markup(" ").join(italic if p is title else escape(p) for p in parts if p)


def _date_parts(day: datetime.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(ref: Reference) -> str:
    item = {"id": ref.key, "type": "webpage", "title": ref.title,
            "author": [n.csl() for n in ref.authors], "container-title": ref.site,
            "issued": _date_parts(ref.issued), "available-date": _date_parts(ref.added),
            "URL": ref.url, "abstract": ref.summary, "language": ref.language}
    return json.dumps([{k: v for k, v in item.items() if v}], ensure_ascii=False, indent=2) + "\n"


_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
        "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_TEX_PATTERN = re.compile("|".join(re.escape(c) for c in _TEX))


def tex(text: str) -> str:
    """Text as BibTeX reads it back: its special characters escaped, so that no brace of a title
    can end the field."""
    return _TEX_PATTERN.sub(lambda found: _TEX[found.group()], " ".join(text.split()))


def _bib_name(name: Name) -> str:
    return "{" + tex(name.literal) + "}" if name.literal else tex(name.inverted())


def bibtex(ref: Reference) -> str:
    note = _("Toegevoegd op {added}, bijgewerkt op {changed}").format(
        added=_dutch(ref.added), changed=_dutch(ref.issued))
    fields = [("title", "{" + tex(ref.title) + "}"), ("author", " and ".join(map(_bib_name, ref.authors))),
              ("organization", tex(ref.site)), ("date", ref.issued.isoformat()),
              ("year", str(ref.issued.year)), ("month", str(ref.issued.month)),
              ("url", ref.url), ("note", tex(note)),
              ("langid", "dutch" if ref.language == "nl" else tex(ref.language))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@online{{{ref.key},\n{body}\n}}\n"


def ris(ref: Reference) -> str:
    def line(tag, value):
        return f"{tag}  - {' '.join(str(value).split())}"

    note = _("Toegevoegd op {added}, bijgewerkt op {changed}").format(
        added=_dutch(ref.added), changed=_dutch(ref.issued))
    lines = [line("TY", "ELEC"), *(line("AU", n.inverted()) for n in ref.authors), line("TI", ref.title),
             line("T2", ref.site), line("PY", ref.issued.year), line("DA", ref.issued.strftime("%Y/%m/%d/")),
             line("UR", ref.url), line("LA", ref.language), line("AB", ref.summary), line("N1", note),
             "ER  - "]
    return "\r\n".join(x for x in lines if not x.endswith("  - ") or x.startswith("ER")) + "\r\n"


_FILES = ("CITATION_BIB", "CITATION_RIS", "CITATION_JSON")


def write_citations(harvest, settings: dict, files) -> None:
    """The three files beside each entry's page (routes CITATION_BIB, _RIS, _JSON). A file is
    made again only when what its reference is made of changed (a warm build: the entries edited);
    an entry whose inputs are the last build's keeps its files without a look at each."""
    # What every reference shows besides its entry: the site, its editors, the words (i18n).
    site = digest(fingerprint(), *(str(settings.get(name) or "") for name in _SITE_SHOWN))
    shown = harvest.shown
    # The memo holds each entry's files by address: kept while the routes are the same.
    memo_key = (site, *(setting(settings, name) for name in _FILES))
    last, now = files.memo("citations", memo_key), {}
    for e in harvest.entries:
        # The entry's front matter and Git record (harvest.shown), the day it changed, its address.
        made_of = (shown[e.key], e.changed, e.url)
        known = last.get(e.key)
        if known is not None and known[0] == made_of and files.kept(known[1]):
            now[e.key] = known
            continue
        inputs = [digest(site, *made_of)]
        made = []

        def ref(e=e, made=made):
            if not made:
                made.append(reference(e, settings))
            return made[0]

        parts = {"slug": e.slug}
        rels = [url(settings, name, e.entry_type, **parts) for name in _FILES]
        files.write(rels[0], inputs, lambda ref=ref: bibtex(ref()))
        files.write(rels[1], inputs, lambda ref=ref: ris(ref()), newline="")
        files.write(rels[2], inputs, lambda ref=ref: csl_json(ref()))
        now[e.key] = (made_of, [(rel, key_of(inputs)) for rel in rels])
    files.keep("citations", memo_key, now)


def meta_tags(ref: Reference) -> Markup:
    """Highwire Press tags, as Google Scholar and Zotero read them."""
    tags = [("citation_title", ref.title), *(("citation_author", n.inverted()) for n in ref.authors),
            ("citation_publication_date", ref.issued.strftime("%Y/%m/%d")),
            ("citation_online_date", ref.added.strftime("%Y/%m/%d")),
            ("citation_publisher", ref.site), ("citation_public_url", ref.url),
            ("citation_abstract_html_url", ref.url), ("citation_language", ref.language)]
    # What Markup('<meta name="{}" content="{}">').format(...) gives (the names are ours), without
    # string.Formatter, which took most of this function's time: it runs on every entry page.
    return Markup("\n".join(f'<meta name="{name}" content="{escape(value)}">'
                             for name, value in tags if value))


@pass_context
def template_reference(context, entry) -> Reference:
    """`{% set ref = citation(entry) %}` in templates: the record for the page, its head and its files."""
    return reference(entry, context)
