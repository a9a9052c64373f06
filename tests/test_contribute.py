"""The "Deel je oogst" form (/meedoen/) and the Python side agree: the same slug for a title, the
same YAML for a value, the same entry file for the same answers, and, for a table of bad entries,
the same verdict per field as `make validate` in the same words. The form's rules run in Node
(tests/contribute_node.js) on the form data the session site was built with."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from harvest.content.document import parse
from harvest.content.loader import validate_tree
from harvest.model import types as m
from harvest.model.messages import MESSAGES, person_help, templates
from harvest.outputs.form import FORM_MESSAGES, entry_text
from harvest.tools.scaffold import ScaffoldError, create, slugify, yaml_scalar
from helpers import ROOT, read

RULES_JS = os.path.join(ROOT, "themes", "oogst", "static", "js", "contribute-rules.js")


@pytest.fixture(scope="module")
def form(site):
    with open(os.path.join(site, "meedoen", "formulier.json"), encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def lists(site, form):
    """Per type, the entries the form fetches: {type: [[slug, title], ...]}."""
    found = {}
    for t in form["types"]:
        with open(os.path.join(site, t["entries"]), encoding="utf-8") as fh:
            found[t["name"]] = json.load(fh)
    return found


def node(form, lists=None, **job) -> dict:
    run = subprocess.run(["node", os.path.join(ROOT, "tests", "contribute_node.js")],
                         input=json.dumps({"rules": RULES_JS, "model": form, "lists": lists or {}, **job}),
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_form_data_is_the_model_and_small(form, lists, site):
    assert [t["name"] for t in form["types"]] == list(m.TYPES)
    for t in form["types"]:
        model_fields = m.FIELDS_BY_TYPE[t["name"]]
        for f in t["fields"]:
            declared = model_fields[f["name"]]
            # The help in words for a person: the catalogue's, else the model's. What the form hands
            # over is published: it asks for what publishing needs (a source).
            required = declared.required or f["name"] in m.TO_PUBLISH
            said = (f["label"], f["help"], f.get("required", False))
            assert said == (declared.label, person_help(declared), required)
            assert f.get("derived", False) == (f["name"] == "date")  # the day it is sent, not asked
            assert [c[0] for c in f.get("choices", [])] == list(declared.choices)
        # Every field a contributor writes is asked; editors' fields are not.
        asked = {f["name"] for f in t["fields"]}
        assert asked == set(model_fields) - {"updated", "status", "aliases"}
    assert [s for s, _ in form["themes"]][:2] == ["innovatiecultuur", "lerende-organisatie"]
    # The entries, per type, slugs and titles only: not the open data file.
    assert [t["entries"] for t in form["types"]] == [f"meedoen/{t.section}.json" for t in m.TYPES.values()]
    assert ["menno-spaan", "Menno Spaan"] in lists["experts"]
    assert sum(len(v) for v in lists.values()) == len(
        json.load(open(os.path.join(site, "data", "oogst.json")))["entries"])
    assert all(len(e) == 2 for v in lists.values() for e in v)
    # The model and the words, none of the entries themselves: no summary of any entry is in it.
    with open(os.path.join(site, "meedoen", "formulier.json"), encoding="utf-8") as fh:
        words = fh.read()
    summaries = [e["summary"] for e in json.load(open(os.path.join(site, "data", "oogst.json")))["entries"]]
    assert summaries and not [s for s in summaries if json.dumps(s, ensure_ascii=False)[1:-1] in words]
    assert len(words.encode()) < 64_000


TITLES = ["Één café's ß", "Diagnose innovatie", "  Spaties   rondom  ", "L'Œuvre d’art: Æsop & Þór",
          "Ålesund – İstanbul – Łódź", "?!", "2024", "a" * 70, "woord " * 15, "Straße-Überweg", "ĳsje",
          "Ｆｕｌｌｗｉｄｔｈ １２", "Crème brûlée ½"]


def random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcXYZ 09-_:#'\"[]{},.!?&*|>%@`~=<+\\/\té€ßÆøİı’‘´ĳ½Ｆ\u0301\u2028"
    return [("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))) for _ in range(count)]


def test_the_form_makes_the_slug_make_new_makes(form):
    titles = TITLES + random_texts(1, 300)
    assert node(form, slugs=titles)["slugs"] == [slugify(t) for t in titles]
    assert slugify("Één café's ß") == "een-cafes-ss"


def test_the_form_quotes_values_as_the_scaffold_does_and_they_read_back(form):
    texts = TITLES + random_texts(2, 400) + ["yes", "No", "12:30", "0x1F", "~", "= x", "- lijst", "Stap #1",
                                             "a: b", "https://example.org/a#b", "2 uur", "8-20 deelnemers"]
    assert node(form, scalars=texts)["scalars"] == [yaml_scalar(t) for t in texts]
    for text in texts:
        doc = parse(f"---\nx: {yaml_scalar(text)}\n---\n".encode(), "x.md")
        if not doc.problems:  # control characters are refused, quoted or not
            assert doc.data["x"] == text, text


ANSWERS = [
    ("tools", {"title": "Één café's ß", "summary": "Een werkvorm: kort en goed.",
               "themes": ["participatie", "innovatiecultuur"],
               "date": "2026-11-30", "kind": "werkvorm", "duration": "2 uur", "group_size": "8-20 deelnemers",
               "url": "https://example.org/a#b", "experts": ["menno-spaan"],
               "links": [{"title": "Verslag: deel 1", "url": "https://example.org/v"},
                         {"title": "", "url": ""}],
               "contributors": ["An", "Bo # De"]}, "## Kop\r\n\r\nTekst.\n\n\n"),
    ("practices", {"title": "Fouten maken mag", "summary": "yes", "themes": ["samenwerking"],
                   "date": "2026-11-30", "kind": "verrijkende-mislukking",
                   "lessons": ["Begin klein.", "Vraag: waarom?"],
                   "projects": ["spring-uit-de-band"], "organisations": ["kennisland", "haagse-beek"],
                   "region": "vlaanderen"}, ""),
    ("knowledge", {"title": "Boek", "summary": "Over 2019", "themes": ["open-data"], "date": "2026-11-30",
                   "kind": "literatuur", "year": "2018", "isbn": "978-90-5972-123-2",
                   "authors": ["Menno Spaan"]}, "x"),
    ("experts", {"title": "Iemand", "summary": "Coach.", "themes": ["leiderschap"], "date": "2026-11-30",
                 "roles": ["coach", "expert"], "email": "iemand@voorbeeld.be"}, ""),
]


def test_the_form_writes_the_file_python_writes(form):
    files = node(form, files=[[t, v, b] for t, v, b in ANSWERS])["files"]
    for (type_name, values, body), text in zip(ANSWERS, files):
        assert text == entry_text(type_name, values, body)
    # The scaffold's order: required fields, optional ones, then relations.
    assert files[0].splitlines()[:6] == ["---", "title: Één café's ß",
                                         'summary: "Een werkvorm: kort en goed."',
                                         "themes: [participatie, innovatiecultuur]", "date: 2026-11-30",
                                         "kind: werkvorm"]
    assert files[0].endswith("experts: [menno-spaan]\n---\n## Kop\n\nTekst.\n")
    assert "  - title: \"Verslag: deel 1\"\n    url: https://example.org/v\n" in files[0]
    assert 'summary: "yes"' in files[1]


def test_the_file_is_the_scaffold_filled_in(form):
    """`make new` and then filling in each field where the scaffold put it, dropping its comments,
    gives the form's file: the same fields in the same places, the same title and date."""
    import datetime

    from harvest.tools.scaffold import render

    for type_name, values, body in ANSWERS:
        scaffold = render(type_name, values["title"], datetime.date.fromisoformat(values["date"]))
        own_lines = {}  # field -> its lines in the form's file
        text = entry_text(type_name, values, body)
        current = None
        for line in text.split("\n---\n")[0].splitlines()[1:]:
            if not line.startswith(" "):
                current = line.split(":", 1)[0]
            own_lines.setdefault(current, []).append(line)
        edited = ["---"]
        front = scaffold.split("\n---\n")[0].splitlines()[1:]
        for line in front:
            field_line = re.match(r"(?:# )?([a-z_]+):", line)  # a field, written or commented out
            name = field_line and field_line[1]
            if name in m.FIELDS_BY_TYPE[type_name]:
                if name in ("title", "date"):
                    assert line == own_lines[name][0]  # the scaffold wrote these itself, identically
                edited += own_lines.get(name, [])
        edited_text = "\n".join(edited) + "\n---\n" + text.split("\n---\n", 1)[1]
        assert edited_text == text


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory):
    target = tmp_path_factory.mktemp("contribute") / "content"
    shutil.copytree(os.path.join(ROOT, "content"), target)
    return str(target)


def field_of(text: str, line: int, message: str) -> str:
    """The field a problem belongs to: named by a message about a missing field (or a group of which
    one is needed), else the key at or above its line."""
    # A missing field (a missing source too, which `make validate` asks for) or group.
    if message.startswith("verplicht veld `") or " of beide: " in message:
        return message.split("`")[1]
    lines = text.splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        head = lines[number - 1]
        if head[:1].isalpha() and ":" in head:
            return head.split(":", 1)[0]
    return ""


def python_verdicts(content: str, cases: list) -> list[dict]:
    """{field: [messages]} per case as `make new` and `make validate` see the same answers: every
    new file written into the copy, then one validation of it all."""
    verdicts, written = [], {}
    for type_name, values, slug in cases:
        path = os.path.join(content, type_name, f"{slug}.md")
        verdicts.append({})
        if os.path.exists(path):
            with pytest.raises(ScaffoldError) as refused:
                create(content, type_name, values["title"])
            verdicts[-1]["slug"] = [str(refused.value)]
            continue
        text = entry_text(type_name, values, "Tekst.")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        written[f"{type_name}/{slug}.md"] = (text, verdicts[-1], path)
    try:
        _entries, problems = validate_tree(content, sources=True)  # as `make validate`
    finally:
        for _text, _verdict, path in written.values():
            os.remove(path)
    for p in problems:
        rel = "/".join(p.path.replace(os.sep, "/").split("/")[-2:])
        text, verdict, _path = written[rel]  # nothing else in the copy is wrong
        verdict.setdefault(field_of(text, p.line, p.message), []).append(p.message)
    return verdicts


TODAY = "2026-11-30"
SOURCE = "Verslag van de proef, Gemeente Gent"  # issue 25: what the form hands over names its source
GOOD = {
    "tools": {"title": "Proefinstrument", "summary": "Een instrument om te proberen.",
              "themes": ["innovatiecultuur"], "date": TODAY, "kind": "werkvorm", "source": SOURCE},
    "knowledge": {"title": "Proefkennis", "summary": "Kennis om te proberen.", "themes": ["open-data"],
                  "date": TODAY, "kind": "literatuur", "source": SOURCE},
    "projects": {"title": "Proefproject", "summary": "Een project om te proberen.",
                 "themes": ["samenwerking"], "date": TODAY, "stage": "lopend", "source": SOURCE},
    "experts": {"title": "Proef Persoon", "summary": "Iemand om te proberen.", "themes": ["leiderschap"],
                "date": TODAY, "roles": ["coach"], "source": SOURCE},
    "practices": {"title": "Proefervaring", "summary": "Een ervaring om te proberen.",
                  "themes": ["participatie"], "date": TODAY, "kind": "goede-praktijk", "source": SOURCE},
}

BAD = [  # (case, type, changes to a good entry, fields that must be wrong)
    ("valid tool", "tools", {}, set()),
    ("valid practice with relations", "practices",
     {"projects": ["spring-uit-de-band"], "experts": ["menno-spaan"], "lessons": ["Begin klein."]}, set()),
    ("missing summary", "tools", {"summary": ""}, {"summary"}),
    ("missing source", "tools", {"source": ""}, {"source"}),
    ("missing kind and themes", "tools", {"kind": "", "themes": []}, {"kind", "themes"}),
    ("summary too long", "tools", {"summary": "woord " * 60 + "eind"}, {"summary"}),
    ("summary with HTML", "tools", {"summary": "Een <b>vette</b> samenvatting."}, {"summary"}),
    ("url without scheme", "tools", {"url": "www.example.org/instrument"}, {"url"}),
    ("url that is no address", "tools", {"url": "bij de gemeente"}, {"url"}),
    ("link without address", "tools", {"links": [{"title": "Verslag", "url": ""}]}, {"links"}),
    ("link with a bad address", "tools", {"links": [{"title": "Verslag", "url": "htp:/x"}]}, {"links"}),
    ("ISBN check digit", "knowledge", {"isbn": "0-306-40615-3"}, {"isbn"}),
    ("ISBN too short", "knowledge", {"isbn": "12345"}, {"isbn"}),
    ("year out of range", "knowledge", {"year": "3000"}, {"year"}),
    ("year in words", "knowledge", {"year": "tweeduizend"}, {"year"}),
    ("ended before started", "projects", {"started": "2015", "ended": "2012"}, {"ended"}),
    ("date that does not exist", "tools", {"date": "2024-02-30"}, {"date"}),
    ("date in words", "tools", {"date": "1 mei 2024"}, {"date"}),
    ("bad e-mail", "experts", {"email": "naam-at-voorbeeld.be"}, {"email"}),
    ("unknown relation", "tools", {"experts": ["menno-spaam"]}, {"experts"}),
    ("slug taken", "tools", {"title": "Diagnose innovatie"}, {"slug"}),
]
EVENT = {"title": "Netwerkdag", "summary": "Een dag.", "themes": ["samenwerking"], "date": TODAY,
         "kind": "workshop", "starts": "2027-03-01 14:00", "ends": "17:00", "city": "Gent", "source": SOURCE}
EVENT_CASES = [  # (case, changes, fields that must be wrong): the events type's own rules
    ("valid event", {}, set()),
    ("online event without end or city", {"ends": "", "city": "", "online": "https://example.org/live"},
     set()),
    ("start in words", {"starts": "1 maart 2027"}, {"starts"}),
    ("start on a day that does not exist", {"starts": "2027-02-30"}, {"starts"}),
    ("start at an hour that does not exist", {"starts": "2027-03-01 25:00"}, {"starts"}),
    ("start without its day", {"starts": "14:00"}, {"starts"}),
    ("end before the start", {"ends": "13:00"}, {"ends"}),
    ("end at the start", {"ends": "14:00"}, {"ends"}),
    ("end a day without a time", {"ends": "2027-03-02"}, {"ends"}),
    ("end hour after a whole-day start", {"starts": "2027-03-01"}, {"ends"}),
    ("end day before the start day", {"starts": "2027-03-02", "ends": "2027-03-01"}, {"ends"}),
    ("neither city nor online", {"city": ""}, {"city"}),
]
GOOD["events"] = EVENT
BAD += [(f"event: {case}", "events", changes, fields) for case, changes, fields in EVENT_CASES]


@pytest.fixture(scope="module")
def verdicts(form, lists, content_copy):
    cases = []
    for number, (_case, type_name, changes, _fields) in enumerate(BAD):
        values = {**GOOD[type_name], **changes}
        slug = slugify(values["title"])
        if not os.path.exists(os.path.join(content_copy, type_name, f"{slug}.md")):
            slug = f"{slug}-{number}"  # each case a file of its own, validated together
        cases.append((type_name, values, slug))
    # The rules agree when both say the file voice: the form's own words may differ (the person voice).
    in_file_voice = {**form, "messages": templates(FORM_MESSAGES, person=False)}
    return node(in_file_voice, lists, checks=cases)["checks"], python_verdicts(content_copy, cases)


@pytest.mark.parametrize("number", range(len(BAD)), ids=[case[0] for case in BAD])
def test_the_form_and_make_validate_give_the_same_verdict(verdicts, number):
    _case, _type, _changes, fields = BAD[number]
    js, py = verdicts[0][number], verdicts[1][number]
    assert set(py) == fields, py
    assert set(js) == fields, js
    for name, message in js.items():
        said = py[name]
        if name == "slug":  # `make new` refuses the file, named where it is
            assert said[0].endswith(" bestaat al; kies een andere titel of bewerk dat bestand")
            assert message == "content/tools/diagnose-innovatie.md" + said[0][said[0].index(" bestaat al"):]
        elif name in m.TYPES:  # the validator adds the nearest slug; the form offers only existing ones
            assert any(s.startswith(message) for s in said), (message, said)
        else:
            assert message in said, (message, said)


def test_the_preview_renders_a_safe_subset_of_markdown(form):
    [tree] = node(form, markdown=["## Kop\n\nEen *zin* met [link](https://example.org) en "
                                  "[gevaar](javascript:alert(1)) en <script>x</script>.\n\n"
                                  "- een\n- twee"])["markdown"]
    assert [b["tag"] for b in tree] == ["h3", "p", "ul"]
    flat = json.dumps(tree)
    assert ('"href": "https://example.org"' in flat.replace('":"', '": "')
            or '"href":"https://example.org"' in flat)
    assert "javascript:" not in json.dumps([n for n in tree[1]["children"]
                                            if isinstance(n, dict) and n.get("href")])
    assert "<script>x</script>" in "".join(c for c in tree[1]["children"] if isinstance(c, str))  # as text


def test_the_preview_takes_linear_time_on_hostile_text(form):
    import time

    texts = ["[" * 200_000, "[a](" * 50_000, "# " + " " * 200_000 + "x", "*" * 200_000, "`a" * 100_000,
             "_" + "a_" * 100_000, ">" * 100_000]
    start = time.monotonic()
    trees = node(form, markdown=texts)["markdown"]
    assert len(trees) == len(texts)
    assert time.monotonic() - start < 5


def test_the_page_explains_the_other_ways_and_is_linked_everywhere(site):
    soup = BeautifulSoup(read(site, "meedoen/index.html"), "html.parser")
    assert soup.h1.get_text() == "Deel je oogst"
    other = soup.select_one(".contribute-other")
    hrefs = [a["href"] for a in other.find_all("a")]
    assert any("/issues/new?template=nieuwe-inzending.yml" in h for h in hrefs)
    assert any(h.startswith("mailto:") for h in hrefs)
    scripts = [s["src"] for s in soup.find_all("script")]
    assert all(not s.get_text().strip() for s in soup.find_all("script"))  # no inline script
    assert any(s.endswith("/theme/js/contribute.js") for s in scripts)
    assert soup.select_one("[data-contribute]")["data-src"].endswith("meedoen/formulier.json")
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    # Linked from the header and footer of every page, every listing and every "Reageer" block.
    for page in ("index.html", "instrumenten/index.html", "instrumenten/diagnose-innovatie/index.html"):
        page_soup = BeautifulSoup(read(site, page), "html.parser")
        assert page_soup.select_one("header.site nav a[href$='meedoen/']"), page
        assert page_soup.select_one("footer.site a[href$='meedoen/']"), page
    listing = BeautifulSoup(read(site, "kennis/index.html"), "html.parser")
    assert listing.select_one(".follow a[href$='meedoen/']")
    entry_page = BeautifulSoup(read(site, "instrumenten/diagnose-innovatie/index.html"), "html.parser")
    assert entry_page.select_one(".reactions a[href$='meedoen/']")


def test_an_events_times_are_written_as_text_that_reads_back(form):
    """Times are quoted in the file (YAML 1.1 would read an unquoted 17:00 as 1020)."""
    [text] = node(form, files=[["events", EVENT, ""]])["files"]
    assert 'starts: "2027-03-01 14:00"\n' in text and 'ends: "17:00"\n' in text


def test_the_form_says_the_catalogues_person_voice(form, lists):
    assert form["messages"] == templates(FORM_MESSAGES)
    assert set(FORM_MESSAGES) <= set(MESSAGES)
    # Where the person voice says more: the form also names a free slug.
    [taken] = node(form, lists, checks=[("tools", {**GOOD["tools"], "title": "Diagnose innovatie"},
                                         "diagnose-innovatie")])["checks"]
    assert taken == {"slug": "Er staat al een instrument met deze titel in de oogst. Bedoel je iets anders, "
                             "maak de titel dan preciezer"}


# Words a person filling in the form should never read: syntax, keys, folders, date formats.
JARGON = re.compile(r"`|JJJJ|UU:MM|content/|\.md\b|\bslug|YAML|front matter|Markdown|" + "|".join(
    rf"\b{name}\b" for name in sorted({f.name for fs in m.FIELDS_BY_TYPE.values() for f in fs.values()}
                                      - {"url"}, key=len, reverse=True) if "_" in name or name in (
        "summary", "themes", "kind", "stage", "roles", "starts", "ends", "city", "title")))


def test_every_message_of_the_form_is_plain_dutch(form, lists):
    """The person voice of every check of the table above: what to do, in words; no syntax, no
    field keys, every placeholder filled in, and every problem of an entry said at once."""
    cases = []
    for number, (_case, type_name, changes, _fields) in enumerate(BAD):
        values = {**GOOD[type_name], **changes}
        cases.append((type_name, values, f"{slugify(values['title'])}-{number}"))
    cases.append(("tools", {**GOOD["tools"], "summary": "", "themes": [], "kind": "",
                            "links": [{"title": "", "url": "www.gent.be"}]}, "x"))
    checks = node(form, lists, checks=cases)["checks"]
    said = [message for verdict in checks for message in verdict.values()]
    assert said
    for message in said:
        assert not JARGON.search(message), message
        assert not re.search(r"\{\w+\}", message), message
        assert message[:1].isupper(), message
    everything = checks[-1]
    assert everything == {
        "summary": "Vul een samenvatting in",
        "themes": "Kies minstens één thema",
        "kind": "Kies wat voor instrument het is",
        "links": "Geef elke link een titel, bijvoorbeeld Verslag. Typ bij links het hele adres, met https:// "
                 "ervoor: bedoel je https://www.gent.be?"}
    # The help beside every field, too.
    for t in form["types"]:
        for f in t["fields"]:
            if not f.get("derived") and f["kind"] != "relation":
                assert not JARGON.search(f["help"]), (t["name"], f["name"], f["help"])
        assert not JARGON.search(t["prompt"]), t["prompt"]


def test_rewording_the_form_is_a_change_of_the_catalogue_only(form, lists):
    """Every message the form shows, reworded in the person voice to name fields by their label:
    the form says the new words, every placeholder filled in; its script is unchanged."""
    reworded = {name: text.replace("`{key}`", "{label}").replace("`{start}`", "{startLabel}")
                .replace("`{before}`", "{beforeLabel}").replace("`{first}`", "{firstLabel}")
                for name, text in templates(FORM_MESSAGES, person=False).items()}
    cases = []
    for number, (_case, type_name, changes, _fields) in enumerate(BAD):
        values = {**GOOD[type_name], **changes}
        cases.append((type_name, values, f"{slugify(values['title'])}-{number}"))
    checks = node({**form, "messages": reworded}, lists, checks=cases)["checks"]
    said = [message for verdict in checks for message in verdict.values()]
    assert said and not [m for m in said if re.search(r"\{\w+\}", m)], said
    missing = checks[[case[0] for case in BAD].index("missing summary")]
    assert missing["summary"] == "verplicht veld Samenvatting ontbreekt (Eén of twee zinnen gewone tekst, " \
                                 "hoogstens 300 tekens); voeg bv. `summary: Korte samenvatting in gewone " \
                                 "taal.` toe"
    order = checks[[case[0] for case in BAD].index("ended before started")]
    assert order["ended"] == "Beëindigd in (2012) ligt vóór Gestart in (2015)"
