"""Interface text translated when a template is compiled, not each time it is rendered.

Jinja's i18n extension calls gettext on every render: more than fifty calls a page, a tenth of a
build. A build has one language, so text that is constant (`{{ _("Zoeken") }}`, a `{% trans %}`
block without a plural) is translated once, as the template compiles, into the same safe text
newstyle gettext returns; variables are still filled in (and escaped) when the page renders.
Plurals and `_()` with arguments stay calls. The translations come from `harvest_translations`
on the environment (set in generator.py before any template compiles)."""

from __future__ import annotations

from jinja2 import nodes, pass_eval_context
from jinja2.ext import InternationalizationExtension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup


class CompiledTranslations(InternationalizationExtension):
    def _translations(self):
        return getattr(self.environment, "harvest_translations", None)

    def filter_stream(self, stream: TokenStream):
        """`_("text")` becomes `("translated"|safe)`, which Jinja folds into a constant."""
        translations = self._translations()
        window: list[Token] = []
        for token in stream:
            window.append(token)
            # A call ends in `)`: only then is the window worth a look (templates compile per build).
            if token.type == "rparen" and translations is not None and len(window) >= 4 and \
                    self._constant_call(window[-4:]) and not (len(window) > 4 and window[-5].type == "dot"):
                name, lparen, string, rparen = window[-4:]
                text = _newstyle(translations.gettext(string.value))
                if text is not None:
                    del window[-4:]
                    lineno = name.lineno
                    window += [Token(lineno, "lparen", "("), Token(lineno, "string", text),
                               Token(lineno, "pipe", "|"), Token(lineno, "name", "safe"),
                               Token(lineno, "rparen", ")")]
            while len(window) > 5:
                yield window.pop(0)
        yield from window

    @staticmethod
    def _constant_call(tokens: list[Token]) -> bool:
        name, lparen, string, rparen = tokens
        return (name.type == "name" and name.value == "_" and lparen.type == "lparen"
                and string.type == "string" and rparen.type == "rparen")

    def _make_node(self, singular, plural, context, variables, plural_expr, vars_referenced,
                   num_called_num):
        translations = self._translations()
        if translations is None or plural_expr is not None or context is not None:
            return super()._make_node(singular, plural, context, variables, plural_expr,
                                      vars_referenced, num_called_num)
        # As newstyle gettext: the translation marked safe, then `% variables` (escaping them).
        node = nodes.MarkSafeIfAutoescape(nodes.Const(translations.gettext(singular)))
        pairs = [nodes.Pair(nodes.Const(key), value) for key, value in variables.items()]
        return nodes.Output([nodes.Mod(node, nodes.Dict(pairs))])


def _newstyle(text: str) -> str | None:
    """What newstyle gettext shows for `text` called without arguments (`text % {}`), or None
    where that would fail (a placeholder with no value): then the call stays, and fails as before."""
    try:
        return text % {}
    except (KeyError, TypeError, ValueError):
        return None


def install(env, translations) -> None:
    """Jinja's newstyle gettext, ngettext and `_`, without the context they do not read.

    Jinja's own are `pass_context`: called in a block or loop that sets a variable, each call
    first copies the page's whole context (`Context.derived`, ~200 names), 22 times a page. These
    take only the evaluation context (its `autoescape`), and return the same text: the
    translation, marked safe where the template autoescapes, `% variables`."""
    env.install_gettext_translations(translations, newstyle=True)

    @pass_eval_context
    def gettext(eval_ctx, __string: str, **variables) -> str:
        rv = translations.gettext(__string)
        if eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    @pass_eval_context
    def ngettext(eval_ctx, __singular: str, __plural: str, __num: int, **variables) -> str:
        variables.setdefault("num", __num)
        rv = translations.ngettext(__singular, __plural, __num)
        if eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    env.globals.update(gettext=gettext, ngettext=ngettext, _=gettext)
