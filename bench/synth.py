"""A synthetic harvest of any size for benchmarks: valid against the content model, all seven
types in realistic proportions (events about 6 %, around a fixed day, TODAY), Dutch text of
realistic length built from the starter harvest's own vocabulary, 1-3 themes and 2-4 relations
per entry. Deterministic per seed."""

from __future__ import annotations

import datetime
import glob
import os
import random
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Share of each type in a grown harvest: experiences and instruments dominate.
PROPORTIONS = {"practices": 0.24, "tools": 0.20, "knowledge": 0.15, "projects": 0.15,
               "experts": 0.10, "organisations": 0.10, "events": 0.06}
# The build's day for the benchmarks (OOGST_TODAY): events start from a year and a half before it
# to four months after, so that the agenda has both what is past and what is coming.
TODAY = "2026-06-01"
CITIES = ["Brussel", "Gent", "Antwerpen", "Leuven", "Den Haag", "Utrecht", "Amsterdam", "Meierijstad"]
REQUIRED = {
    "projects": ("stage", ["idee", "lopend", "afgerond", "gestopt"]),
    "practices": ("kind", ["goede-praktijk", "verrijkende-mislukking", "vaardigheid"]),
    "tools": ("kind", ["werkvorm", "tool", "systeem"]),
    "knowledge": ("kind", ["literatuur", "model", "theorie"]),
    "experts": ("roles", ["[coach]", "[inspirator, expert]", "[innovator]", "[expert]"]),
    "organisations": ("kind", ["overheid", "gemeente", "netwerk", "adviesbureau", "kennisinstelling",
                               "fonds"]),
    "events": ("kind", ["netwerkbijeenkomst", "workshop", "doetank", "cafe", "masterclass", "webinar",
                        "conferentie"]),
}
REGIONS = ["vlaanderen", "nederland", "brussel", "belgie", "europa"]
# Words a reader may type that stress the search pipeline: diacritics, digits, loanwords.
SPECIAL = ["coöperatie", "privacy", "index", "hobby", "café", "2020", "covid-19", "e-mail", "één",
           "gemeentes", "innoveren", "geïnnoveerd", "ideeën", "reëel", "financiële", "box", "sexy"]


def vocabulary() -> list[str]:
    """Dutch words from the starter harvest's bodies (the seeds' world, in our own words)."""
    words = []
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "*", "*.md"))):
        with open(path, encoding="utf-8") as fh:
            body = fh.read().split("\n---\n", 1)[-1]
        words += [w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", body) if len(w) > 1]
    return words + SPECIAL * 3


def _sentence(rng, words, low=6, high=18) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:] + "."


def _body(rng, words, n_words) -> str:
    parts, count = [], 0
    while count < n_words:
        if rng.random() < 0.12:
            parts.append("## " + _sentence(rng, words, 2, 5).rstrip("."))
        if rng.random() < 0.1:
            items = [f"- {_sentence(rng, words, 3, 8)}" for _ in range(rng.randint(2, 4))]
            parts.append("\n".join(items))
        sentences = [_sentence(rng, words) for _ in range(rng.randint(3, 6))]
        paragraph = " ".join(sentences)
        if rng.random() < 0.3:
            word = rng.choice(words)
            paragraph = paragraph.replace(f" {word} ", f" **{word}** ", 1)
        parts.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(parts)


def _event_fields(rng) -> list[str]:
    """When and where: a whole day or an afternoon, in a city, online or both."""
    day = datetime.date.fromisoformat(TODAY) + datetime.timedelta(days=rng.randint(-540, 120))
    if rng.random() < 0.3:
        lines = [f"starts: {day}"]
    else:
        hour = rng.randint(9, 15)
        lines = [f"starts: {day} {hour}:00", f"ends: {hour + rng.randint(1, 3)}:30"]
    where = rng.random()
    if where < 0.8:
        lines.append(f"city: {rng.choice(CITIES)}")
    if where > 0.6:
        lines.append("online: https://example.org/live")
    return lines


def generate(target: str, size: int, seed: int = 1, body_words: int = 400) -> dict:
    """Write `size` entries under target/ (a content folder) and return {type: count}."""
    rng = random.Random(seed)
    words = vocabulary()
    if os.path.exists(target):
        shutil.rmtree(target)
    os.makedirs(target)
    shutil.copy(os.path.join(ROOT, "content", "themes.yml"), target)
    with open(os.path.join(target, "themes.yml"), encoding="utf-8") as fh:
        themes = re.findall(r"^- slug: (\S+)", fh.read(), re.M)
    counts = {t: max(1, round(size * share)) for t, share in PROPORTIONS.items()}
    counts["practices"] += size - sum(counts.values())
    order = [t for t in PROPORTIONS for _ in range(counts[t])]
    rng.shuffle(order)  # types interleaved, so relations can point at earlier entries of any type
    written: dict[str, list[str]] = {t: [] for t in PROPORTIONS}
    for i, type_name in enumerate(order):
        slug = f"{rng.choice(words)}-{rng.choice(words)}-{i}"
        slug = re.sub(r"[^a-z0-9]+", "-", slug.encode("ascii", "ignore").decode()).strip("-")
        title = _sentence(rng, words, 2, 6).rstrip(".")
        field, values = REQUIRED[type_name]
        lines = ["---", f'title: "{title}"', f'summary: "{_sentence(rng, words, 15, 35)}"',
                 f"themes: [{', '.join(rng.sample(themes, rng.randint(1, 3)))}]",
                 f"date: {2012 + i % 14}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                 f"{field}: {rng.choice(values)}", f"region: {rng.choice(REGIONS)}"]
        if type_name == "events":
            lines += _event_fields(rng)
        # Relations only to entries written earlier: each stated once, never both ways.
        earlier = [(t, s) for t in PROPORTIONS for s in written[t][-50:]]
        targets: dict[str, list[str]] = {}
        for t, s in rng.sample(earlier, min(len(earlier), rng.randint(2, 4))):
            targets.setdefault(t, []).append(s)
        lines += [f"{t}: [{', '.join(slugs)}]" for t, slugs in sorted(targets.items())]
        lines += ["---", _body(rng, words, rng.randint(body_words // 2, body_words * 3 // 2)), ""]
        folder = os.path.join(target, type_name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, slug + ".md"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
        written[type_name].append(slug)
    return counts
