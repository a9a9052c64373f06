"""The starter harvest plus a few entries that put the search's hard cases in real pages:
loanwords ending in y or x, diacritics, digits, punctuation, and a title that looks like HTML."""

from __future__ import annotations

import os
import shutil

from helpers import ROOT, build, entry

XSS_TITLE = "<img src=x onerror=alert(1)>"

EXTRA = {
    "tools/privacyscan-voor-hobbyclubs.md": entry(
        "Privacyscan voor hobbyclubs",
        summary="Een korte vragenlijst over privacy, voor verenigingen en hobbyclubs.",
        themes="[participatie]", date="2024-03-14", kind="tool", duration="1 uur",
        body=("De scan toetst de privacy van ledenlijsten. Elke hobby-vereniging krijgt een index "
              "van risico's (0-10) en een checklist per inbox, fax en xerox-kopie. Zo'n scan duurt "
              "een uur; in 2024 deden 312 clubs mee. Zie ook: coöperatieve afspraken, café's en "
              "de reünie van 21 juni."),
    ),
    "practices/cooperatie-van-zorgbuurten.md": entry(
        "Coöperatie van zorgbuurten",
        summary="Buurtbewoners richtten een coöperatie op om zorg dichtbij te organiseren.",
        themes="[samenwerking, participatie]", date="2023-09-01", kind="goede-praktijk",
        body=("Na twee jaar telde de cooperatie 480 leden. De ideeën kwamen uit de buurt; de "
              "gemeenten gaven ruimte. Wat werkte: één aanspreekpunt, geëvalueerd na elk kwartaal. "
              "Het zorgloket in Zeeuws-Vlaanderen nam het model in 2021 over."),
    ),
    # Enough distinct terms that the index is cut into several shards, as a larger harvest is (the
    # starter harvest alone, true to its sources since issue 25, is short).
    "knowledge/dossiers.md": entry(
        "Dossiers uit het archief",
        summary="Een lijst van dossiernamen, om het zoeken in een grote index te beproeven.",
        themes="[innovatiecultuur]", date="2024-02-01", kind="model",
        body="\n".join(f"- dossier {a}{v}{b}{w}rdam" for a in "bdfgkl" for v in "aeiou" for b in "mnprst"
                        for w in "aeo"),
    ),
    "knowledge/xss-proef.md": entry(
        f'"{XSS_TITLE}"',
        summary="Een inzending waarvan de titel op HTML lijkt, en die als tekst moet verschijnen.",
        themes="[innovatiecultuur]", date="2024-01-01", kind="theorie",
        body="Deze proefinzending over scriptveiligheid bevat het woord onerrorproef.",
    ),
}


def build_search_site(tmp_path_factory) -> str:
    """Copy content/, add EXTRA, build with the preview settings; return the output folder."""
    base = tmp_path_factory.mktemp("search-site")
    content = base / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    for rel, text in EXTRA.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    output = str(base / "output")
    build(str(content), output, SEARCH_WHOLE_INDEX=True)  # the whole index, to check the parts by
    return output
