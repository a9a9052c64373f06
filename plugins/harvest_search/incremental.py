"""The index's shards in a warm build (the live preview), updated for the documents that changed.

What it writes is byte for byte what index.SearchIndex.shards() writes for the same documents
(tests/test_search_incremental.py builds both after every edit); it keeps, per field and term,
the documents holding the term, their frequencies and weights, and each term's row of text.

An edit changes the postings of the edited document, the weight (idf) of the terms it gained or
lost, and each field's average length, which is in every weight of that field. The rounded
weight w = round(s) of a score s changes with the average only where s lies near a half: with
the document's length and the term's idf fixed, s moves by at most s * |avg / avg_ref - 1|
(its denominator k1 * (1 - b + b * len / avg) + tf moves by at most that share). So the full
build notes each weight's distance to the nearest half (`fragile`, where it is small), and an
update computes again exactly: every posting of a document edited since, every posting of a
term whose idf changed since, and the fragile ones the averages' largest drift since can reach
(a weight once recomputed may differ from its first value, so it stays among them). Past
FRAGILE_MAX of drift, or past MAX_DIRTY documents, it starts over (`build`).

Any weight computed with the current numbers is the full build's, so computing one again that did
not need it is harmless: the update works a term at a time (its fragile weights are noted sorted
by the drift they survive, so a drift reaches a prefix of them), in list comprehensions, and
computes all of a term's postings where most of them are due anyway."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from fractions import Fraction
from itertools import compress, repeat
from json.encoder import encode_basestring
from operator import ne, sub

from .index import cut

FRAGILE_MAX = 1e-2  # the most relative drift of a field's average an update follows
FRAGILE_BUDGET = 50_000  # ... and less where more weights than about twice this would be fragile
SLOP = 1e-6  # thousandths: floating-point error in a score is far below this
MAX_DIRTY = 64  # documents edited since the full build that an update keeps recomputing
MAX_DIRTY_TERMS = 4000  # terms whose idf changed since, likewise
# Postings per chunk of a term's text in a field: an edit that changes weights alone makes again the
# chunks that hold them, not the whole text (a common word is in thousands of documents).
CHUNK = 64
_K1, _B = 1.2, 0.75
_K1_PLUS_1 = _K1 + 1
_NEAR_HALF = 0.5 - 1e-6


def _chunk(docs: list, weights: list, c: int) -> str:
    """Postings c * CHUNK up to (c + 1) * CHUNK of a term in a field, as its row holds them."""
    lo = c * CHUNK
    hi = min(lo + CHUNK, len(docs))
    here = docs[lo:hi]
    flat = [""] * (2 * (hi - lo))
    flat[0::2] = map(str, map(sub, here, [docs[lo - 1] if lo else 0, *here[:-1]]))
    flat[1::2] = map(str, weights[lo:hi])
    return ",".join(flat)


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be")


class Shards:
    """The shards of one index, kept between builds: `build` from scratch, `update` after edits;
    both return (first term of each shard, each shard's JSON text)."""

    def __init__(self, boosts: list, shard_bytes: int):
        self.boosts, self.shard_bytes = boosts, shard_bytes

    # ---- from scratch ----

    def build(self, field_terms: list) -> tuple[list[str], list[str]]:
        """`field_terms`: per document (ref = its position), per field, (terms in order of first
        occurrence, their frequencies, the field's length), as index._field_terms gives them."""
        fields = range(len(self.boosts))
        n = self.n = len(field_terms)
        self.ft = list(field_terms)
        self.first: dict[str, tuple] = {}  # term -> (doc, field, position) of its first occurrence
        self.postings = [{} for _ in fields]  # per field: term -> [docs, frequencies, weights]
        self.lengths = [[0] * n for _ in fields]
        self.df: dict[str, int] = {}  # term -> (document, field) pairs holding it
        first, df = self.first, self.df
        for d, row in enumerate(field_terms):
            for f, (names, counts, length) in enumerate(row):
                if not names:
                    continue
                self.lengths[f][d] = length
                held = self.postings[f]
                for pos, (term, tf) in enumerate(zip(names, counts)):
                    if term not in first:
                        first[term] = (d, f, pos)
                    p = held.get(term)
                    if p is None:
                        held[term] = [[d], [tf], None]
                    else:
                        p[0].append(d)
                        p[1].append(tf)
                    df[term] = df.get(term, 0) + 1
        self.totals = [sum(lengths) for lengths in self.lengths]
        self.reference = [self._average(f) for f in fields]  # the averages `fragile` was noted at
        self.reach = [0.0 for _ in fields]  # the largest drift from them an update followed
        self.idf = {t: self._idf(w) for t, w in df.items()}
        self.exact = self._exact()
        # Per field and term: the drifts its fragile weights survive (ascending), and their documents.
        self.fragile: list[dict] = [{} for _ in fields]
        # How far each field's average may drift before a full build: as far as keeps about
        # FRAGILE_BUDGET weights to watch (a weight s is fragile for a drift D where it lies within
        # D * s of a half, so about 2 * D * (the sum of the field's s) of them are).
        self.fragile_max = []
        for f in fields:
            norm, boost = self._norms(f), self.boosts[f]
            total = sum(self.idf[term] * (_K1_PLUS_1 * tf) / (norm[d] + tf) * boost * 1000
                        for term, p in self.postings[f].items() for d, tf in zip(p[0], p[1]))
            self.fragile_max.append(min(FRAGILE_MAX, FRAGILE_BUDGET / total) if total else FRAGILE_MAX)
            reach, fragile_max = 0.5 - SLOP, self.fragile_max[f]
            noted = self.fragile[f]
            for term, p in self.postings[f].items():
                idf, docs = self.idf[term], p[0]
                # index.SearchIndex's weights, with the same operations in the same order.
                scaled = [idf * (_K1_PLUS_1 * tf) / (norm[d] + tf) * boost * 1000
                          for d, tf in zip(docs, p[1])]
                weights = p[2] = list(map(float.__round__, scaled))
                near = reach if self.exact else -1.0  # not exact: every weight the careful way
                edge = [i for i, (s, w) in enumerate(zip(scaled, weights))
                        if abs(s - w) > near - fragile_max * s]
                found: list = []
                for i in edge:  # near a half: exactly, and noted with the drift it survives
                    p[2][i] = self._weight(term, f, p[1][i], norm[docs[i]], found, docs[i])
                if found:  # by the drift they survive: an update takes those a drift reaches at once
                    found.sort()
                    noted[term] = ([s for s, _ in found], [d for _, d in found])
        self.dirty_docs: set = set()
        self.dirty_terms: set = set()
        self._number()
        self.order = sorted(first, key=_utf16)
        # Per term: its JSON string and each field's postings text, so that a term whose number
        # alone changed (a new term before it) is a concatenation, and an edit makes again only
        # the fields whose postings or weights changed.
        self.cells = {term: [encode_basestring(term), *map(self._cell, self.postings, repeat(term))]
                      for term in first}
        self.rows = {term: self._row(term) for term in first}
        return self._cut()

    # ---- after edits ----

    def update(self, field_terms: list) -> tuple[list[str], list[str]] | None:
        """The shards for `field_terms` (same number of documents), or None when a full build
        is due (then this object is stale: call `build`)."""
        n = self.n
        if len(field_terms) != n:
            return None
        ft = self.ft  # a document's row is the same object while it is unchanged: most are
        changed = [d for d, row in enumerate(field_terms) if row is not ft[d]
                   and any(a is not b for a, b in zip(row, ft[d]))]
        if not changed:
            return self._cut()
        if len(self.dirty_docs | set(changed)) > MAX_DIRTY or len(self.dirty_terms) > MAX_DIRTY_TERMS:
            return None
        # term -> {field: None (its postings changed) or the positions whose weight changed}
        touched: dict = {}
        moved: set = set()  # terms whose first occurrence may have moved
        idf_changed: set = set()
        for d in changed:
            for f, (new, old) in enumerate(zip(field_terms[d], self.ft[d])):
                if new is old:
                    continue
                before, after = dict(zip(old[0], old[1])), dict(zip(new[0], new[1]))
                held = self.postings[f]
                for term in before.keys() - after.keys():
                    p = held[term]
                    i = bisect_left(p[0], d)
                    del p[0][i], p[1][i], p[2][i]
                    if not p[0]:
                        del held[term]
                    self.df[term] -= 1
                    idf_changed.add(term)
                    touched.setdefault(term, {})[f] = None  # the postings after it move
                for term, tf in after.items():
                    p = held.get(term)
                    if p is None:
                        p = held[term] = [[], [], []]
                    i = bisect_left(p[0], d)
                    if i < len(p[0]) and p[0][i] == d:
                        p[1][i] = tf
                    else:
                        p[0].insert(i, d)
                        p[1].insert(i, tf)
                        p[2].insert(i, None)
                        self.df[term] = self.df.get(term, 0) + 1
                        idf_changed.add(term)
                        touched.setdefault(term, {})[f] = None
                # A posting that stays changes its weight at most: the weights below find it (the
                # document is among the dirty ones), and only its chunk is made again.
                moved.update(before, after)
                self.totals[f] += new[2] - self.lengths[f][d]
                self.lengths[f][d] = new[2]
            self.ft[d] = field_terms[d]
        self.dirty_docs.update(changed)
        for term in idf_changed:
            if self.df[term]:
                self.idf[term] = self._idf(self.df[term])
            else:
                del self.df[term], self.idf[term]
        self.dirty_terms |= idf_changed
        if self._exact() != self.exact:
            return None
        drift = []
        for f, reference in enumerate(self.reference):
            average = self._average(f)
            drift.append(abs(average / reference - 1) if reference else (0.0 if not average else math.inf))
        if any(d > most for d, most in zip(drift, self.fragile_max)):
            return None
        # A weight recomputed once may differ from its value at the reference: it is recomputed
        # as long as the drift it was reached by (the largest since the full build) holds.
        self.reach = [max(r, d) for r, d in zip(self.reach, drift)]

        # Weights, exactly, wherever they can have changed: per field, term -> the documents whose
        # weight to compute again (None: every posting). One computed again that did not change
        # stays as it was, so a document in more than one of these is harmless.
        again: list[dict] = [{} for _ in self.boosts]
        for term in self.dirty_terms:
            for f, held in enumerate(self.postings):
                if term in held:
                    again[f][term] = None
        for d in self.dirty_docs:
            for f, (names, _counts, _length) in enumerate(self.ft[d]):
                todo = again[f]
                for term in names:
                    docs = todo.setdefault(term, set())
                    if docs is not None:
                        docs.add(d)
        for f, reach in enumerate(self.reach):
            if reach:
                todo = again[f]
                for term, (survives, docs) in self.fragile[f].items():
                    k = bisect_right(survives, reach)
                    if k:
                        at = todo.setdefault(term, set())
                        if at is not None:
                            at.update(docs[:k])
        for f, todo in enumerate(again):
            if todo:
                self._weigh_again(f, todo, touched)
        # Terms gone, terms new, and the numbering by first occurrence.
        gone = {term for term in moved if term not in self.df}
        for term in gone:
            del self.first[term]
            self.rows.pop(term, None)
            self.cells.pop(term, None)
        renumber = bool(gone)
        lo, edited, positions = min(changed), set(changed), {}
        for term in moved - gone:
            known = self.first.get(term)
            if known is not None and known[0] < lo:
                continue  # first in a document before every edited one: that occurrence stays first
            # The first document holding it, the first field there; its place in that field's terms.
            d, f = min((p[0][0], f) for f, held in enumerate(self.postings) if (p := held.get(term)))
            names = self.ft[d][f][0]
            if d in edited:  # most of them: one look-up table per edited field, not a scan per term
                at = positions.get((d, f))
                if at is None:
                    at = positions[d, f] = {name: i for i, name in enumerate(names)}
                found = (d, f, at[term])
            else:
                found = (d, f, names.index(term))
            if known != found:
                self.first[term] = found
                renumber = True
        if renumber:
            before = self.ids
            self._number()
            renumbered = [t for t, i in self.ids.items() if before.get(t) != i]
        else:
            renumbered = ()
        if gone or moved - self.rows.keys():
            self.order = sorted(self.first, key=_utf16)
        for term, fields in touched.items():
            if term in gone:
                continue
            cells = self.cells.get(term)
            if cells is None:  # a new term
                self.cells[term] = [encode_basestring(term), *map(self._cell, self.postings, repeat(term))]
            else:
                for f, at in fields.items():
                    if at is None or cells[f + 1] is None:
                        cells[f + 1] = self._cell(self.postings[f], term)
                    else:  # weights alone: only the chunks that hold them
                        chunks, (docs, _, weights) = cells[f + 1], self.postings[f][term]
                        for c in {i // CHUNK for i in at}:
                            chunks[c] = _chunk(docs, weights, c)
            self.rows[term] = self._row(term)
        for term in renumbered:
            if term not in touched:
                self.rows[term] = self._row(term)
        return self._cut()

    # ---- the numbers, as index.SearchIndex computes them ----

    def _average(self, f: int) -> float:
        return self.totals[f] / self.n if self.n else 0

    def _norms(self, f: int) -> list:
        average = self._average(f)
        if not average:
            return self.lengths[f]
        return [_K1 * (1 - _B + _B * (length / average)) for length in self.lengths[f]]

    def _idf(self, with_term: int) -> float:
        n = self.n
        return math.log(1 + abs((n - with_term + 0.5) / (with_term + 0.5)))

    def _exact(self) -> bool:
        largest = max(self.idf.values(), default=0)
        return not self.idf or largest * _K1_PLUS_1 * max(map(abs, self.boosts)) * 1000 < 2 ** 30

    def _weight(self, term: str, f: int, tf: int, norm: float, noted: list | None = None,
                doc: int | None = None) -> int:
        idf, boost = self.idf[term], self.boosts[f]
        scaled = idf * (_K1_PLUS_1 * tf) / (norm + tf) * boost * 1000
        rounded = round(scaled)
        near = abs(scaled - rounded)
        if not (self.exact and near <= _NEAR_HALF):
            rounded = round(Fraction(idf * (_K1_PLUS_1 * tf) / (norm + tf) * boost) * 1000)
            near = 0.5
        if noted is not None:  # how far the field's average may drift before `doc`'s weight rounds otherwise
            survives = (0.5 - near - SLOP) / scaled
            if survives < self.fragile_max[f]:
                noted.append((survives, doc))
        return rounded

    def _weigh_again(self, f: int, todo: dict, touched: dict) -> None:
        """Compute again the weights `todo` names in field f (term -> documents, None: all) as
        `_weight` does, a term at a time; note in `touched` the positions whose weight changed.
        Any weight computed with the current numbers is the full build's: where most of a term's
        postings are named, all of them are computed (cheaper than finding each)."""
        held, boost = self.postings[f], self.boosts[f]
        norm = self._norms(f)
        for term, docs in todo.items():
            p = held.get(term)
            if p is None:
                continue
            ids, tfs, weights = p
            if docs is None or 2 * len(docs) >= len(ids):
                at, named = range(len(ids)), ids
            else:  # where each document is among the term's postings, if it still is
                n = len(ids)
                at = [i for i, d in zip(map(bisect_left, repeat(ids), docs), docs) if i < n and ids[i] == d]
                named, tfs = list(map(ids.__getitem__, at)), list(map(tfs.__getitem__, at))
            idf = self.idf[term]
            scaled = [idf * (_K1_PLUS_1 * tf) / (norm[d] + tf) * boost * 1000 for d, tf in zip(named, tfs)]
            rounded = list(map(float.__round__, scaled))
            if not self.exact or max(map(abs, map(sub, scaled, rounded)), default=0) > _NEAR_HALF:
                rounded = [self._weight(term, f, tf, norm[d]) for d, tf in zip(named, tfs)]  # the careful way
            changed = list(compress(range(len(at)), map(ne, rounded, map(weights.__getitem__, at))))
            if changed:
                for k in changed:
                    weights[at[k]] = rounded[k]
                fields = touched.setdefault(term, {})
                positions = fields.setdefault(f, set())
                if positions is not None:  # None: its whole text is made again anyway
                    positions.update(map(at.__getitem__, changed))

    def _number(self) -> None:
        self.ids = {term: i for i, term in enumerate(sorted(self.first, key=self.first.__getitem__))}

    @staticmethod
    def _cell(held: dict, term: str) -> list | None:
        """A term's postings in one field, as its row holds them ([gap, weight, gap, weight, ...]),
        in chunks of CHUNK postings; None where the field does not hold it."""
        p = held.get(term)
        if p is None:
            return None
        docs, weights = p[0], p[2]
        return [_chunk(docs, weights, c) for c in range((len(docs) + CHUNK - 1) // CHUNK)]

    def _row(self, term: str) -> str:
        cells = self.cells[term]
        fields = ",".join(["[]" if chunks is None else f"[{','.join(chunks)}]" for chunks in cells[1:]])
        return f"[{cells[0]},{self.ids[term]},[{fields}]]"

    def _cut(self) -> tuple[list[str], list[str]]:
        rows = self.rows
        return cut(((term, rows[term]) for term in self.order), self.shard_bytes)
