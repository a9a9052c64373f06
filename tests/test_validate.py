"""Each rule of the content model: a failing case with its exact `path:line:column` and hint."""

from __future__ import annotations

import pytest

from harvest.content.loader import validate_tree
from helpers import VALID, entry, write_content


def problems_for(tmp_path, rel, text, extra=None, themes=None):
    files = {**VALID, **(extra or {}), rel: text}
    kwargs = {} if themes is None else {"themes": themes}
    content = write_content(str(tmp_path), files, **kwargs)
    _, problems = validate_tree(content)
    return [f"{p.path.split('content/', 1)[1]}:{p.line}:{p.column}: {p.message}" for p in problems]


def only(tmp_path, rel, text, **kwargs):
    found = problems_for(tmp_path, rel, text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def test_starter_files_of_the_tests_are_valid(tmp_path):
    assert problems_for(tmp_path, "tools/extra.md", entry(kind="tool")) == []


# Each case: file, text, expected "line:column", a fragment of the message (the hint).
CASES = [
    ("unknown field with nearest name", "tools/t.md", entry(kind="tool", theme="x"),
     "tools/t.md:7:1", "onbekend veld `theme`; bedoel je `themes`?"),
    ("field of another type", "tools/t.md", entry(kind="tool", stage="lopend"),
     "tools/t.md:7:1", "`stage` hoort bij `projects`, niet bij tools"),
    ("missing required field", "projects/p.md", entry(),
     "projects/p.md:1:1", "verplicht veld `stage` ontbreekt"),
    ("missing title", "tools/t.md",
     "---\nsummary: s\nthemes: [participatie]\ndate: 2024-01-01\nkind: tool\n---\n",
     "tools/t.md:1:1", "verplicht veld `title` ontbreekt"),
    ("empty required value", "tools/t.md", entry(summary="", kind="tool"),
     "tools/t.md:3:9", "`summary` is leeg"),
    ("summary too long", "tools/t.md", entry(summary="x" * 301, kind="tool"),
     "tools/t.md:3:10", "301 tekens lang; houd het op hoogstens 300"),
    ("summary with html", "tools/t.md", entry(summary="Een <b>vette</b> tekst", kind="tool"),
     "tools/t.md:3:10", "gewone tekst: laat HTML-tags weg"),
    ("enum value misspelt", "practices/p.md", entry(kind="verrijkende-misluking"),
     "practices/p.md:6:7", "bedoel je `verrijkende-mislukking`?"),
    ("stage misspelt", "projects/p.md", entry(stage="lopen"),
     "projects/p.md:6:8", "onbekende waarde `lopen`; bedoel je `lopend`?"),
    ("role misspelt in list", "experts/e.md", entry(roles="[coach, inspiratr]"),
     "experts/e.md:6:16", "onbekende waarde `inspiratr` in `roles`; bedoel je `inspirator`?"),
    ("roles empty", "experts/e.md", entry(roles="[]"),
     "experts/e.md:6:8", "`roles` is een lege lijst"),
    ("region unknown", "tools/t.md", entry(kind="tool", region="vlaandren"),
     "tools/t.md:7:9", "bedoel je `vlaanderen`?"),
    ("unknown theme", "tools/t.md", entry(kind="tool", themes="[participatie, innovatiekultuur]"),
     "tools/t.md:4:24", "onbekend thema `innovatiekultuur`; bedoel je `innovatiecultuur`?"),
    ("no themes", "tools/t.md", entry(kind="tool", themes="[]"),
     "tools/t.md:4:9", "`themes` is een lege lijst"),
    ("theme twice", "tools/t.md", entry(kind="tool", themes="[participatie, participatie]"),
     "tools/t.md:4:24", "`themes` noemt `participatie` twee keer"),
    ("date format", "tools/t.md", entry(kind="tool", date="20-11-2017"),
     "tools/t.md:5:7", "moet een datum JJJJ-MM-DD zijn"),
    ("date that does not exist", "tools/t.md", entry(kind="tool", date="2023-02-30"),
     "tools/t.md:5:7", "geen bestaande datum"),
    ("updated before date", "tools/t.md", entry(kind="tool", updated="2020-01-01"),
     "tools/t.md:7:10", "`updated` (2020-01-01) ligt vóór `date` (2024-05-01)"),
    ("ended before started", "projects/p.md", entry(stage="afgerond", started=2019, ended=2017),
     "projects/p.md:8:8", "`ended` (2017) ligt vóór `started` (2019)"),
    ("year as time (YAML 1.1 sexagesimal)", "projects/p.md", entry(stage="lopend", started="12:30"),
     "projects/p.md:7:10", "`started` moet een jaartal zijn, bv. `started: 2019`, niet `12:30`"),
    ("year quoted", "knowledge/k.md", entry(kind="model", year='"2018"'),
     "knowledge/k.md:7:7", "moet een jaartal zijn"),
    ("year out of range", "knowledge/k.md", entry(kind="model", year=20018),
     "knowledge/k.md:7:7", "tussen 1000 en 2100"),
    ("url without scheme", "organisations/o.md", entry(kind="fonds", website="www.aeno.nl"),
     "organisations/o.md:7:10", "bedoel je `https://www.aeno.nl`?"),
    ("source address without scheme", "tools/t.md", entry(kind="tool", source="www.kl.nl/verslag"),
     "tools/t.md:7:9", "bedoel je `https://www.kl.nl/verslag`?"),
    ("source address malformed", "tools/t.md", entry(kind="tool", source="https//kl.nl/verslag"),
     "tools/t.md:7:9", "`source` moet een volledig webadres zijn"),
    ("source without title", "tools/t.md", entry(kind="tool", source="{publisher: Kennisland}"),
     "tools/t.md:7:9", "deze bron mist `title`"),
    ("source part misspelt", "tools/t.md", entry(kind="tool", source="{title: Verslag, publsher: KL}"),
     "tools/t.md:7:26", "onbekend veld `publsher` in een bron; bedoel je `publisher`?"),
    ("source address in a group", "tools/t.md", entry(kind="tool", source="{title: V, url: ftp://a.be}"),
     "tools/t.md:7:25", "`url` moet een volledig webadres zijn"),
    ("source title not text", "tools/t.md", entry(kind="tool", source="{title: [a, b]}"),
     "tools/t.md:7:17", "`title` moet tekst zijn"),
    ("source neither address, title nor group", "tools/t.md", entry(kind="tool", source="[[a]]"),
     "tools/t.md:7:10", "een bron is een webadres (https://…), de titel van de tekst, of een groep"),
    ("source an empty list", "tools/t.md", entry(kind="tool", source="[]"),
     "tools/t.md:7:9", "`source` is een lege lijst"),
    ("email", "experts/e.md", entry(roles="[coach]", email="menno.haagsebeek.nl"),
     "experts/e.md:7:8", "geen e-mailadres"),
    ("isbn check digit", "knowledge/k.md", entry(kind="literatuur", isbn="978-90-1234-567-0"),
     "knowledge/k.md:7:7", "controlecijfer"),
    ("isbn form", "knowledge/k.md", entry(kind="literatuur", isbn="ISBN"),
     "knowledge/k.md:7:7", "geen ISBN"),
    ("link without url", "tools/t.md", entry(kind="tool", links="[{title: Verslag}]"),
     "tools/t.md:7:9", "deze link mist `url`"),
    ("link url", "tools/t.md", entry(kind="tool", links="[{title: V, url: ftp://a.be}]"),
     "tools/t.md:7:25", "volledig webadres"),
    ("status", "tools/t.md", entry(kind="tool", status="concept"),
     "tools/t.md:7:9", "kies uit `published` of `draft`"),
    ("list expected", "knowledge/k.md", entry(kind="model", authors="{naam: X}"),
     "knowledge/k.md:7:10", "`authors` moet een lijst zijn"),
    ("relation target missing", "tools/t.md", entry(kind="tool", experts="[menno-spaans]"),
     "tools/t.md:7:11", "`menno-spaans` bestaat niet in content/experts/; bedoel je `menno-spaan`?"),
    ("relation to itself", "tools/t.md", entry(kind="tool", tools="[t]"),
     "tools/t.md:7:9", "verwijst naar zichzelf"),
    ("relation twice in a list", "tools/t.md", entry(kind="tool", experts="[menno-spaan, menno-spaan]"),
     "tools/t.md:7:24", "`experts` noemt `menno-spaan` twee keer"),
    ("relation stated on both sides", "tools/t.md", entry(kind="tool", projects="[spring-uit-de-band]"),
     None, None),  # checked below: the other side must state it too
    ("slug of the file name", "tools/Mijn_Tool.md", entry(kind="tool"),
     "tools/Mijn_Tool.md:1:1", "bv. `mijn-tool.md`"),
    ("duplicate key", "tools/t.md", entry(kind="tool") .replace("kind: tool", "kind: tool\nkind: werkvorm"),
     "tools/t.md:7:1", "veld `kind` staat hier voor de tweede keer (eerst op regel 6)"),
]


@pytest.mark.parametrize("name,rel,text,where,hint", [c for c in CASES if c[3]],
                         ids=[c[0] for c in CASES if c[3]])
def test_each_rule(tmp_path, name, rel, text, where, hint):
    problem = only(tmp_path, rel, text)
    assert problem.startswith(where + ": "), problem
    assert hint in problem, problem


def test_link_with_misspelt_key(tmp_path):
    found = problems_for(tmp_path, "tools/t.md", entry(kind="tool", links="[{title: V, ulr: 'https://a.be'}]"))
    assert found == ["tools/t.md:7:9: deze link mist `url`; een link heeft `title` en `url`",
                     "tools/t.md:7:20: onbekend veld `ulr` in een link; bedoel je `url`? "
                     "(een link heeft `title` en `url`)"]


def test_relation_stated_on_both_sides(tmp_path):
    found = problems_for(tmp_path, "tools/t.md", entry(kind="tool", projects="[spring-uit-de-band]"), extra={
        "projects/spring-uit-de-band.md": entry("Spring Uit De Band", stage="afgerond", tools="[t]")})
    assert len(found) == 1, found
    assert found[0].startswith("tools/t.md:7:12: de relatie met `spring-uit-de-band` staat al in ")


def test_unknown_type_folder(tmp_path):
    found = only(tmp_path, "projcts/x.md", entry(stage="idee"))
    assert found == "projcts/x.md:1:1: de map `projcts` is geen soort inzending; bedoel je `projects`?"


def test_five_problems_in_one_file_are_all_reported(tmp_path):
    text = entry(title="Vijf fouten", summary="Korte tekst.", themes="[participatie, innovatiekultuur]",
                 date="2024-13-01", kind="werkvrom", duratoin="2 uur", url="www.example.org")
    found = problems_for(tmp_path, "tools/vijf.md", text)
    assert [f.split(": ", 1)[0] for f in found] == [
        "tools/vijf.md:4:24", "tools/vijf.md:5:7", "tools/vijf.md:6:7", "tools/vijf.md:7:1",
        "tools/vijf.md:8:6"], found


def test_problems_in_every_file_in_one_run(tmp_path):
    found = problems_for(tmp_path, "tools/a.md", entry(kind="x"), extra={
        "tools/b.md": entry(kind="tool", region="mars"), "experts/c.md": entry()})
    assert {f.split(":", 1)[0] for f in found} == {"tools/a.md", "tools/b.md", "experts/c.md"}


def test_themes_file_is_checked(tmp_path):
    themes = ("- slug: innovatiecultuur\n  title: Innovatiecultuur\n  description: d\n"
              "- slug: Participatie\n  titel: P\n")
    found = problems_for(tmp_path, "tools/t.md", entry(kind="tool"), themes=themes)
    assert any(f.startswith("themes.yml:4:9: `Participatie` is geen geldige slug") for f in found)
    assert any(f.startswith("themes.yml:5:3: onbekend veld `titel`; bedoel je `title`?") for f in found)


@pytest.mark.parametrize("source", [
    "https://www.kl.nl/nieuws/loskomen-van-de-tekentafel-op-het-slimmernetwerk-grandcafe/",
    "Begroting 2020 van de gemeente Meierijstad",  # a title in words
    "{title: 'Begroting 2020: Innovatie', publisher: Gemeente Meierijstad}",
    "{title: Loskomen van de tekentafel, publisher: Kennisland, url: 'https://www.kl.nl/nieuws/x/'}",
    "[https://www.kl.nl/nieuws/x/, {title: Spring Uit De Band, publisher: Vlaamse overheid}]",
])
def test_a_source_is_an_address_a_title_a_group_or_a_list_of_those(tmp_path, source):
    assert problems_for(tmp_path, "tools/t.md", entry(kind="tool", source=source)) == []


def test_make_validate_asks_every_entry_that_is_not_a_draft_for_its_source(tmp_path):
    """Issue 25: the build shows an entry without a source (a preview of work in progress); `make
    validate` (sources=True), the gate of every pull request, asks for one, drafts excepted."""
    content = write_content(str(tmp_path), {
        **VALID,
        "tools/zonder.md": entry(kind="tool"),
        "tools/leeg.md": entry(kind="tool", source=""),
        "tools/concept.md": entry(kind="tool", status="draft"),
    })
    assert validate_tree(content)[1] == []
    problems = [f"{p.path.split('content/', 1)[1]}:{p.line}:{p.column}" for p in
                validate_tree(content, sources=True)[1]]
    assert problems == ["tools/leeg.md:7:1", "tools/zonder.md:7:1"]
    messages = [p.message for p in validate_tree(content, sources=True)[1]]
    assert messages[0].startswith("`source` is leeg; vul het in (Waar de feiten vandaan komen")
    assert messages[1].startswith("verplicht veld `source` ontbreekt (Waar de feiten vandaan komen")


def test_an_event_from_a_report_may_lack_a_place_an_announcement_may_not(tmp_path):
    """Issue 25: a report may not say where an event was; an event that had begun before the day it
    was added (`date`) needs no city or online address. One added before it happens does."""
    past = entry(kind="workshop", date="2026-11-30", starts="2017-11-13", ends="2017-11-17")
    assert problems_for(tmp_path, "events/e.md", past) == []
    coming = entry(kind="workshop", date="2026-11-30", starts="2026-12-10 14:00")
    assert "een bijeenkomst heeft `city` of `online` of beide" in only(tmp_path, "events/e.md", coming)
