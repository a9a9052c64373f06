"""Parts of pages rendered once per build (`{% call fragment(key) %}`, rendering.Fragments): a
page with them is byte for byte the page rendered without them, and a key renders its part once."""

from __future__ import annotations

import sys

import pytest
from jinja2 import Environment

from harvest.integration import rendering
from helpers import ROOT, build, output_files

sys.path.insert(0, ROOT)
from bench.synth import generate  # noqa: E402


def test_a_key_renders_its_part_once_and_none_every_time():
    env = Environment(autoescape=True)
    env.globals["fragment"] = rendering.Fragments()
    template = env.from_string("{% call fragment(key) %}<b>{{ n.append(1) or n|length }} {{ x }}</b>"
                               "{% endcall %}")
    calls = []
    assert template.render(key=("a",), n=calls, x="<") == "<b>1 &lt;</b>"
    assert template.render(key=("a",), n=calls, x="other") == "<b>1 &lt;</b>"  # kept by its key
    assert template.render(key=None, n=calls, x="&") == "<b>2 &amp;</b>"
    assert template.render(key=None, n=calls, x="&") == "<b>3 &amp;</b>"


@pytest.mark.slow
def test_pages_with_fragments_are_the_pages_without(tmp_path, monkeypatch):
    content = str(tmp_path / "content")
    generate(content, 60, body_words=30)  # enough facet values for pages that share their filters
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 10 ** 9)  # here, where the calls can be counted
    used = []
    call = rendering.Fragments.__call__

    def counted(self, key, caller):
        used.append(key is not None and key in self.made)
        return call(self, key, caller)

    monkeypatch.setattr(rendering.Fragments, "__call__", counted)
    build(content, str(tmp_path / "with"))
    assert any(used)  # parts were used again
    monkeypatch.setattr(rendering.Fragments, "__call__", lambda self, key, caller: caller())
    build(content, str(tmp_path / "without"))
    with_, without = output_files(str(tmp_path / "with")), output_files(str(tmp_path / "without"))
    assert sorted(with_) == sorted(without)
    assert [rel for rel in with_ if with_[rel] != without[rel]] == []


def test_the_theme_is_compiled_before_the_fork_and_not_the_simple_theme_behind_it(tmp_path):
    """compile_templates: what the harvest's pages use (the theme and its overrides, the first of
    the loaders Pelican chains), not Pelican's `simple` templates the theme lacks (archives,
    tags...), which only Pelican's own generators render, in environments of their own."""
    from jinja2 import ChoiceLoader, DictLoader, PrefixLoader

    theme = DictLoader({"base.html": "<b>{% block x %}{% endblock %}</b>",
                        "entry.html": "{% extends 'base.html' %}"})
    simple = DictLoader({"archives.html": "{{ 1 }}", "base.html": "<i></i>"})
    env = Environment(loader=ChoiceLoader([theme, simple, PrefixLoader({"!simple": simple})]))
    rendering.once_per_build(env)
    rendering.compile_templates(env)
    compiled = {name for _, name in env.cache}
    assert compiled == {"base.html", "entry.html"}
    assert env.get_template("archives.html").render() == "1"  # still there, compiled when asked
    assert env.tests["template"]("archives.html") and not env.tests["template"]("parts/x.html")
