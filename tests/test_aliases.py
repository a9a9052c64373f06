"""`aliases`: an entry's earlier addresses keep working after a rename. Each gets a redirect page
(meta refresh, rel=canonical, a link for people), the sitemap lists only the real page, and the
validator refuses an alias that is not a clean site path or that another page already has."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from browsing import serve
from helpers import ROOT, VALID, build, entry, write_content
from test_incremental import edit, warm  # noqa: F401 (the warm-preview fixture)
from test_validate import problems_for

RENAMED = entry("Fouten maken mag", kind="verrijkende-mislukking", projects="[spring-uit-de-band]",
                aliases="[/ervaringen/fouten-mogen/, /oud/fouten.html, /ervaringen/foutjes]")


def _html(output: str, rel: str) -> BeautifulSoup:
    with open(os.path.join(output, rel), encoding="utf-8") as fh:
        return BeautifulSoup(fh.read(), "html.parser")


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    root = tmp_path_factory.mktemp("aliases")
    content = write_content(str(root), {**VALID, "practices/fouten-maken-mag.md": RENAMED})
    output = str(root / "output")
    build(content, output, "publishconf.py", SITEURL="https://oogst.test/sub")
    return output


@pytest.mark.parametrize("rel", ["ervaringen/fouten-mogen/index.html", "oud/fouten.html",
                                 "ervaringen/foutjes/index.html"])
def test_each_alias_is_a_redirect_page(renamed, rel):
    page = _html(renamed, rel)
    target = "https://oogst.test/sub/ervaringen/fouten-maken-mag/"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert page.find("link", rel="canonical")["href"] == target
    assert page.find("main").find("a", href=target).get_text() == "Fouten maken mag"
    assert page.html["lang"] == "nl" and page.find("script") is None


def test_the_sitemap_lists_only_the_real_page(renamed):
    with open(os.path.join(renamed, "sitemap.xml"), encoding="utf-8") as fh:
        sitemap = fh.read()
    assert "<loc>https://oogst.test/sub/ervaringen/fouten-maken-mag/</loc>" in sitemap
    assert "fouten-mogen" not in sitemap and "foutjes" not in sitemap and "oud/" not in sitemap


def test_the_open_data_names_the_earlier_addresses(renamed):
    with open(os.path.join(renamed, "data", "oogst.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    record = next(e for e in data["entries"] if e["slug"] == "fouten-maken-mag")
    assert record["aliases"] == ["/ervaringen/fouten-mogen/", "/oud/fouten.html", "/ervaringen/foutjes"]


def test_a_browser_at_the_old_address_lands_on_the_entry(tmp_path, chromium):
    content = write_content(str(tmp_path), {**VALID, "practices/fouten-maken-mag.md": RENAMED})
    output = str(tmp_path / "output")
    os.makedirs(output)
    with serve(output) as url:
        build(content, output, "publishconf.py", SITEURL=url, DELETE_OUTPUT_DIRECTORY=False)
        page = chromium.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{url}/ervaringen/fouten-mogen/")
        page.wait_for_url(f"{url}/ervaringen/fouten-maken-mag/")
        assert page.locator("h1").inner_text() == "Fouten maken mag"
        page.close()
    assert errors == []


def test_a_warm_preview_adds_and_removes_redirect_pages(warm):  # noqa: F811
    content, served, rebuild = warm
    rel = "practices/fouten-maken-mag.md"
    edit(content, rel, "kind: verrijkende-mislukking", "kind: verrijkende-mislukking\naliases: [/oud/]")
    rebuild()
    assert os.path.exists(os.path.join(served, "oud", "index.html"))
    edit(content, rel, "aliases: [/oud/]", "aliases: [/ouder/]")
    rebuild()
    assert not os.path.exists(os.path.join(served, "oud"))
    assert os.path.exists(os.path.join(served, "ouder", "index.html"))


def practice(aliases: str) -> str:
    return entry("Fouten maken mag", kind="verrijkende-mislukking", aliases=aliases)


@pytest.mark.parametrize("aliases, message", [
    ("[https://oud.example/x/]", "7:11: een eerder adres is een pad op deze site, zonder `https://` en "
                                 "domeinnaam: bv. `/ervaringen/oude-slug/`, niet `https://oud.example/x/`"),
    ("[//oud.example/x/]", "7:11: een eerder adres is een pad op deze site, zonder `https://` en "
                           "domeinnaam: bv. `/ervaringen/oude-slug/`, niet `//oud.example/x/`"),
    ("[/ervaringen/../data/]", "7:11: een eerder adres mag geen `.` of `..` als deel hebben: "
                               "`/ervaringen/../data/`"),
    ("[ervaringen/oud/]", "7:11: een eerder adres begint met `/`: bedoel je `/ervaringen/oud/`?"),
    # The rule for every value, reported once (no alias message on top).
    ('["/ervaringen/oud\\u0007/"]', "7:11: deze waarde bevat een onzichtbaar stuurteken (U+0007); haal het "
                                    "weg (alleen tab en regeleinde mogen in tekst)"),
    ("[/oud?x=1]", "7:11: `/oud?x=1` is geen eenvoudig pad op deze site: gebruik letters, cijfers, `-` "
                   "en `_` tussen `/`, eindigend op `/` of `.html`, bv. `/ervaringen/oude-slug/`"),
    ("[/ervaringen/fouten-maken-mag/]", "7:11: `/ervaringen/fouten-maken-mag/` is het adres van deze "
                                        "inzending zelf; een eerder adres is een adres dat ze vroeger had"),
    ("[/instrumenten/diagnose-innovatie]", "7:11: `/instrumenten/diagnose-innovatie` is de pagina van "
                                           "content/tools/diagnose-innovatie.md; een eerder adres mag geen "
                                           "bestaande inzending verbergen"),
    ("[/Instrumenten/Diagnose-Innovatie/]", "7:11: `/Instrumenten/Diagnose-Innovatie/` is de pagina van "
                                            "content/tools/diagnose-innovatie.md; een eerder adres mag "
                                            "geen bestaande inzending verbergen"),
    ("[/Theme/oud.html]", "7:11: `/Theme/oud.html` is een pagina of map van de site zelf; noem alleen "
                          "adressen die deze inzending vroeger had, bv. `/ervaringen/oude-slug/`"),
    ("[/theme/css/oogst.css.html]", "7:11: `/theme/css/oogst.css.html` is geen eenvoudig pad op deze site: "
                                    "gebruik letters, cijfers, `-` en `_` tussen `/`, eindigend op `/` of "
                                    "`.html`, bv. `/ervaringen/oude-slug/`"),
    ("[/theme/oud.html]", "7:11: `/theme/oud.html` is een pagina of map van de site zelf; noem alleen "
                          "adressen die deze inzending vroeger had, bv. `/ervaringen/oude-slug/`"),
    ("[/]", "7:11: `/` is een pagina of map van de site zelf; noem alleen adressen die deze inzending "
            "vroeger had, bv. `/ervaringen/oude-slug/`"),
    ("[/404.html]", "7:11: `/404.html` is een pagina of map van de site zelf; noem alleen adressen die "
                    "deze inzending vroeger had, bv. `/ervaringen/oude-slug/`"),
    ("[/ervaringen/]", "7:11: `/ervaringen/` is het overzicht van de ervaringen; noem alleen adressen die "
                       "deze inzending vroeger had, bv. `/ervaringen/oude-slug/`"),
    ("[/ervaringen/soort/x/]", "7:11: `/ervaringen/soort/x/` is een filterpagina van de ervaringen; "
                               "noem alleen adressen die deze inzending vroeger had, "
                               "bv. `/ervaringen/oude-slug/`"),
    ("[/over/]", "7:11: `/over/` is een pagina of map van de site zelf; noem alleen adressen die deze "
                 "inzending vroeger had, bv. `/ervaringen/oude-slug/`"),
    ("[/oud/, /oud]", "7:18: `/oud` en `/oud/` zijn hetzelfde adres; laat er één staan"),
    ("[/oud/, /oud/]", "7:18: `aliases` noemt `/oud/` twee keer; laat er één staan"),
    ("[/" + "a" * 200 + "/]", "7:11: een eerder adres is hoogstens 200 tekens lang, dit is er 202"),
])
def test_bad_aliases_are_refused_where_they_are_written(tmp_path, aliases, message):
    found = problems_for(tmp_path, "practices/fouten-maken-mag.md", practice(aliases),
                         extra={"pages/over.md": "---\ntitle: Over\n---\nOver de oogst.\n"})
    assert found == [f"practices/fouten-maken-mag.md:{message}"]


def test_an_alias_of_another_entry_is_refused(tmp_path):
    found = problems_for(tmp_path, "practices/fouten-maken-mag.md", practice("[/oud/]"), extra={
        "tools/diagnose-innovatie.md": entry("Diagnose innovatie", kind="werkvorm", aliases="[/oud]")})
    assert len(found) == 1
    assert found[0].startswith("tools/diagnose-innovatie.md:7:11: `/oud` is al een eerder adres van ")
    assert found[0].endswith("content/practices/fouten-maken-mag.md; een adres kan maar naar één "
                             "inzending leiden")


def test_validate_command_reports_a_bad_alias_without_traceback(tmp_path):
    content = write_content(str(tmp_path), {**VALID, "practices/fouten-maken-mag.md": practice("[../x]")})
    run = subprocess.run([sys.executable, "-m", "harvest", "validate", content], cwd=str(tmp_path),
                         env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")},
                         capture_output=True, text=True)
    assert run.returncode != 0 and "Traceback" not in run.stderr + run.stdout
    assert "fouten-maken-mag.md:7:11: een eerder adres mag geen `.` of `..`" in run.stderr + run.stdout


@pytest.mark.slow
def test_redirect_pages_pass_the_nu_checker(renamed):
    """The W3C Nu Html Checker (vnu-jar) finds no error in the redirect pages."""
    import shutil

    vnu = os.path.join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
    if not shutil.which("java") or not os.path.exists(vnu):
        pytest.skip("the Nu checker needs Java and node_modules/vnu-jar (make test installs them)")
    pages = [os.path.join(renamed, rel) for rel in
             ("ervaringen/fouten-mogen/index.html", "oud/fouten.html", "404.html")]
    run = subprocess.run(["java", "-jar", vnu, "--errors-only", *pages], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
