"""The live preview's search shards, updated for the documents that changed
(harvest_search/incremental.py), are byte for byte what a full index of the same documents gives,
edit after edit: bodies growing and shrinking, new words and words gone, titles, a whole field."""

from __future__ import annotations

import random

import pytest

from harvest.state import SearchMemo
from harvest_search import incremental
from harvest_search.index import FIELDS, SHARD_BYTES, SearchIndex, field_terms

WORDS = ("gemeente burgers samenwerking innovatie privacy coöperatie experiment leren netwerk "
         "overheid wijk zorg data school fiets energie water groen digitaal open café ideeën "
         "reëel proef stad dorp jongeren ouderen klimaat mobiliteit").split()


def _text(rng, low, high, extra=()):
    return " ".join(rng.choice(WORDS + list(extra)) for _ in range(rng.randint(low, high)))


def _documents(rng, n):
    return [{"ref": str(i), "title": _text(rng, 1, 4), "summary": _text(rng, 4, 12),
             "names": _text(rng, 0, 3),
             "themes": _text(rng, 1, 2), "labels": "Ervaring · Ervaringen", "body": _text(rng, 20, 120)}
            for i in range(n)]


@pytest.mark.parametrize("seed, fragile_max", [(1, 0.02), (2, 0.02), (3, 0.02), (4, None), (5, None)])
def test_updated_shards_are_the_full_index_shards(monkeypatch, seed, fragile_max):
    # With a large FRAGILE_MAX, drift is followed rather than answered with a full build: every
    # weight near a half gets computed again, which is what the test is to prove right.
    if fragile_max:
        monkeypatch.setattr(incremental, "FRAGILE_MAX", fragile_max)
    monkeypatch.setattr(incremental, "MAX_DIRTY", 12)
    rng = random.Random(seed)
    docs = _documents(rng, 160)
    memo = SearchMemo()
    shards = incremental.Shards(list(FIELDS.values()), SHARD_BYTES // 8)  # many shards
    assert shards.build(field_terms(docs, memo)) == SearchIndex(docs).shards(SHARD_BYTES // 8)
    updated = 0
    for step in range(40):
        d = rng.randrange(len(docs))
        doc = docs[d] = dict(docs[d])
        kind = step % 5
        if kind == 0:  # a sentence added
            doc["body"] += " " + _text(rng, 3, 10)
        elif kind == 1:  # words taken out
            words = doc["body"].split()
            doc["body"] = " ".join(words[: max(1, len(words) - rng.randint(1, 15))])
        elif kind == 2:  # a word no document had
            doc["body"] += f" zuurdesem{step} " + _text(rng, 1, 3)
        elif kind == 3:  # the title
            doc["title"] = _text(rng, 1, 5, extra=("nieuw", f"titel{step}"))
        else:  # names emptied or filled
            doc["names"] = "" if doc["names"] else _text(rng, 1, 3)
        got = shards.update(field_terms(docs, memo))
        if got is None:
            got = shards.build(field_terms(docs, memo))
        else:
            updated += 1
        assert got == SearchIndex(docs).shards(SHARD_BYTES // 8), step
    if fragile_max:
        assert updated >= 20  # most edits were updates, not full builds


def test_an_update_with_nothing_changed_gives_the_same_shards():
    rng = random.Random(7)
    docs = _documents(rng, 50)
    memo = SearchMemo()
    shards = incremental.Shards(list(FIELDS.values()), SHARD_BYTES)
    first = shards.build(field_terms(docs, memo))
    assert shards.update(field_terms(docs, memo)) == first
    assert shards.update(field_terms(docs[:-1], memo)) is None  # a document fewer: a full build


def test_first_occurrences_move_with_edits_to_the_first_documents(monkeypatch):
    """Terms are numbered by their first occurrence, which edits to the first documents move:
    words shuffled, the first word taken out, a word put before all others, a field emptied."""
    monkeypatch.setattr(incremental, "FRAGILE_MAX", 0.05)
    monkeypatch.setattr(incremental, "MAX_DIRTY", 12)
    rng = random.Random(11)
    docs = _documents(rng, 40)
    memo = SearchMemo()
    shards = incremental.Shards(list(FIELDS.values()), SHARD_BYTES // 8)
    assert shards.build(field_terms(docs, memo)) == SearchIndex(docs).shards(SHARD_BYTES // 8)
    for step in range(40):
        d = rng.choice((0, 0, 1, 2))
        doc = docs[d] = dict(docs[d])
        field = rng.choice(("title", "summary", "body"))
        words = doc[field].split()
        kind = step % 4
        if kind == 0:
            rng.shuffle(words)
        elif kind == 1:
            words = words[1:] or [rng.choice(WORDS)]
        elif kind == 2:
            words = [rng.choice(WORDS + [f"eerst{step}"]), *words]
        else:
            words = list(reversed(words))
        doc[field] = " ".join(words)
        got = shards.update(field_terms(docs, memo))
        if got is None:
            got = shards.build(field_terms(docs, memo))
        assert got == SearchIndex(docs).shards(SHARD_BYTES // 8), step
