"""Constant interface text translated when a template compiles (integration/translating.py) gives
exactly what Jinja's own i18n extension gives on every render, in the source language and in a
translation: the same text, the same escaping of variables, the same `%%`."""

from __future__ import annotations

import gettext

import pytest
from jinja2 import Environment

from harvest.integration.translating import CompiledTranslations

TEMPLATE = """\
<p>{{ _("Zoeken") }}|{{ _('Thema\\'s & meer') }}|{{ _("100%% zeker") }}</p>
<p>{% trans name=title %}Over {{ name }}: 100%% <b>vet</b>{% endtrans %}</p>
<p>{% trans %}Zonder variabelen{% endtrans %}|
{%- trans n=count %}{{ n }} inzending{% pluralize %}{{ n }} inzendingen{% endtrans %}</p>
<p>{{ _("%(type)s over %(theme)s", type=title, theme="<x>") }}|{{ words._("Zoeken") }}|
{{- _("Zoeken").unescape() }}</p>
"""


class English(gettext.NullTranslations):
    WORDS = {"Zoeken": "Search", "Thema's & meer": "Themes & more", "Over %(name)s: 100%% <b>vet</b>":
             "About %(name)s: 100%% <b>bold</b>", "Zonder variabelen": "Without variables",
             "%(type)s over %(theme)s": "%(type)s about %(theme)s"}

    def gettext(self, message):
        return self.WORDS.get(message, message)


class Words:
    @staticmethod
    def _(text):  # an attribute called `_` is not gettext
        return text.upper()


def render(extension, translations) -> str:
    env = Environment(autoescape=True, extensions=[extension])
    env.harvest_translations = translations
    env.install_gettext_translations(translations, newstyle=True)
    return env.from_string(TEMPLATE).render(title="<Oogst & co>", count=2, words=Words())


@pytest.mark.parametrize("translations", [gettext.NullTranslations(), English()], ids=["nl", "en"])
def test_compiled_text_is_what_jinjas_extension_renders(translations):
    expected = render("jinja2.ext.i18n", translations)
    assert render(CompiledTranslations, translations) == expected
    assert "&lt;Oogst &amp; co&gt;" in expected  # variables are still escaped


def test_constant_text_makes_no_call_when_the_page_renders():
    calls = []

    class Counting(English):
        def gettext(self, message):
            calls.append(message)
            return super().gettext(message)

    env = Environment(autoescape=True, extensions=[CompiledTranslations])
    env.harvest_translations = Counting()
    env.install_gettext_translations(env.harvest_translations, newstyle=True)
    template = env.from_string('{{ _("Zoeken") }} {% trans %}Zonder variabelen{% endtrans %}')
    compiled = len(calls)
    assert template.render() == "Search Without variables"
    assert template.render() == "Search Without variables"
    assert len(calls) == compiled  # translated once, when compiled


BLOCKS = """\
{% for x in items %}{% set y = x ~ "!" %}{{ _("%(type)s over %(theme)s", type=y, theme="<x>") }}|
{{- ngettext("%(num)d inzending", "%(num)d inzendingen", x|length) }}|{{ _("Zoeken") }}
{% endfor %}{% autoescape false %}{{ _("%(type)s over %(theme)s", type="<b>", theme="&") }}
{%- endautoescape %}"""


@pytest.mark.parametrize("translations", [gettext.NullTranslations(), English()], ids=["nl", "en"])
def test_the_page_context_is_not_copied_for_each_text(translations, monkeypatch):
    """translating.install: `_` and ngettext take no context (Jinja's copy the page's context on
    every call in a block or loop), and give what Jinja's newstyle gettext gives, escaping included."""
    from jinja2.runtime import Context

    from harvest.integration import translating

    def render(install) -> str:
        env = Environment(autoescape=True, extensions=[CompiledTranslations])
        env.harvest_translations = translations
        install(env)
        return env.from_string(BLOCKS).render(items=["<a>", "bc"])

    copies = []
    derived = Context.derived
    monkeypatch.setattr(Context, "derived", lambda self, *a: copies.append(a) or derived(self, *a))
    expected = render(lambda env: env.install_gettext_translations(translations, newstyle=True))
    assert copies  # Jinja's own: a copy per call in the loop
    copies.clear()
    assert render(lambda env: translating.install(env, translations)) == expected
    assert copies == []
    assert "&lt;a&gt;!" in expected and "<b>" in expected  # escaped where the template autoescapes
