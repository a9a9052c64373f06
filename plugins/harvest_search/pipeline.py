"""The Dutch text pipeline, built so that lunr.js 2.3.9 with lunr-languages 1.22.0 (`lunr.nl`)
processes a query word exactly as this pipeline processed the same word in an entry.

lunr.py's own Dutch support is not used: it downloads nltk stop words (fails offline) and its
trimmer keeps only the letters of the stop-word list, so `privacy` or `2019` would be indexed in a
form lunr.js never produces. Each function below mirrors the lunr.nl function registered in
lunr.js under the same label; tests/test_search_compat.py proves it word by word and query by query.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from lunr.pipeline import Pipeline

# lunr.nl.wordCharacters, verbatim; lunr.trimmerSupport.generateTrimmer (1.22.0) adds 0-9.
WORD_CHARACTERS = (
    "A-Za-z\xAA\xBA\xC0-\xD6\xD8-\xF6\xF8-\u02B8\u02E0-\u02E4\u1D00-\u1D25\u1D2C-\u1D5C\u1D62-\u1D65"
    "\u1D6B-\u1D77\u1D79-\u1DBE\u1E00-\u1EFF\u2071\u207F\u2090-\u209C\u212A\u212B\u2132\u214E"
    "\u2160-\u2188\u2C60-\u2C7F\uA722-\uA787\uA78B-\uA7AD\uA7B0-\uA7B7\uA7F7-\uA7FF\uAB30-\uAB5A"
    "\uAB5C-\uAB64\uFB00-\uFB06\uFF21-\uFF3A\uFF41-\uFF5A"
)
_START = re.compile(f"^[^{WORD_CHARACTERS}0-9]+")
_END = re.compile(f"[^{WORD_CHARACTERS}0-9]+$")

# lunr.nl.stopWordFilter's list, verbatim.
STOP_WORDS = frozenset(
    "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens "
    "en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je "
    "kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons "
    "ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie "
    "wil worden wordt zal ze zelf zich zij zijn zo zonder zou".split()
)

# lunr.nl's stemmer is the original (Porter-style) Dutch Snowball algorithm. Snowball 3 renamed it
# `dutch_porter`; its new `dutch` stems differently (`gemeentes` -> `meen`), so lunr.js would miss.
_STEMMER = snowballstemmer.stemmer("dutch_porter")

# What lunr.js's tokenizer and query lexer split on (/[\s\-]+/); lunr.py knows fewer spaces.
JS_WHITESPACE = re.compile(r"[\s\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def trim(word: str) -> str:
    return _END.sub("", _START.sub("", word))


def trimmer_nl(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: trim(s))


def stop_word_filter_nl(token, i=None, tokens=None):
    # Empty tokens (a lone dash or quote) are dropped too: no query can ask for them.
    word = str(token)
    if word and word not in STOP_WORDS:
        return token
    return None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    # A harvest repeats its words: stemming each distinct word once made indexing 20x faster.
    return _STEMMER.stemWord(word)


def stemmer_nl(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: stem(s))


def index_term(word: str) -> str | None:
    """What the index pipeline of use_dutch (trimmer, stop words, stemmer) makes of one word, None
    if it drops it; without lunr's Token and Pipeline, which cost more than the work itself."""
    word = trim(word)
    if not word or word in STOP_WORDS:
        return None
    return stem(word)


Pipeline.register_function(trimmer_nl, "trimmer-nl")
Pipeline.register_function(stop_word_filter_nl, "stopWordFilter-nl")
Pipeline.register_function(stemmer_nl, "stemmer-nl")


def use_dutch(builder) -> None:
    """What `builder.use(lunr.nl)` does in lunr.js: index and search pipelines."""
    builder.pipeline.reset()
    builder.pipeline.add(trimmer_nl, stop_word_filter_nl, stemmer_nl)
    builder.search_pipeline.reset()
    builder.search_pipeline.add(trimmer_nl, stemmer_nl)


# What JS_WHITESPACE matches besides " ": Python's other whitespace, and U+FEFF. A text without
# them and without two spaces in a row is its own normal form.
ODD_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
              "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")


_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")


def normalise_space(text: str) -> str:
    """Every space lunr.js splits on becomes a plain space, so lunr.py splits the same way."""
    # The regular expression replaces every single space by a space: ten times slower than
    # looking for odd ones first, with one pattern in a short text, one by one (memchr) in a long.
    if len(text) < 500:
        odd = _ODD_SPACE.search(text) is not None
    else:
        odd = any(space in text for space in ODD_SPACES)
    return JS_WHITESPACE.sub(" ", text) if odd or "  " in text else text
