"""Markdown to safe HTML: the one configuration the reader, the benchmark floor and tests share.

Kept free of Pelican imports so that worker processes and the benchmark start fast."""

from __future__ import annotations

import functools
import hashlib
import re

import nh3

MARKDOWN = {
    # What `extra` bundles, listed one by one: through `extra`, the tables setting is ignored,
    # and inline `style` (the default alignment) is blocked by the page's CSP. Then what GitHub's
    # preview (cmark-gfm) does on top, from pymdown-extensions where one exists, else from gfm.py.
    "extensions": ["markdown.extensions.abbr", "markdown.extensions.attr_list",
                   "markdown.extensions.def_list", "pymdownx.highlight", "pymdownx.superfences",
                   "markdown.extensions.footnotes", "markdown.extensions.md_in_html",
                   "markdown.extensions.tables", "pymdownx.fancylists",
                   "markdown.extensions.toc", "pymdownx.saneheaders", "pymdownx.betterem",
                   "pymdownx.tilde", "pymdownx.magiclink", "pymdownx.tasklist",
                   "harvest.content.gfm"],
    "extension_configs": {
        "markdown.extensions.tables": {"use_align_attribute": True},
        "markdown.extensions.footnotes": {"BACKLINK_TITLE": "Terug naar voetnoot %d in de tekst"},
        # Only what GitHub does: `~~` strikes through; a single `~` ("ongeveer") stays text.
        "pymdownx.tilde": {"subscript": False, "smart_delete": True},
        # Code is shown as written: no colours, no inline styles for the CSP to block.
        "pymdownx.highlight": {"use_pygments": False},
        "pymdownx.tasklist": {"custom_checkbox": False, "clickable_checkbox": False},
        "pymdownx.fancylists": {"inject_style": False, "inject_class": False},
    },
    "output_format": "html",
}

_TAGS = nh3.ALLOWED_TAGS - {"center", "strike", "tt", "acronym", "map", "area"}
_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
    "li": {"id"},  # footnotes
    "sup": {"id"},
    "ol": {"start"},
    # Task lists: the checkbox shows a state, and cannot be ticked or sent anywhere.
    "input": {"type", "checked", "disabled"},
}
_TAGS |= {"input", "label"}


# nh3's output is canonical (double quotes, `>` in values escaped), so a tag is `<img` up to `>`.
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20]")  # browsers strip or skip these in an address


def _local_image(tag: re.Match) -> str:
    """An image stays only when its address is on the site itself: anything with a scheme or
    protocol-relative (`//host`, `\\\\host`) could not load under the CSP, yet would reach the feeds
    and the open data, where it would track readers."""
    src = _SRC.search(tag.group(0))
    if src is None:
        return ""
    url = _IGNORED_IN_URLS.sub("", src.group(1)).replace("\\", "/")
    return "" if not url or url.startswith("//") or _SCHEME.match(url) else tag.group(0)


# Made once: nh3.clean would turn these sets into the cleaner's own on every text (two thirds of
# its time on a body of a few kilobytes).
_CLEANER = nh3.Cleaner(
    tags=_TAGS, attributes=_ATTRIBUTES, clean_content_tags={"script", "style"},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener", allowed_classes={"ul": {"task-list"}, "li": {"task-list-item"}},
    set_tag_attribute_values={"img": {"loading": "lazy"},
                              "input": {"type": "checkbox", "disabled": "disabled"}})


def sanitise(html: str) -> str:
    html = _CLEANER.clean(html)
    return _IMG.sub(_local_image, html) if "<img" in html else html


# What a user's MARKDOWN may not change: these keep the HTML free of inline styles and forms
# (the page's CSP would block them, and the sanitiser strips them anyway).
PINNED = {
    "markdown.extensions.tables": {"use_align_attribute": True},
    "pymdownx.highlight": {"use_pygments": False},
    "pymdownx.tasklist": {"clickable_checkbox": False},
    "pymdownx.fancylists": {"inject_style": False},
}


def merged(user: dict | None) -> dict:
    """MARKDOWN as Pelican merges it (its extensions follow from `extension_configs` and
    `extensions`), over ours: the user's extensions are added to ours, their configs merged over
    ours, `output_format` taken. Ours cannot be removed, nor PINNED changed; and whatever the
    configuration, the output goes through `sanitise` and the time budget (reading.py): no
    setting turns those off."""
    config = {"extensions": list(MARKDOWN["extensions"]),
              "extension_configs": {k: dict(v) for k, v in MARKDOWN["extension_configs"].items()},
              "output_format": MARKDOWN["output_format"]}
    if not user:
        return config
    configs = user.get("extension_configs") or {}
    for name in [*(user.get("extensions") or ()), *configs]:
        if isinstance(name, str) and name not in config["extensions"]:
            config["extensions"].append(name)
    for name, options in configs.items():
        config["extension_configs"].setdefault(name, {}).update(options or {})
    for name, options in PINNED.items():
        config["extension_configs"].setdefault(name, {}).update(options)
    if user.get("output_format") in ("html", "xhtml"):
        config["output_format"] = user["output_format"]
    return config


# What each inline pattern's every match holds, one of: where a text holds none of them, the
# pattern is not tried on it (Python-Markdown tries each of its ~18 patterns on every piece of
# text: a fifth of its time on a body). Known by the pattern's class and the digest of its
# expression (shown beside): a pattern of another version or extension is always tried.
_NEEDLES = {
    ("CodeSpans", "c3f664b93c4c"): ("`",),  # (?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)
    ("HardBreakProcessor", "6118faea9dbe"): ("\\",),  # \\\n
    ("EscapeInlineProcessor", "525ce95d738f"): ("\\",),  # \\(.)
    ("FootnoteInlineProcessor", "aee0f1034187"): ("[^",),  # \[\^([^\]]*)\]
    ("ReferenceInlineProcessor", "7b0748c54437"): ("[",),  # (?<!\!)\[
    ("LinkInlineProcessor", "7b0748c54437"): ("[",),
    ("ShortReferenceInlineProcessor", "7b0748c54437"): ("[",),
    ("ImageInlineProcessor", "ef95c9cce74b"): ("![",),  # \!\[
    ("ImageReferenceInlineProcessor", "ef95c9cce74b"): ("![",),
    ("ShortImageReferenceInlineProcessor", "ef95c9cce74b"): ("![",),
    ("MagiclinkAutoPattern", "08f56a03e655"): ("<",),  # (?i)<((?:ht|f)tps?://[^<>]*)>
    ("AutomailInlineProcessor", "aacc5a87843f"): ("<",),  # <([^<> !]+@[^@<> ]+)>
    ("SubstituteTagInlineProcessor", "9e6e6373148a"): ("  \n",),  # two spaces, a line end
    ("HtmlInlineProcessor", "41826798465f"): ("<",),  # (<(\/?+[a-zA-Z]...|!--...|[?]...|!\[CDATA\[...)>)
    # (?xi) after what may precede it: (?:ht|f)tps?:// or (?P<www>w{3}\.), in any case
    ("MagiclinkPattern", "2b8cc48e1b01"): ("://", "ww.", "wW.", "Ww.", "WW."),
    ("MagiclinkMailPattern", "2a7fa36cd291"): ("@",),  # (?xi) local part, then (?<!\.)@ and the domain
    ("HtmlInlineProcessor", "118838178df9"): ("&",),  # (&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)
    ("DelimiterProcessor", "7b4911776082"): ("*", "_", "~"),  # \*|_|\~
}
_KNOWN: dict[int, tuple] = {}  # id of a pattern object -> (the object, its needles or None)


def _needles(pattern, inlinepatterns) -> tuple | None:
    known = _KNOWN.get(id(pattern))
    if known is None or known[0] is not pattern:
        needles = None
        if isinstance(pattern, inlinepatterns.InlineProcessor) and \
                type(pattern).getCompiledRegExp is inlinepatterns.Pattern.getCompiledRegExp:
            expression = pattern.compiled_re.pattern.encode("utf-8", "surrogatepass")
            needles = _NEEDLES.get((type(pattern).__name__,
                                    hashlib.blake2b(expression, digest_size=6).hexdigest()))
        known = _KNOWN[id(pattern)] = (pattern, needles)
    return known[1]


@functools.cache
def _quick_inline() -> type:
    """Python-Markdown's inline processor, which skips a pattern on a text that holds none of what
    its matches hold (_NEEDLES): the same tree, since the skipped pattern would have found nothing.
    Made when a Markdown instance is (importing Markdown takes a while)."""
    from markdown import inlinepatterns, treeprocessors, util

    class QuickInline(treeprocessors.InlineProcessor):
        _quick = None

        def run(self, tree, ancestors=None):
            self._quick = [(pattern, _needles(pattern, inlinepatterns)) for pattern in self.inlinePatterns]
            return super().run(tree, ancestors)

        def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
            if isinstance(data, util.AtomicString):
                return data
            quick = self._quick
            if quick is None:  # called other than through run
                quick = [(pattern, _needles(pattern, inlinepatterns)) for pattern in self.inlinePatterns]
            apply, start = self._InlineProcessor__applyPattern, 0
            while patternIndex < len(quick):
                pattern, needles = quick[patternIndex]
                if needles is not None:
                    for needle in needles:
                        if needle in data:
                            break
                    else:  # as when the pattern finds nothing
                        patternIndex, start = patternIndex + 1, 0
                        continue
                data, matched, start = apply(pattern, data, patternIndex, start)
                if not matched:
                    patternIndex += 1
            return data

    return QuickInline


class BodyMarkdown:
    """Body Markdown to sanitised HTML, with one Markdown instance (made on first use, so also in
    each forked worker at most once) for one configuration."""

    def __init__(self, config: dict | None = None):
        self.config = config or merged(None)
        self._markdown = None

    def ready(self) -> BodyMarkdown:
        """Make the Markdown instance (importing its extensions takes a few tenths of a second):
        done before workers fork, they inherit it instead of each making one on the clock of
        their first text's time budget."""
        if self._markdown is None:
            from markdown import Markdown

            self._markdown = Markdown(**self.config)
            processors = self._markdown.treeprocessors
            quick = _quick_inline()
            if "inline" in processors and type(processors["inline"]) is quick.__base__:
                processors["inline"].__class__ = quick  # the same processor, quicker (_NEEDLES)
        return self

    def render(self, body: str) -> str:
        markdown = self.ready()._markdown
        markdown.reset()
        return sanitise(markdown.convert(body))


# The site's own configuration, shared by every build that does not set MARKDOWN: one Markdown
# instance per process (it depends on the configuration alone, never on a build).
_DEFAULT = BodyMarkdown()


def for_config(user: dict | None, known: BodyMarkdown | None = None) -> BodyMarkdown:
    """The BodyMarkdown of a user's MARKDOWN setting (None: the site's own); `known` when it has
    the same configuration."""
    config = merged(user)
    if known is not None and known.config == config:
        return known
    return _DEFAULT if config == _DEFAULT.config else BodyMarkdown(config)


def default_markdown() -> BodyMarkdown:
    return _DEFAULT


def render(body: str) -> str:
    """Body Markdown to sanitised HTML with the site's own configuration."""
    return _DEFAULT.render(body)
