""""Ook interessant" is computed without counting every entry of every theme (that cost the
square of the harvest's size); it must pick exactly what the plain definition picks."""

from __future__ import annotations

import heapq
import random
from collections import Counter
from types import SimpleNamespace

import pytest

from harvest.model import types as m
from harvest.site import relations as links

THEMES = [f"t{i}" for i in range(10)]


def plain_similar(entry, by_key, neighbours, rank) -> list:
    """The definition: score = shared themes + shared related entries, over every entry."""
    own = neighbours[entry.key]
    score: Counter = Counter()
    for other in by_key.values():
        shared = len(set(entry.data["themes"]) & set(other.data["themes"]))
        if shared:
            score[other.key] += shared
    for key in own:
        score.update(neighbours[key])
    for key in own | {entry.key}:
        score.pop(key, None)
    best = heapq.nsmallest(links.SIMILAR_COUNT, score.items(), key=lambda i: (-i[1], rank[i[0]]))
    return [key for key, _ in best]


def harvest(seed: int, size: int) -> list:
    rng = random.Random(seed)
    types = list(m.TYPES)
    entries = []
    for i in range(size):
        type_name = rng.choice(types)
        entries.append(SimpleNamespace(type_name=type_name, slug=f"e{i}", key=(type_name, f"e{i}"),
                                       title=f"Titel {rng.randint(0, 50)} {i}",
                                       data={"themes": rng.sample(THEMES, rng.randint(1, 3))}))
    for e in entries:
        for _ in range(rng.randint(0, 4)):
            other = rng.choice(entries)
            if other is not e:
                e.data.setdefault(other.type_name, []).append(other.slug)
    return entries


@pytest.mark.parametrize("seed,size", [(1, 5), (2, 40), (3, 300), (4, 800)])
def test_similar_is_the_plain_definition(seed, size):
    entries = harvest(seed, size)
    links.link_relations(entries)
    by_key = {e.key: e for e in entries}
    rank = {e.key: i for i, e in enumerate(sorted(entries, key=links.entry_order))}
    neighbours = {e.key: {x.key for group in e.related.values() for x in group} for e in entries}
    for e in entries:
        assert [x.key for x in e.similar] == plain_similar(e, by_key, neighbours, rank), e.key


def _copy(e, **changes):
    return SimpleNamespace(**{**vars(e), "data": dict(e.data), **changes})


@pytest.mark.parametrize("seed,size,retitled", [(5, 40, 1), (6, 300, 1), (7, 300, 3), (8, 800, 2)])
def test_retitled_links_are_those_linked_afresh(seed, size, retitled):
    """A warm build after a title edit links again only where the new order can show
    (linking.relink); every entry's links must be what linking all of them again gives."""
    from harvest.site import linking

    rng = random.Random(seed)
    entries = harvest(seed, size)
    entries.sort(key=links.entry_order)
    memo = linking.link_relations_memo(entries, b"front", None)
    linking.shown(entries, {e.key: b"" for e in entries}, memo)
    for round_ in range(3):
        # Titles that land anywhere, and ties with other titles (the same words, another slug).
        now = list(entries)
        for i in rng.sample(range(size), retitled):
            titles = [f"Titel {rng.randint(0, 50)}", now[rng.randrange(size)].title, "Aaa", "Zzz"]
            now[i] = _copy(now[i], title=rng.choice(titles))
        now.sort(key=links.entry_order)
        memo = linking.link_relations_memo(now, f"front {round_}".encode(), memo)
        fronts = {e.key: b"" for e in now}
        warm = linking.shown(now, fronts, memo)
        afresh = [_copy(e) for e in now]
        links.link_relations(afresh)
        # Compared as keys: an entry's repr holds the whole graph.
        set_on = {e.key: linking.links_of(e) for e in now}
        expected = {a.key: linking.links_of(a) for a in afresh}
        wrong = sorted(k for k in expected if set_on[k] != expected[k] or memo.links[k] != expected[k])
        assert wrong == []
        assert warm == linking.shown(afresh, fronts)
        entries = now


def test_the_newest_few_are_the_first_of_newest_first():
    """The home page's newest entries (relations.newest) are picked without sorting the whole
    harvest: the same as the first of newest_first, ties in day and title included."""
    rng = random.Random(3)
    for _ in range(300):
        size = rng.randint(0, 40)
        entries = [SimpleNamespace(
            key=("projects", f"p{i}"), slug=f"p{i}", type_name="projects",
            title=rng.choice(["Aa", "aa", "Bé", "be", "C"]),
            changed=rng.choice([None, "2022-01-01", "2020-02-01"]),
            data={"date": f"2020-0{rng.randint(1, 3)}-01",
                  **({"updated": "2021-01-01"} if rng.random() < .3 else {})})
            for i in range(size)]
        for count in (0, 1, 3, 6, size, size + 2):
            assert links.newest(entries, count) == links.newest_first(entries)[:count]
