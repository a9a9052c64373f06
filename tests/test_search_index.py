"""The search index plugin: the Dutch pipeline, what is indexed and how it ranks, the files it
writes, and the search page and header box without JavaScript."""

from __future__ import annotations

import filecmp
import json
import os
import re

import pytest
from lunr.index import Index
from lunr.tokenizer import Tokenizer

from harvest_search import index as search_index
from harvest_search import pipeline
from helpers import ROOT, VALID, build, entry, read, write_content


def node_source(name: str) -> str:
    with open(os.path.join(ROOT, "node_modules", "lunr-languages", name), encoding="utf-8") as fh:
        return fh.read()


def test_word_characters_and_stop_words_are_lunr_nl_s():
    source = node_source("lunr.nl.js")
    chars = re.search(r'lunr\.nl\.wordCharacters = "([^"]+)"', source).group(1)
    assert chars.encode().decode("unicode_escape") == pipeline.WORD_CHARACTERS
    words = re.search(r"lunr\.nl\.stopWordFilter = lunr\.generateStopWordFilter\('([^']+)'", source).group(1)
    assert frozenset(words.split()) == pipeline.STOP_WORDS
    assert '"0-9"' in node_source("lunr.stemmer.support.js")  # its trimmer keeps digits too


@pytest.mark.parametrize("word, term", [
    ("privacy", "privacy"), ("index", "index"), ("hobby", "hobby"), ("xerox.", "xerox"),
    ("(2019),", "2019"), ("coöperatie", "cooperatie"), ("cooperatie", "cooperatie"),
    ("ideeën;", "ideeen"), ("“gemeenten”", "gemeent"), ("gemeente", "gemeent"), ("21ste", "21ste"),
])
def test_the_index_keeps_what_lunr_js_will_ask_for(word, term):
    assert pipeline.stem(pipeline.trim(word.lower())) == term


def test_stop_words_and_bare_punctuation_are_not_indexed():
    idx = search_index.build_index([{"ref": "0", "title": "De kracht van — het", "summary": "",
                                     "names": "", "themes": "", "labels": "", "body": ""}])
    assert sorted(idx.inverted_index) == ["kracht"]


def doc(ref, **fields):
    return {"ref": ref, "title": "", "summary": "", "names": "", "themes": "", "labels": "", "body": "",
            **fields}


def test_a_title_match_outranks_a_body_match():
    body = "Over zonnepanelen op daken. " + "Gewone tekst over van alles. " * 30
    idx = search_index.build_index([
        doc("0", title="Een verslag", body=body + " zonnepanelen zonnepanelen"),
        doc("1", title="Zonnepanelen op het stadhuis", body="Gewone tekst over van alles. " * 30),
        doc("2", title="Iets anders", summary="Een samenvatting over zonnepanelen."),
    ])
    assert [r["ref"] for r in idx.search("zonnepanelen")] == ["1", "2", "0"]


def test_an_empty_harvest_has_an_empty_index_that_loads():
    from harvest_search.generator import search_files

    files = search_files([], {})
    meta = json.loads(files["zoeken/index/meta.json"])
    assert meta["docs"] == [] and meta["shards"] == [""]
    assert json.loads(files["zoeken/index/s/0.json"]) == {"t": []}
    assert Index.load(files["zoeken/index/lunr.json"]).search("innovatie") == []


def test_html_text_keeps_blocks_apart_and_reads_alt_text():
    text = search_index.html_text('<p>een<br>twee</p><p><img alt="foto van raad">drie&amp;vier</p>')
    assert text == "een twee foto van raad drie&vier"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    base = tmp_path_factory.mktemp("small")
    files = dict(VALID)
    files["tools/diagnose-innovatie.md"] = entry(
        "Diagnose innovatie", kind="werkvorm", duration="halve dag", experts="[menno-spaan]",
        body="Een workshop die pas na de pauze over subsidieregelingen gaat.")
    files["practices/fouten-maken-mag.md"] = entry(
        "Fouten maken mag", kind="verrijkende-mislukking", projects="[spring-uit-de-band]",
        lessons="[Vraag vooraf naar verwachtingen]")
    content = write_content(str(base), files)
    output = str(base / "output")
    build(content, output)
    return content, output


def load(output, rel):
    with open(os.path.join(output, "zoeken", "index", rel), encoding="utf-8") as fh:
        return json.load(fh)


def test_every_word_of_every_entry_is_findable(small):
    _, output = small
    idx = Index.load(load(output, "lunr.json"))
    meta = load(output, "meta.json")
    missing = []
    for ref in range(len(meta["docs"])):
        record = load(output, f"d/{ref}.json")
        text = pipeline.normalise_space(" ".join((record["t"], record["s"], record["b"])))
        for word in {str(t) for t in Tokenizer(text)}:
            q = idx.create_query()
            q.term(word, use_pipeline=True)
            trimmed = pipeline.trim(word)
            if trimmed and trimmed not in pipeline.STOP_WORDS and str(ref) not in {
                    r["ref"] for r in idx.query(q)}:
                missing.append((ref, word))
    assert missing == []


def test_relations_labels_themes_and_facts_are_searchable(small):
    _, output = small
    idx = Index.load(load(output, "lunr.json"))
    meta = load(output, "meta.json")
    titles = {str(i): load(output, f"d/{i}.json")["t"] for i in range(len(meta["docs"]))}

    def found(query):
        return {titles[r["ref"]] for r in idx.search(query)}

    assert "Diagnose innovatie" in found("names:spaan")  # the expert it names
    assert "Van indammen naar laten stromen" in found("names:menno")  # authors
    assert "Diagnose innovatie" in found("labels:werkvorm") & found("labels:instrument")
    assert "Diagnose innovatie" in found("themes:innovatiecultuur")
    assert "Diagnose innovatie" in found("subsidieregelingen") & found("halve")
    assert "Fouten maken mag" in found("verwachtingen")
    assert "Spring Uit De Band" in found("2012")


def test_files_the_page_needs(small):
    content, output = small
    meta = load(output, "meta.json")
    assert meta["pipeline"] == ["trimmer-nl", "stemmer-nl"]
    assert meta["fields"] == list(search_index.FIELDS)
    assert len(meta["docs"]) == 6
    assert meta["shards"][0] == min(t for t, _ in load(output, "lunr.json")["invertedIndex"])
    assert [t["name"] for t in meta["types"]][meta["docs"][0]] == "projects"
    record = load(output, "d/0.json")
    assert record["u"] == "projecten/spring-uit-de-band/" and record["y"] == "projects"
    for name, parts in {"lunr.min.js": ("lunr", "lunr.min.js"),
                        "lunr.nl.js": ("lunr-languages", "min", "lunr.nl.min.js"),
                        "lunr.stemmer.support.js": ("lunr-languages", "min",
                                                    "lunr.stemmer.support.min.js")}.items():
        assert filecmp.cmp(os.path.join(output, "zoeken", "lunr", name),
                           os.path.join(ROOT, "node_modules", *parts), shallow=False)
    assert os.path.exists(os.path.join(output, "theme", "js", "search.js"))
    assert os.path.exists(os.path.join(output, "theme", "js", "search-index.js"))


def test_the_build_is_reproducible(small, tmp_path):
    content, output = small
    again = str(tmp_path / "output")
    build(content, again)
    left, right = os.path.join(output, "zoeken"), os.path.join(again, "zoeken")
    names = sorted(os.path.relpath(os.path.join(d, f), left) for d, _, fs in os.walk(left) for f in fs)
    assert names == sorted(os.path.relpath(os.path.join(d, f), right) for d, _, fs in os.walk(right)
                           for f in fs)
    assert all(filecmp.cmp(os.path.join(left, n), os.path.join(right, n), shallow=False) for n in names)


def test_search_page_without_javascript(small):
    _, output = small
    page = read(output, "zoeken/index.html")
    assert '<form class="search-page" role="search"' in page
    assert '<label for="zoekvraag">' in page and 'name="q"' in page
    noscript = page[page.index("<noscript>"):page.index("</noscript>")]
    assert "Zoeken werkt alleen met JavaScript" in noscript
    assert re.search(r'href="[^"]*/ervaringen/"', noscript) and re.search(r'href="[^"]*/themas/"', noscript)
    # The header's box is there too, mirroring the page's (search.js); both landmarks are named.
    header = page[page.index('<header class="site">'):page.index("</header>")]
    assert 'aria-label="Zoeken op de site"' in header and "data-search " not in header
    assert 'class="search-page" role="search" aria-label="Zoeken in de oogst"' in page
    main = page[page.index("<main"):page.index("</main>")]
    assert "data-search-results" in main
    assert "<script>" not in page and "onclick" not in page  # no inline scripts (CSP)


def test_every_page_has_a_search_box_in_its_header(small):
    _, output = small
    for rel in ("index.html", "projecten/index.html", "ervaringen/fouten-maken-mag/index.html",
                "themas/index.html"):
        page = read(output, rel)
        header = page[page.index('<header class="site">'):page.index("</header>")]
        assert 'role="search"' in header and 'method="get"' in header, rel
        assert re.search(r'action="[^"]*zoeken/"', header), rel
        assert '<label for="zoek">Zoeken</label>' in header and 'id="zoek" name="q"' in header, rel
        assert re.search(r'<script src="[^"]*theme/js/search\.js" defer></script>', page), rel
        assert "lunr" not in page, rel  # the index and lunr.js load only when someone searches


def test_the_fast_builder_writes_exactly_what_lunrs_own_builder_writes():
    import json
    import random

    from lunr.builder import Builder

    from harvest_search import index as ix
    from harvest_search.pipeline import use_dutch

    rng = random.Random(7)
    words = ("Gemeentes innoveren coöperatie cooperatie privacy index hobby Één 2020, covid-19 "
             "e-mail x\u00a0y 'quote' — de het van burgers samenwerking ideeën reëel").split(" ")
    docs = [{"ref": str(i), **{f: " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
                               for f in ix.FIELDS}} for i in range(120)]
    docs[3]["names"] = None
    stock = Builder()
    use_dutch(stock)
    stock.ref("ref")
    for name, boost in ix.FIELDS.items():
        stock.field(name, boost=boost)
    for doc in docs:
        stock.add(doc)
    expected = json.dumps(stock.build().serialize(), sort_keys=True)
    assert json.dumps(ix.build_index(docs).serialize(), sort_keys=True) == expected
