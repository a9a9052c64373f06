""""Deel je oogst" (/meedoen/) with whatever its stored state holds: the form checks what it reads
from sessionStorage before it uses it (contribute.js `sane`), and starts empty when it is not a
state the form wrote."""

from __future__ import annotations

import json

import pytest

STORED = [
    {"type": "__proto__"},
    {"type": "constructor", "values": {}},
    {"type": "tools", "values": {"__proto__": {"title": "x"}}},
    {"type": "tools", "values": {"title": {"toString": 1}}},
    {"type": "tools", "values": [], "body": 5},
    ["tools"],
    "tools",
    None,
]


@pytest.mark.parametrize("stored", STORED, ids=[json.dumps(s)[:40] for s in STORED])
def test_a_stored_state_of_another_shape_is_not_used(chromium, live_site, stored):
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_site}/meedoen/")
    page.evaluate("s => sessionStorage.setItem('oogst-meedoen', s)", json.dumps(stored))
    page.reload()
    page.wait_for_selector(".contribute-form")
    page.wait_for_selector("#soort-tools")
    assert errors == []
    # Nothing of it was taken: no type chosen, and choosing one shows its fields.
    assert page.eval_on_selector_all("input[name=soort]:checked", "all => all.length") == 0
    page.check("#soort-tools")
    page.wait_for_selector("[data-field='title']")
    assert errors == []
    context.close()


def test_a_stored_state_the_form_wrote_is_restored(chromium, live_site):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_site}/meedoen/")
    state = {"type": "tools", "values": {"title": "Mijn instrument"}, "body": "Tekst.", "slug": "",
             "slugEdited": False}
    page.evaluate("s => sessionStorage.setItem('oogst-meedoen', s)", json.dumps(state))
    page.reload()
    page.wait_for_selector("[data-field='title']")
    assert page.input_value("[data-field='title'] input") == "Mijn instrument"
    context.close()
