"""The index built with lunr.py is read by lunr.js 2.3.9 + lunr.nl exactly: the same words give the
same terms, the same queries the same documents in the same order; and the index the search page
assembles from the parts a query needs answers exactly as the whole one does."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from lunr.exceptions import QueryParseError
from lunr.index import Index
from lunr.tokenizer import Tokenizer

from harvest_search import generator
from harvest_search.pipeline import normalise_space, use_dutch  # also registers the pipeline
from helpers import ROOT
from search_support import build_search_site

QUERIES = [
    # inflections: one stem for the forms readers type
    "gemeenten", "gemeente", "gemeentelijke", "innoveren", "innovatief", "innovatieve", "leren",
    "lessen", "organisaties", "werkvormen", "fouten", "burgers", "professionals", "verenigingen",
    # diacritics, with and without
    "coöperatie", "cooperatie", "ideeën", "ideeen", "café", "cafe", "geëvalueerd", "geevalueerd",
    "één", "reünie", "reunie",
    # digits
    "2013", "2024", "2021", "312", "21",
    # loanwords ending in y or x, and words lunr.py's own trimmer would cut short
    "privacy", "hobby", "hobbyclubs", "index", "inbox", "fax", "xerox", "linkedin",
    # prefixes and wildcards
    "innov*", "gemeent*", "priv*", "*tie", "in*tie",
    # fields, presence, boosts, fuzzy
    "title:innovatie", "title:slimmernetwerk", "summary:gemeente", "body:privacy", "names:spaan",
    "themes:participatie", "labels:werkvorm",
    "innovatie -meierijstad", "slimmernetwerk -grand", "+innovatie +gemeente", "-innovatie",
    "innovatie^10 overheid", "innovatei~1", "gemeemte~1", "innov* -gemeente", "title:innov* privacy",
    "-gemeente -innovatie", "+privacy~1 hobby",
    # several words, punctuation, stop words
    "verrijkende mislukking", "spring uit de band", "burgers participatie zorg",
    "privacy?", "(2024)", "coöperatie,", "de", "het innoveren", "Menno Spaan", "KENNISLAND",
    # not a valid query: both sides must refuse it
    "title:",
]


# Words whose stem differs from them early: a doubled vowel (maan -> man), a doubled consonant at
# the end (ette -> et), -heden -> -heid, accents (één, ÄÖ), y and i between vowels, İ (two letters
# in lower case), digits, punctuation around and inside.
RAW_WORDS = ["Maan", "maan", "boom", "brood", "ette", "Mogelijkheden", "(café)", "Één", "één", "zeeën",
             "İstanbul", "ÄäÖöÜü", "áé", "y", "Yoghurt", "ijs", "IJsland", "huisjes", "aa", "kk", "oo",
             "Gemeentes,", "2024", "(2024)", "’s", "“innovatie”", "…", "co-op", "geëvalueerd", "A", "é",
             "ideeën.", "reünie?", "baan", "tuin", "ee", "uu", "kraaien", "beëindigd", "über", "Ünal", "íó",
             "úü", "ïö", "ëä", "óf", "Éénmalig"]


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    output = build_search_site(tmp_path_factory)
    zoeken = os.path.join(output, "zoeken")
    docs_dir = os.path.join(zoeken, "index", "d")
    words = set("privacy, index. hobby's (2019) xerox! coöperatie ideeën “quote” -dash- café’s".split())
    for name in os.listdir(docs_dir):
        with open(os.path.join(docs_dir, name), encoding="utf-8") as fh:
            doc = json.load(fh)
        for text in (doc["t"], doc["s"], doc["b"]):
            words.update(str(t) for t in Tokenizer(normalise_space(text)))
    words = sorted(words)
    # As the search page cuts a record's text into words to mark (search.js, words()): case, accents
    # and punctuation kept; with words the Dutch stemmer changes most near their start.
    raw = set(RAW_WORDS)
    for name in os.listdir(docs_dir):
        with open(os.path.join(docs_dir, name), encoding="utf-8") as fh:
            doc = json.load(fh)
        for text in (doc["t"], doc["s"], doc["b"]):
            raw.update(re.findall(r"[^\s\-]+", text))
    # search-index.js as the browser runs it: lean, in the engine (harvest_search/generator.py).
    source = os.path.join(ROOT, "themes", "oogst", "static", "js", "search-index.js")
    with open(source, encoding="utf-8") as fh:
        lean = tmp_path_factory.mktemp("lean") / "search-index.js"
        lean.write_text(generator.lean(fh.read()), encoding="utf-8")
    job = {"zoeken": zoeken, "queries": QUERIES, "words": words, "rawWords": sorted(raw),
           "searchIndexJs": str(lean)}
    run = subprocess.run(["node", os.path.join(ROOT, "tests", "search_node.js")], input=json.dumps(job),
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    with open(os.path.join(zoeken, "index", "lunr.json"), encoding="utf-8") as fh:
        whole = Index.load(fh.read())
    return {"js": json.loads(run.stdout), "py": whole, "words": words, "raw": sorted(raw)}


def python_results(index, query):
    try:
        return [[r["ref"], r["score"]] for r in index.search(query)]
    except QueryParseError:
        return {"error": "QueryParseError"}


def test_enough_queries_of_every_kind():
    assert len(QUERIES) >= 40
    for needle in ("*", "title:", "-", "~", "ë", "2024", "privacy", "index"):
        assert any(needle in q for q in QUERIES), needle


def test_every_word_is_processed_as_lunr_nl_processes_it(compared):
    js, words = compared["js"], compared["words"]
    from lunr.builder import Builder
    from lunr.pipeline import Pipeline

    builder = Builder()
    use_dutch(builder)
    index_py, search_py = [], []
    for word in words:
        tokens = Tokenizer(word)
        terms = builder.pipeline.run(tokens) if len(tokens) == 1 else None
        index_py.append((str(terms[0]) if terms else None) if terms is not None else f"?{len(tokens)}")
        search_py.append(builder.search_pipeline.run_string(word.lower())[0])
    assert len(words) > 1000
    assert [w for w, a, b in zip(words, index_py, js["index"]) if a != b] == []
    assert [w for w, a, b in zip(words, search_py, js["search"]) if a != b] == []
    assert js["pipeline"] == ["trimmer-nl", "stemmer-nl"] == Pipeline.load(js["pipeline"]).serialize()


def test_a_word_that_starts_otherwise_has_no_term_that_starts_so(compared):
    # search.js stems only the words of a result whose start (termStart, without the stemmer) is
    # that of a term the result matched: exact only if every term of a word starts as it reckons.
    js, raw = compared["js"], compared["raw"]
    assert len(raw) > 1000
    wrong = [(w, terms, start) for w, terms, start in zip(raw, js["rawTerms"], js["rawStarts"])
             if start is None or any(term[:2] != start for term in terms)]
    assert wrong == []
    # Not a shortcut that never applies: most words are ruled out by their start.
    assert sum(bool(terms) for terms in js["rawTerms"]) > 1000


def test_lunr_js_returns_what_lunr_py_returns(compared):
    js, index = compared["js"], compared["py"]
    found = 0
    for query, js_results in zip(QUERIES, js["whole"]):
        py_results = python_results(index, query)
        if isinstance(py_results, dict) or isinstance(js_results, dict):
            assert py_results == js_results, query
            continue
        assert [r for r, _ in js_results] == [r for r, _ in py_results], query
        assert [s for _, s in js_results] == pytest.approx([s for _, s in py_results], abs=1e-9), query
        found += bool(py_results)
    assert found >= 50, "most queries must find something, or the comparison proves little"


def test_the_assembled_index_equals_the_whole_one(compared):
    js = compared["js"]
    # Exactly: same documents, same order, same scores, on a first search and with a warm cache.
    assert js["sharded"] == js["whole"]
    assert js["shardedWarm"] == js["whole"]
    assert js["totalShards"] > 3


def test_a_plain_query_loads_only_its_own_shards(compared):
    js = compared["js"]
    loaded = dict(zip(QUERIES, js["shardsLoaded"]))
    assert loaded["privacy"] == 1
    assert loaded["verrijkende mislukking"] <= 2
    assert loaded["innov*"] < js["totalShards"]
    assert loaded["gemeemte~1"] == js["totalShards"]  # fuzzy terms may start anywhere


def test_hard_cases_find_the_right_entries(compared):
    index = compared["py"]

    def titles(query):
        return {r["ref"] for r in index.search(query)}
    assert titles("coöperatie") == titles("cooperatie") != set()
    assert titles("ideeën") == titles("ideeen") != set()
    for word in ("privacy", "hobby", "index", "xerox", "2024", "312"):
        assert titles(word), word
    assert titles("gemeenten") == titles("gemeente")
