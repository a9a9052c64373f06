"""One lunr index over the published entries, written as small files a browser loads on demand.

The whole index (lunr's own JSON) is cut into pieces that together say exactly what it says:
- `meta.json`: fields, search pipeline, the type of every document, and the first term of every
  shard (the term list, sorted, cut into contiguous ranges of about SHARD_BYTES);
- `s<n>.json`: one range of terms, each with its global term index (as the field vectors number
  terms) and, per field, the documents that hold it with the term's weight in that field vector;
- `d<n>.json` (the store, store.py): what one result shows;
- `version.json`: meta.json's version alone, which the search page (it holds meta.json) checks.
lunr scores a field as queryVector.dot(fieldVector) / |queryVector|, and the dot product touches
only the query's terms, so an index assembled from the shards of the query's terms (search-index.js)
scores every document exactly as the whole index does.
"""

from __future__ import annotations

import gc
import html
import html.parser
import json
import math
import re
from collections import Counter, defaultdict, deque
from fractions import Fraction
from itertools import chain, islice, repeat
from json.encoder import encode_basestring
from operator import sub
from types import SimpleNamespace

from lunr import __TARGET_JS_VERSION__
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.tokenizer import SEPARATOR_CHARS
from lunr.utils import as_string

from harvest.model import types as m

from .pipeline import index_term, normalise_space, use_dutch

# Field name -> boost: a word in a title outweighs the same word in a summary, names or body.
FIELDS = {"title": 10, "summary": 4, "names": 3, "themes": 2, "labels": 2, "body": 1}
# Raw JSON per shard; a query for one word loads one or two of them. On a phone's network the
# shards share the line with the page's script: at 12,000 rather than 24,000 a two-word search
# showed its first results ~5 % sooner (bench/search_bench.py, 1,000 entries), in fewer bytes.
SHARD_BYTES = 12_000
FORMAT = 1  # bumped when the files change shape, so search-index.js can refuse old ones

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "br", "div",
          "blockquote", "pre", "tr", "section", "article", "figcaption", "hr"}


class _Text(html.parser.HTMLParser):
    """The words a reader sees in the body HTML, with blocks kept apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append(" ")
        for name, value in attrs:
            if name in ("alt", "title") and value:  # also read out to screen-reader users
                self.parts.append(f" {value} ")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


# A tag as nh3 writes it: lower-case name, attributes space-separated and double-quoted.
_TAG = re.compile(r'<(?:([a-zA-Z][a-zA-Z0-9]*)((?: [a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)'
                  r'|/([a-zA-Z][a-zA-Z0-9]*))>')
_ATTR = re.compile(r' ([^ =]+)(?:="([^"]*)")?')
# Elements whose content html.parser does not read as text (it would not unescape it, say).
_RAW = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
        "noscript", "plaintext"}


def _parsed_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _text(markup: str) -> str:
    """What _Text collects, read with one regular expression: html.parser took a fifth of the
    index build. Anything but plain tags and text (a comment, `<br/>`, a `<` in the text, script)
    goes to html.parser, so both always agree."""
    pieces = _TAG.split(markup)  # text, (start tag, attributes, end tag, text)*
    unescape = html.unescape
    text = pieces[0]
    if "<" in text:
        return _parsed_text(markup)
    parts = [unescape(text) if "&" in text else text]
    for i in range(1, len(pieces), 4):
        start, attributes, end, text = pieces[i:i + 4]
        if start is not None:
            tag = start.lower()
            if tag in _RAW:
                return _parsed_text(markup)
            if tag in BLOCKS:
                parts.append(" ")
            if attributes:
                for name, value in _ATTR.findall(attributes):
                    if value and name.lower() in ("alt", "title"):
                        parts.append(f" {unescape(value)} ")
        elif end.lower() in BLOCKS:
            parts.append(" ")
        if "<" in text:
            return _parsed_text(markup)
        parts.append(unescape(text) if "&" in text else text)
    return "".join(parts)


def html_text(markup: str) -> str:
    # " ".join(normalise_space(text).split()): U+FEFF is the one space of lunr.js's that is not
    # Python's whitespace.
    return " ".join(_text(markup or "").replace("\ufeff", " ").split())


def _details(entry) -> list[str]:
    """The entry's own facts as a page shows them: lessons, durations, years, region, links."""
    data, parts = entry.data, []
    for f in entry.entry_type.fields:
        # The model says where each field goes: addresses are not words; kinds, stages and roles
        # are in `labels`, authors in `names`.
        if f.name not in data or f.search_field != "text":
            continue
        value = data[f.name]
        if isinstance(value, list):
            parts.extend(str(v) for v in value)
        else:
            parts.append(str(value))
    if "region" in data:
        parts.append(m.REGIONS[data["region"]])
    parts.extend(link["title"] for link in data.get("links", ()))
    return parts


def names_of(entry) -> str:
    """The `names` field: the titles of the named entries it is linked to, then its own names."""
    data = entry.data
    names = [e.title for t in m.TYPES.values() if t.named for e in entry.related.get(t.name, ())]
    names += [name for f in (*entry.entry_type.fields, m.CONTRIBUTORS) if f.search_field == "names"
              for name in data.get(f.name, ())]
    return normalise_space(" · ".join(names))


def document(entry, ref: str, themes: dict, names: str | None = None, content: str | None = None) -> dict:
    """The entry's search document. `names` (names_of) and `content` (its body HTML) when known
    already: a process apart makes the rest before the relations are linked (apart.py)."""
    data = entry.data
    labels = [entry.entry_type.label, entry.entry_type.plural]
    if entry.kind_label != entry.entry_type.label:
        labels.append(entry.kind_label)
    # normalise_space(" ".join([html_text(...), *details])), but html_text is normal already and
    # ends in a word, so only the details need looking at.
    body, details = html_text(entry.content if content is None else content), _details(entry)
    if details:
        body += normalise_space(" " + " ".join(details))
    return {
        "ref": ref,
        "title": normalise_space(data["title"]),
        "summary": normalise_space(data["summary"]),
        "names": names_of(entry) if names is None else names,
        "themes": normalise_space(" · ".join(themes[s]["title"] for s in data["themes"] if s in themes)),
        "labels": " · ".join(labels),
        "body": body,
    }


# The pipelines `use_dutch` gives a lunr Builder: the index's terms come from index_term, which
# does what this index pipeline does, and its search pipeline goes into the index.
_DUTCH = SimpleNamespace(pipeline=Pipeline(), search_pipeline=Pipeline())
use_dutch(_DUTCH)
assert _DUTCH.pipeline.serialize() == ["trimmer-nl", "stopWordFilter-nl", "stemmer-nl"]  # index_term's
SEARCH_PIPELINE = _DUTCH.search_pipeline.serialize()
_K1, _B = 1.2, 0.75  # lunr's defaults, which lunr.js's Builder uses too
_OTHER_SEPARATORS = SEPARATOR_CHARS.replace(" ", "")  # lunr's tokenizer splits on these and " "
_NO_TERMS: tuple = ((), (), 0)
_NEAR_HALF = 0.5 - 1e-6

# For the live preview's rebuilds, kept in the build state's SearchMemo: word -> term ("" if not
# indexed), and field text -> its terms in order of first occurrence, their frequencies and the
# field's length. Each value depends on its key alone, so neither is ever stale. The field memo
# keeps only what the latest build used; the vocabulary is emptied if it grows past _WORDS_MAX.
class _Vocabulary(dict):
    """word -> its term, "" if the pipeline drops it; each distinct word goes through the
    pipeline once, as that took most of lunr.py's build."""

    def __missing__(self, word: str) -> str:
        term = self[word] = index_term(word) or ""
        return term


_WORDS_MAX = 500_000


def _count(words: list[str], vocabulary: _Vocabulary) -> tuple:
    """(terms in order of first occurrence, their frequencies, number of terms) of `words`."""
    frequencies = Counter(map(vocabulary.__getitem__, words))  # keeps first occurrences in order
    dropped = frequencies.pop("", 0)
    try:
        counts = bytes(frequencies.values())  # an eighth of a tuple's memory, kept by the memo
    except ValueError:
        counts = tuple(frequencies.values())
    return tuple(frequencies), counts, len(words) - dropped


def _words(text: str) -> list[str]:
    """lunr's Tokenizer, but "" where two separators meet (its terms are the same: "" is none)."""
    text = text.lower()
    for separator in _OTHER_SEPARATORS:
        if separator in text:
            text = text.replace(separator, " ")
    return text.split(" ")


def _field_terms(value, memo: dict, previous: dict, vocabulary: _Vocabulary) -> tuple:
    """What lunr's Tokenizer and our pipeline make of a field value, as _count returns it."""
    if value is None:
        return _NO_TERMS
    if isinstance(value, (list, tuple)):  # lunr's Tokenizer keeps list items whole
        return _count([as_string(v).lower() for v in value], vocabulary)
    text = value if type(value) is str else str(value)
    found = memo.get(text)
    if found is None:
        found = previous.get(text)
        if found is None:
            found = _count(_words(text), vocabulary)
        memo[text] = found
    return found


def field_terms(documents: list[dict], kept) -> list[list[tuple]]:
    """Per document, per field: what _field_terms gives (the same object while the text is the
    same), served by and kept in `kept` (the build state's SearchMemo) as SearchIndex does."""
    vocabulary = kept.words if kept.words is not None else _Vocabulary()
    if len(vocabulary) > _WORDS_MAX:
        vocabulary.clear()
    previous, memo = kept.fields, {}
    fields = list(FIELDS)
    found = [[_field_terms(doc[name], memo, previous, vocabulary) for name in fields] for doc in documents]
    kept.words, kept.fields = vocabulary, memo
    return found


_exhaust = deque(maxlen=0).extend  # runs an iterator of calls at C speed


def _separated(texts):
    """`texts` with "," between them, as pieces of one join: no joined copy of their own."""
    return islice(chain.from_iterable(zip(repeat(","), texts)), 1, None)


class _Strings(dict):
    """value -> its text, made once: a harvest has few distinct weights and numbers."""

    def __init__(self, text):
        super().__init__()
        self.text = text

    def __missing__(self, value):
        text = self[value] = self.text(value)
        return text


class SearchIndex:
    """lunr.py's index of `documents` (dicts with "ref" and the FIELDS), computed directly: the
    serialised JSON is byte for byte what `Builder().build().serialize()` gives with our pipeline
    and json.dumps(ensure_ascii=False, separators=(",", ":")), and the shards are cut from the
    same numbers. lunr.py's Builder kept a dict per term per field per document and a Vector
    with binary-search inserts per field: most of a build's time and memory.

    `lunr_json` is the whole index as text; `shards()` cuts it up (see the module docstring)."""

    def __init__(self, documents: list[dict], memo=None, whole: bool = True):
        """`memo`: the build state's SearchMemo, whose vocabulary and field memo serve this build
        and keep what it read for the next (the live preview); none: a one-off index. Without
        `whole`, only the shards are made where they can be (refs 0, 1, 2…), and `lunr_json` is
        None: the field vectors and the inverted index as lunr writes them are the build's
        largest objects, and the site's search reads only the shards."""
        self.memo, self.whole = memo, whole
        # The build makes tens of thousands of lists and tuples that live till its end, none in
        # a cycle: the cyclic collector would only walk the site's whole heap, again and again.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(documents)
        finally:
            if enabled:
                gc.enable()

    def _build(self, documents: list[dict]) -> None:
        fields = self.fields = list(FIELDS)
        boosts = list(FIELDS.values())
        self.pipeline = _DUTCH.search_pipeline.serialize()
        refs = [str(doc["ref"]) for doc in documents]
        if len(set(refs)) != len(refs):
            raise ValueError("Elk document van de zoekindex heeft een eigen ref nodig.")
        kept = self.memo
        vocabulary = kept.words if kept is not None and kept.words is not None else _Vocabulary()
        if len(vocabulary) > _WORDS_MAX:
            vocabulary.clear()
        previous, memo = kept.fields if kept is not None else {}, {}
        n = len(documents)

        # Pass 1, document by document and field by field as lunr's Builder.add: number the
        # terms in order of first occurrence; per field and term, the documents holding the term
        # (in document order), each followed by the term's frequency there; per field, each
        # document's length.
        term_ids: dict[str, int] = {}
        terms: list[str] = []
        holders = [defaultdict(list) for _ in fields]
        lengths = [[0] * n for _ in fields]
        for d, doc in enumerate(documents):
            for f, name in enumerate(fields):
                names, counts, length = _field_terms(doc[name], memo, previous, vocabulary)
                if not names:
                    continue
                lengths[f][d] = length
                ids = list(map(term_ids.get, names))
                if None in ids:
                    for i, t in enumerate(ids):
                        if t is None:
                            ids[i] = term_ids[names[i]] = len(terms)
                            terms.append(names[i])
                _exhaust(map(list.extend, map(holders[f].__getitem__, ids), zip(repeat(d), counts)))
        if kept is not None:
            kept.words, kept.fields = vocabulary, memo

        # Pass 2, term by term: lunr's BM25 weights (lunr/builder.py, idf.py), in its order of
        # operations. lunr writes round(score, 3), which is correctly rounded: the double nearest
        # to N/1000, N being the exact score*1000 rounded half to even; the shards hold N.
        # round(score, 3) cost more than all the rest of a weight, so N is taken as
        # round(score * 1000), whose product is off by at most 2**-23 below 2**30: right unless
        # it lies within that of a half, which is checked (then N is computed exactly).
        k1, b, k1_plus_1 = _K1, _B, _K1 + 1
        norms = []
        for field_lengths in lengths:
            average = sum(field_lengths) / n if n else 0  # lunr: total length / documents
            norms.append([k1 * (1 - b + b * (length / average)) for length in field_lengths]
                         if average else field_lengths)
        with_term = [0] * len(terms)
        for per_term in holders:
            for t, held in per_term.items():
                with_term[t] += len(held) // 2
        idf = [math.log(1 + abs((n - w + 0.5) / (w + 0.5))) for w in with_term]
        exact = not idf or max(idf) * k1_plus_1 * max(map(abs, boosts)) * 1000 < 2 ** 30
        numbers = _Strings(str)  # json writes ints and floats as str and repr do
        weights = _Strings(lambda thousandths: repr(thousandths / 1000))
        keys = [encode_basestring(ref) + ":{}" for ref in refs]
        heads = [encode_basestring(field) + ":{" for field in fields]
        try:  # the shards number documents by ref, ascending: here, in document order
            in_order = [int(ref) for ref in refs] == list(range(n))
        except ValueError:
            in_order = False
        positions = list(map(str, range(n)))
        whole = self.whole or not in_order  # shards() cuts the shards from the whole otherwise
        # Per field and document: the field vector's texts (only for the whole index).
        items = [[[] for _ in range(n)] for _ in fields] if whole else None
        inverted, rows = [], []  # per term, by term index
        for t, term in enumerate(terms):
            idf_t, index_text = idf[t], str(t)
            in_fields, row = [], []
            for f, head in enumerate(heads):
                held = holders[f].pop(t, None)
                if held is None:
                    if whole:
                        in_fields.append(head + "}")
                    row.append("[]")
                    continue
                docs, tfs = held[0::2], held[1::2]
                norm, boost = norms[f], boosts[f]
                scaled = [idf_t * (k1_plus_1 * tf) / (norm[d] + tf) * boost * 1000
                          for d, tf in zip(docs, tfs)]
                thousandths = list(map(float.__round__, scaled))  # round(), without its lookup
                if not exact or max(map(abs, map(sub, scaled, thousandths))) > _NEAR_HALF:
                    thousandths = [
                        r if exact and abs(m - r) <= _NEAR_HALF
                        else round(Fraction(idf_t * (k1_plus_1 * tf) / (norm[d] + tf) * boost) * 1000)
                        for d, tf, m, r in zip(docs, tfs, scaled, thousandths)]
                if whole:  # terms come in index order, so each field vector grows in lunr's order
                    _exhaust(map(list.extend, map(items[f].__getitem__, docs),
                                  zip(repeat(index_text), map(weights.__getitem__, thousandths))))
                    in_fields.append(head + ",".join(map(keys.__getitem__, docs)) + "}")
                if in_order:
                    flat = [""] * (2 * len(docs))
                    flat[0::2] = map(positions.__getitem__, map(sub, docs, [0, *docs[:-1]]))
                    flat[1::2] = map(numbers.__getitem__, thousandths)
                    row.append(f"[{','.join(flat)}]")
            text = encode_basestring(term)
            if whole:
                inverted.append(f'[{text},{{{",".join(in_fields)},"_index":{t}}}]')
            rows.append(f"[{text},{t},[{','.join(row)}]]" if in_order else None)
        del holders
        self._rows = list(zip(terms, rows)) if in_order else None
        if not whole:
            self.lunr_json = None
            return

        # The field vectors in lunr's order (document by document, field by field), then the
        # inverted index by term (Python's string order): per field the documents holding the
        # term (each with lunr's empty metadata), then the term index. The file is joined once,
        # from the pieces: they and the whole are the build's largest objects.
        vectors = []
        for d, ref in enumerate(refs):
            ref_text = encode_basestring(ref)[1:]
            for f, field in enumerate(fields):
                vectors.append(f'[{encode_basestring(field + "/")[:-1]}{ref_text},[{",".join(items[f][d])}]]')
                items[f][d] = None
        del items
        self.lunr_json = "".join(chain(
            ('{"version":', encode_basestring(__TARGET_JS_VERSION__),
             ',"fields":[', ",".join(map(encode_basestring, fields)), '],"fieldVectors":['),
            _separated(vectors),
            ('],"invertedIndex":[',),
            _separated(map(inverted.__getitem__, map(term_ids.__getitem__, sorted(terms)))),
            ('],"pipeline":[', ",".join(map(encode_basestring, self.pipeline)), "]}")))

    def shards(self, shard_bytes: int = SHARD_BYTES) -> tuple[list[str], list[str]]:
        """(first term of each shard, each shard's JSON text): what shards(serialised index)
        returns, the shards already dumped."""
        if self._rows is None:  # refs other than 0, 1, 2...: the plain way
            firsts, parts = shards(json.loads(self.lunr_json), shard_bytes)
            return firsts, [json.dumps(part, ensure_ascii=False, separators=(",", ":")) for part in parts]
        return cut(sorted(self._rows, key=lambda term_row: _utf16(term_row[0])), shard_bytes)


def build_index(documents: list[dict]) -> Index:
    """The index lunr.py's Builder makes of `documents`, to query in Python."""
    return Index.load(SearchIndex(documents).lunr_json)


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")  # JavaScript compares strings by UTF-16 code units


def shards(serialized: dict, shard_bytes: int = SHARD_BYTES) -> tuple[list[str], list[dict]]:
    """Cut the serialised index into term ranges. Returns (first term of each shard, shards).
    The build uses SearchIndex.shards, which writes the same; this states it plainly (tests).

    A shard: {"t": [[term, termIndex, [per field: [docDelta, weight*1000, ...]]], ...]}; doc ids
    ascend within a field and are stored as differences, weights as integers (lunr rounds them
    to three decimals, and n/1000 in JavaScript is the same double as the decimal it came from)."""
    fields = serialized["fields"]
    weights: dict[str, dict[int, float]] = {}
    for field_ref, elements in serialized["fieldVectors"]:
        weights[field_ref] = dict(zip(elements[0::2], elements[1::2]))
    rows = []
    for term, posting in sorted(serialized["invertedIndex"], key=lambda tp: _utf16(tp[0])):
        index = posting["_index"]
        per_field = []
        for field in fields:
            flat, previous = [], 0
            for ref in sorted(posting[field], key=int):
                doc = int(ref)
                flat += [doc - previous, round(weights[f"{field}/{ref}"][index] * 1000)]
                previous = doc
            per_field.append(flat)
        rows.append([term, index, per_field])
    firsts, out, current, size = [], [], [], 0
    for row in rows:
        row_size = len(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
        if current and size + row_size > shard_bytes:
            out.append({"t": current})
            current, size = [], 0
        if not current:
            firsts.append(row[0])
        current.append(row)
        size += row_size + 1
    if current or not out:
        out.append({"t": current})
        if not firsts:
            firsts.append("")
    return firsts, out


def cut(rows, shard_bytes: int) -> tuple[list[str], list[str]]:
    """(term, its JSON row) in the index's order, cut into shards of about `shard_bytes`: the first
    term of each shard and each shard's JSON text. The whole index and the incremental one cut alike."""
    firsts, out, current, size = [], [], [], 0
    for term, row in rows:
        if current and size + len(row) > shard_bytes:
            out.append(current)
            current, size = [], 0
        if not current:
            firsts.append(term)
        current.append(row)
        size += len(row) + 1
    if current or not out:
        out.append(current)
        if not firsts:
            firsts.append("")
    return firsts, ['{"t":[' + ",".join(part) + "]}" for part in out]
