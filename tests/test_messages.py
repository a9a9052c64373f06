"""One message catalogue (plugins/harvest/model/messages.py): every message people read about their
entries is worded there once, in the file voice and, where the form says it otherwise, the person
voice; the code only names the messages it says."""

from __future__ import annotations

import glob
import os
import re

import pytest

from harvest.model.messages import MESSAGES, Message, fill, one_of, say, show, templates
from helpers import ROOT

SPEAKERS = [*glob.glob(os.path.join(ROOT, "plugins", "harvest", "**", "*.py"), recursive=True),
            os.path.join(ROOT, "tasks.py"),
            os.path.join(ROOT, "themes", "oogst", "static", "js", "contribute-rules.js")]


@pytest.fixture(scope="module")
def code():
    texts = []
    for path in SPEAKERS:
        if not path.endswith(os.path.join("model", "messages.py")):
            with open(path, encoding="utf-8") as fh:
                texts.append(fh.read())
    return "\n".join(texts)


@pytest.mark.parametrize("name", list(MESSAGES))
def test_every_message_is_said_somewhere(code, name):
    if re.fullmatch(r"(missing|linkPart)_\w+", name):  # said for one field: the form's ask(key, field)
        assert "ask(" in code and f"{name.split('_')[1]}" in code
        name = name.split("_")[0]
    assert re.search(rf"""["']{name}["']|messages\.{name}\b""", code), (
        f"{name} is in the catalogue but never said")


def test_a_message_is_filled_in_as_the_form_fills_it():
    assert say("missing", key="summary", help="Kort", example="Iets.") == \
        "verplicht veld `summary` ontbreekt (Kort); voeg bv. `summary: Iets.` toe"
    # Braces around anything but a placeholder's name are text (a link in flow style).
    assert fill("bv. `- {title: Verslag, url: https://…}` en {key}", {"key": "links"}) == \
        "bv. `- {title: Verslag, url: https://…}` en links"
    with pytest.raises(KeyError):
        say("missing", key="summary")  # a forgotten placeholder is a bug, not a message with braces


def test_the_person_voice_is_the_file_voice_unless_it_says_otherwise():
    assert Message("`{key}` ontbreekt").voice(person=True) == "`{key}` ontbreekt"
    assert Message("`{key}` ontbreekt", "{label} ontbreekt").voice(person=True) == "{label} ontbreekt"
    assert templates(["taken"], person=False)["taken"] != templates(["taken"])["taken"]


def test_values_are_shown_in_backticks_and_listed_with_of():
    assert show("x" * 61) == f"`{'x' * 60}…`"
    assert one_of(["city"]) == "`city`"
    assert one_of(["a", "b", "c"]) == "`a`, `b` of `c`"
