"""The search index plugin: the Dutch pipeline, what is indexed and how it ranks, the files it
writes, and the search page and header box without JavaScript."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess

import pytest
from lunr.index import Index
from lunr.tokenizer import Tokenizer

from harvest_search import generator, pipeline
from harvest_search import index as search_index
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

    files = search_files([], {}, whole=True)
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
    build(content, output, SEARCH_WHOLE_INDEX=True)  # the whole index, to check the parts by
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
    # The search page's scripts: the engine, then every other page's scripts, all lean.
    with open(os.path.join(output, "zoeken", "lunr", "zoeken.js"), encoding="utf-8") as fh:
        page_script = fh.read()
    for name in ("lunr.min.js", "lunr.nl.js"):
        with open(os.path.join(output, "zoeken", "lunr", name), encoding="utf-8") as fh:
            assert fh.read() in page_script
    for name in ("search-index.js", "search-begin.js", "search.js", "menu.js"):
        with open(os.path.join(ROOT, "themes", "oogst", "static", "js", name), encoding="utf-8") as fh:
            assert generator.lean(fh.read()) in page_script


def test_lean_scripts_keep_their_code(tmp_path):
    """rjsmin drops comments and white space only: strings and regular expressions that look
    like comments stay, and every script the search files carry still parses."""
    script = """/* A comment
     * over lines. */
    (function () {
      // a comment line
      var url = "http://example.org/*x*/"; // after code
      var re = /[^\\s]+\\/\\//g;
      if (url) { return re; }
    }());
    """
    assert generator.lean(script) == (
        '(function(){var url="http://example.org/*x*/";var re=/[^\\s]+\\/\\//g;if(url){return re;}}());\n')
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js ontbreekt (nodig om de scripts te laten ontleden)")
    for name in ("search-index.js", "search-begin.js", "search.js", "menu.js", "search-early.js"):
        with open(os.path.join(ROOT, "themes", "oogst", "static", "js", name), encoding="utf-8") as fh:
            (tmp_path / name).write_text(generator.lean(fh.read()), encoding="utf-8")
        subprocess.run([node, "--check", str(tmp_path / name)], check=True, timeout=60)


def test_the_build_is_reproducible(small, tmp_path):
    content, output = small
    again = str(tmp_path / "output")
    build(content, again, SEARCH_WHOLE_INDEX=True)
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
    # One search box: the page's own; the header has none here.
    header = page[page.index('<header class="site">'):page.index("</header>")]
    assert "site-search" not in header and page.count('type="search"') == 1
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


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # as lunr.json is written


def stock_lunr_json(docs) -> str:
    """What lunr.py's own Builder writes for `docs`, with our pipeline and fields."""
    from lunr.builder import Builder

    stock = Builder()
    pipeline.use_dutch(stock)
    stock.ref("ref")
    for name, boost in search_index.FIELDS.items():
        stock.field(name, boost=boost)
    for doc in docs:
        stock.add(doc)
    return dumps(stock.build().serialize())


# Dutch-ish words with what the tokenizer and pipeline must get right: case, diacritics, digits,
# hyphens, no-break and other spaces, punctuation alone or around words, stop words, repeats, and
# terms that JavaScript (UTF-16) and Python (code points) sort differently.
WORDS = ("Gemeentes gemeente gemeenten innoveren Innovatie coöperatie cooperatie privacy index hobby "
         "Één 2020, covid-19 e-mail x\u00a0y 'quote' — de het van en burgers samenwerking ideeën reëel "
         "café’s (2019) “gemeenten” ! - -- a\tb regel\nregel 21ste Zeeuws-Vlaanderen x\uff41y "
         "x\U0001d49cy").split(" ")


def random_docs(seed: int, count: int, longest: int) -> list[dict]:
    import random

    rng = random.Random(seed)

    def word():  # mostly the words above, else a new one: thousands of terms and weights
        if rng.random() < 0.7:
            return rng.choice(WORDS)
        return "".join(rng.choice("aeioulnrstgdëé") for _ in range(rng.randint(2, 9)))

    docs = []
    for i in range(count):
        doc = {"ref": str(i)}
        for field in search_index.FIELDS:
            roll = rng.random()
            if roll < 0.05:
                doc[field] = None
            elif roll < 0.12:
                doc[field] = rng.choice(["", " ", "de het", "—"])
            else:
                doc[field] = " ".join(word() for _ in range(rng.randint(1, longest)))
        docs.append(doc)
    return docs


@pytest.mark.parametrize("seed, count, longest", [(7, 120, 40), (8, 1, 60), (9, 40, 700), (10, 300, 12)])
def test_the_fast_builder_writes_exactly_what_lunrs_own_builder_writes(seed, count, longest):
    docs = random_docs(seed, count, longest)
    if count > 3:
        docs[3]["names"] = None
        docs[2]["body"] = " ".join(["samenwerking"] * 300 + ["burgers"] * 3)  # one word, many times
        docs[1]["labels"] = 2024  # lunr's tokenizer reads anything as str(value)
        docs[0]["themes"] = ["Twee woorden", "", "Participatie"]  # ...and list items whole
    expected = stock_lunr_json(docs)
    index = search_index.SearchIndex(docs)
    assert index.lunr_json == expected  # byte for byte, key order too
    assert dumps(search_index.build_index(docs).serialize()) == expected
    # The site's build makes only the shards: the same as cut from the whole index.
    assert search_index.SearchIndex(docs, whole=False).shards() == index.shards()
    assert search_index.SearchIndex(docs, whole=False).lunr_json is None
    refs = [dict(doc, ref=str(len(docs) - i)) for i, doc in enumerate(docs)]  # not 0, 1, 2...: from the whole
    assert search_index.SearchIndex(refs, whole=False).shards() == search_index.SearchIndex(refs).shards()


def test_the_weights_stay_exact_where_score_times_1000_lies_near_a_half(monkeypatch):
    # Treat every weight as one whose product with 1000 might have been rounded across a half:
    # the exact path (Fraction) must write what lunr writes too.
    docs = random_docs(11, 60, 50)
    monkeypatch.setattr(search_index, "_NEAR_HALF", 0.0)
    assert search_index.SearchIndex(docs).lunr_json == stock_lunr_json(docs)


def test_an_empty_index_is_lunrs_empty_index():
    index = search_index.SearchIndex([])
    assert json.loads(index.lunr_json) == {"version": "2.3.9", "fields": list(search_index.FIELDS),
                                           "fieldVectors": [], "invertedIndex": [],
                                           "pipeline": ["trimmer-nl", "stemmer-nl"]}
    assert index.shards() == ([""], ['{"t":[]}'])


@pytest.mark.parametrize("shard_bytes", [search_index.SHARD_BYTES, 400, 1])
def test_the_shards_are_cut_from_the_index_as_lunr_json_says(shard_bytes):
    docs = random_docs(12, 150, 80)
    index = search_index.SearchIndex(docs)
    firsts, parts = search_index.shards(json.loads(index.lunr_json), shard_bytes)
    assert index.shards(shard_bytes) == (firsts, [dumps(part) for part in parts])


def test_shards_of_documents_whose_refs_are_not_in_order():
    docs = random_docs(13, 30, 20)
    for doc, ref in zip(docs, [7, 3, 12, 0, 41, 5] + list(range(100, 124))):
        doc["ref"] = str(ref)
    index = search_index.SearchIndex(docs)
    assert index.lunr_json == stock_lunr_json(docs)
    firsts, parts = search_index.shards(json.loads(index.lunr_json), 300)
    assert index.shards(300) == (firsts, [dumps(part) for part in parts])


def test_a_rebuild_in_the_same_process_writes_what_a_fresh_build_writes():
    from harvest.state import SearchMemo

    def fresh(docs):
        return search_index.SearchIndex(docs).lunr_json  # no memo: nothing remembered

    memo = SearchMemo()  # what a build state keeps between the preview's builds
    before = random_docs(14, 80, 60)
    after = [dict(doc) for doc in before]
    # The changed entry brings new words and drops others, so term numbers shift after it.
    after[5]["title"] = "Volkomen nieuwe woorden: zonnepanelen, warmtenet, 2031"
    after[5]["body"] = after[5]["body"].replace("privacy", "")
    expected = fresh(after)
    assert expected == stock_lunr_json(after)
    search_index.SearchIndex(before, memo)
    assert search_index.SearchIndex(after, memo).lunr_json == expected  # warm: the memo serves it
    assert search_index.SearchIndex(before, memo).lunr_json == fresh(before)
    # The memo keeps what the latest build read, nothing older.
    search_index.SearchIndex(after, memo)
    texts = {doc[f] for doc in after for f in search_index.FIELDS if isinstance(doc[f], str)}
    assert set(memo.fields) == texts


def test_index_term_is_what_the_index_pipeline_makes_of_a_word():
    from lunr.pipeline import Pipeline
    from lunr.token import Token

    index_pipeline = Pipeline()
    index_pipeline.add(pipeline.trimmer_nl, pipeline.stop_word_filter_nl, pipeline.stemmer_nl)
    words = {w.lower() for w in WORDS} | {"", "-", "de", "het'", "‘zo’", "gemeentelijke", "ééN"}
    for word in words:
        tokens = index_pipeline.run([Token(word, {})])
        assert pipeline.index_term(word) == (str(tokens[0]) if tokens else None), word


def test_odd_spaces_are_every_space_normalise_space_replaces_but_the_plain_one():
    import sys

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if pipeline.JS_WHITESPACE.fullmatch(chr(c))}
    assert spaces - {" "} == set(pipeline.ODD_SPACES)
    for text in ("a b", "a  b", " a\tb ", "a\u00a0\u00a0b", "\ufeffa", "a\u2028b c", "", " ", "x \n y"):
        for long in (text, "woord " * 100 + text, text + " woord" * 100):  # short and long texts
            assert pipeline.normalise_space(long) == pipeline.JS_WHITESPACE.sub(" ", long)


@pytest.mark.parametrize("markup", [
    '<p>een<br>twee</p><p><img alt="foto &amp; raad" title="t">drie&amp;vier&nbsp;vijf</p>',
    '<h2 id="x">Kop</h2>\n<ul>\n<li>een</li>\n<li><a href="https://x.nl/?a=1&amp;b=2" title="link">twee</a>'
    '</li>\n</ul>',
    '<P>Hoofd<B>letters</B></P><DIV TITLE="groot">x</DIV>',
    '<p>a<!-- opmerking -->b</p>', '<p>a<br/>b</p>', '<p>a < b &lt; c</p>', '<script>x &amp; y</script>z',
    '<p>&copy2024 &#233;&#xe9; &amp</p>', '<abbr title="">x</abbr><img alt>', 'platte tekst', '',
    '<p>\ufeff x</p>', '<img alt="a < b" title="&quot;c&quot;">',
    '<table><tr><td>a</td><td>b</td></tr></table><blockquote>c</blockquote><pre><code>d  e</code></pre>',
    '<img alt="a > b" src="x.png">', "<p class='x'>enkel</p>", '<p data-x=1>los</p>', '<p>a</p >b',
])
def test_html_text_reads_as_html_parser_does(markup):
    parsed = search_index._parsed_text(markup)
    assert search_index._text(markup) == parsed
    assert search_index.html_text(markup) == " ".join(pipeline.normalise_space(parsed).split())


def test_html_text_reads_sanitised_markdown_as_html_parser_does():
    import random

    from harvest.content.markup import render

    rng = random.Random(3)
    pieces = ["tekst", "*nadruk*", "**sterk**", "[link](https://x.nl/a?b=1&c=2 \"titel\")",
              "![foto](x.png)", "`code`", "&amp;", "&", "<", ">", "café", "\u00a0", "a  b", "\n", "\n\n",
              "- punt\n", "# Kop\n", "> citaat\n", "1. een\n", "| a | b |\n|---|---|\n| c | d |\n",
              "<b>vet</b>", "<!-- x -->", "<script>alert(1)</script>", "[^1]\n\n[^1]: voetnoot\n", "***\n",
              "    code\n"]
    for _ in range(300):
        markup = render(" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))))
        assert search_index._text(markup) == search_index._parsed_text(markup), markup


def test_the_whole_index_is_written_only_when_asked(tmp_path):
    content = write_content(str(tmp_path), VALID)
    build(content, str(tmp_path / "output"))
    index = os.path.join(str(tmp_path / "output"), "zoeken", "index")
    assert os.path.exists(os.path.join(index, "meta.json"))
    assert not os.path.exists(os.path.join(index, "lunr.json"))
