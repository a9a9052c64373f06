"""One lunr index over the published entries, written as small files a browser loads on demand.

The whole index (lunr's own JSON) is cut into pieces that together say exactly what it says:
- `meta.json`: fields, search pipeline, the type of every document, and the first term of every
  shard (the term list, sorted, cut into contiguous ranges of about SHARD_BYTES);
- `s<n>.json`: one range of terms, each with its global term index (as the field vectors number
  terms) and, per field, the documents that hold it with the term's weight in that field vector;
- `d<n>.json` (the store, store.py): what one result shows.
lunr scores a field as queryVector.dot(fieldVector) / |queryVector|, and the dot product touches
only the query's terms, so an index assembled from the shards of the query's terms (search-index.js)
scores every document exactly as the whole index does.
"""

from __future__ import annotations

import html.parser
import json
import re
from collections import defaultdict

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.index import Index
from lunr.token import Token
from lunr.token_set import TokenSet
from lunr.tokenizer import SEPARATOR_CHARS

from harvest import model as m

from .pipeline import normalise_space, use_dutch

# Field name -> boost: a word in a title outweighs the same word in a summary, names or body.
FIELDS = {"title": 10, "summary": 4, "names": 3, "themes": 2, "labels": 2, "body": 1}
SHARD_BYTES = 24_000  # raw JSON per shard; a query for one word loads one or two of them
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


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup or "")
    parser.close()
    return " ".join(normalise_space("".join(parser.parts)).split())


def _details(entry) -> list[str]:
    """The entry's own facts as a page shows them: lessons, durations, years, region, links."""
    data, parts = entry.data, []
    for f in entry.entry_type.fields:
        # Addresses are not words; kinds, stages and roles are in `labels`, authors in `names`.
        if f.name not in data or f.kind in (m.URL, m.EMAIL, m.CHOICE, m.CHOICES) or f.name == "authors":
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


def document(entry, ref: str, themes: dict) -> dict:
    data = entry.data
    names = [e.title for t in ("organisations", "experts", "projects")
             for e in entry.related.get(t, ())]
    names += data.get("authors", []) + data.get("contributors", [])
    labels = [entry.entry_type.label, entry.entry_type.plural]
    if entry.kind_label != entry.entry_type.label:
        labels.append(entry.kind_label)
    body = " ".join([html_text(entry.content), *_details(entry)])
    return {
        "ref": ref,
        "title": normalise_space(data["title"]),
        "summary": normalise_space(data["summary"]),
        "names": normalise_space(" · ".join(names)),
        "themes": normalise_space(" · ".join(themes[s]["title"] for s in data["themes"] if s in themes)),
        "labels": " · ".join(labels),
        "body": normalise_space(body),
    }


_SEPARATORS = re.compile("[" + re.escape(SEPARATOR_CHARS) + "]+")


class _Builder(Builder):
    """lunr's Builder with the same bookkeeping in `add`, but each distinct word goes through the
    pipeline once: lunr.py's per-character tokenizer and per-token pipeline took most of a build.
    Valid because every function of our pipeline maps one word to at most one term, and no token
    metadata is kept (the metadata whitelist is empty)."""

    def add(self, doc, attributes=None):
        assert not self.metadata_whitelist
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        terms_of = self._terms_of
        for field_name in self._fields:
            value = doc[field_name]
            words = [w for w in _SEPARATORS.split(str(value).lower()) if w] if value is not None else []
            terms = [t for t in map(terms_of, words) if t is not None]
            field_ref = str(FieldRef(doc_ref, field_name))
            field_terms = defaultdict(int)
            self.field_term_frequencies[field_ref] = field_terms
            self.field_lengths[field_ref] = len(terms)
            for term in terms:
                field_terms[term] += 1
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name].setdefault(doc_ref, defaultdict(list))

    def _terms_of(self, word: str):
        cache = self.__dict__.setdefault("_term_cache", {})
        if word not in cache:
            tokens = self.pipeline.run([Token(word, {})])
            cache[word] = str(tokens[0]) if tokens else None
        return cache[word]


def build_index(documents: list[dict]) -> Index:
    builder = _Builder()
    use_dutch(builder)
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    if not documents:  # lunr's builder divides by the number of documents
        return Index(inverted_index={}, field_vectors={}, token_set=TokenSet.from_list([]),
                     fields=list(FIELDS), pipeline=builder.search_pipeline)
    for doc in documents:
        builder.add(doc)
    return builder.build()


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")  # JavaScript compares strings by UTF-16 code units


def shards(serialized: dict, shard_bytes: int = SHARD_BYTES) -> tuple[list[str], list[dict]]:
    """Cut the serialised index into term ranges. Returns (first term of each shard, shards).

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
