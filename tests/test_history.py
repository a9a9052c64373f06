"""An entry's record from Git (content/history.py): the day it last changed and who changed it,
read by one `git log` for the whole content folder; without Git the entry's own dates stand in.
Builds in a temporary repository with commits by named authors."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess

import feedparser
import pytest
from bs4 import BeautifulSoup

from harvest.content import history
from helpers import VALID, build, entry, output_files, read, write_content

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="Git ontbreekt")


def git(repo, *args, author=None, when=None):
    env = {"PATH": os.environ["PATH"], "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_COMMITTER_NAME": "Redactie", "GIT_COMMITTER_EMAIL": "redactie@oogst.example"}
    if author:
        env.update(GIT_AUTHOR_NAME=author, GIT_AUTHOR_EMAIL=f"{author.split()[0].lower()}@oogst.example")
    if when:
        # Noon in Brussels: the day is the same in every zone a test machine may be in.
        env.update(GIT_AUTHOR_DATE=f"{when}T12:00:00+01:00", GIT_COMMITTER_DATE=f"{when}T12:00:00+01:00")
    return subprocess.run([GIT, *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo, message, author, when):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, author=author, when=when)


@pytest.fixture
def repo(tmp_path):
    """A repository whose content folder has two commits by named authors: Ann adds everything
    on 2024-05-01, Bram changes one practice on 2024-11-20, and a bot touches it too."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    content = write_content(str(root), VALID)
    commit(root, "Starter", "Ann Peeters", "2024-05-01")
    with open(os.path.join(content, "practices", "fouten-maken-mag.md"), "a", encoding="utf-8") as fh:
        fh.write("\nEen zin erbij.\n")
    commit(root, "Aanvulling", "Bram van der Berg", "2024-11-20")
    with open(os.path.join(content, "practices", "fouten-maken-mag.md"), "a", encoding="utf-8") as fh:
        fh.write("\n")
    commit(root, "Opmaak", "dependabot[bot]", "2024-11-21")
    return root, content


def test_one_log_gives_every_file_its_last_day_and_authors(repo):
    root, content = repo
    found = history.read(content)
    assert found.head and set(found.records) == {*VALID, "themes.yml"}
    practice = found.record("practices/fouten-maken-mag.md", datetime.date(2000, 1, 1))
    # The bot's commit is the last: its day counts, its name does not.
    assert practice.changed == datetime.date(2024, 11, 21) and practice.committed
    assert practice.authors == ("Bram van der Berg", "Ann Peeters")
    tool = found.record("tools/diagnose-innovatie.md", datetime.date(2000, 1, 1))
    assert tool.changed == datetime.date(2024, 5, 1) and tool.authors == ("Ann Peeters",)
    assert not tool.pending
    # A file Git does not know: its own date stands in.
    unknown = found.record("tools/nieuw.md", datetime.date(2024, 6, 6))
    assert unknown.changed == datetime.date(2024, 6, 6) and not unknown.committed


def test_the_log_runs_once_per_build_not_once_per_file(repo, monkeypatch):
    root, content = repo
    calls = []
    real = subprocess.run

    def counting(args, *rest, **kwargs):
        calls.append(args)
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting)
    history.read(content)
    assert [a for a in calls if "log" in a] and len(calls) == 2  # rev-parse, then one log
    assert all(isinstance(a, list) for a in calls)  # never through a shell
    calls.clear()
    known = history.read(content)
    history.read(content, known=known)  # the same commit: the log is not read again
    assert len([a for a in calls if "log" in a]) == 1


@pytest.mark.slow
def test_an_entry_page_shows_the_day_the_people_and_the_history(repo, tmp_path):
    root, content = repo
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL="https://oogst.test", HARVEST_TODAY="2024-12-01",
          REPOSITORY_URL="https://github.com/voorbeeld/oogst")
    page = BeautifulSoup(read(output, "ervaringen/fouten-maken-mag/index.html"), "html.parser")
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in page.select("dl.facts dt")}
    changed = facts["Bijgewerkt op"]
    assert changed.time["datetime"] == "2024-11-21" and changed.time.get_text() == "21 november 2024"
    assert changed.a.get_text() == "Geschiedenis"
    assert changed.a["href"] == ("https://github.com/voorbeeld/oogst/commits/main/content/practices/"
                                 "fouten-maken-mag.md")
    assert facts["Bewerkt door"].get_text() == "Bram van der Berg, Ann Peeters"
    assert facts["Toegevoegd op"].time["datetime"] == "2024-05-01"
    # The feeds date the change; the card says "bijgewerkt" (within 90 days of the build's day).
    feed = feedparser.parse(read(output, "feeds/ervaringen.atom.xml"))
    assert feed.entries[0].updated.startswith("2024-11-21")
    assert feed.entries[0].published.startswith("2024-05-01")
    listing = BeautifulSoup(read(output, "ervaringen/index.html"), "html.parser")
    card = listing.select_one(".card-practices .card-date")
    assert [t["datetime"] for t in card.find_all("time")] == ["2024-05-01", "2024-11-21"]
    assert "bijgewerkt" in card.get_text()
    # A build of the same commit elsewhere (another folder, a later run) writes the same bytes.
    again = str(tmp_path / "again")
    build(content, again, "publishconf.py", SITEURL="https://oogst.test", HARVEST_TODAY="2024-12-01",
          REPOSITORY_URL="https://github.com/voorbeeld/oogst")
    assert output_files(output) == output_files(again)
    # 90 days on, the card no longer says so; the page still does.
    later = str(tmp_path / "later")
    build(content, later, "publishconf.py", SITEURL="https://oogst.test", HARVEST_TODAY="2025-03-01")
    card = BeautifulSoup(read(later, "ervaringen/index.html"), "html.parser").select_one(".card-practices")
    assert "bijgewerkt" not in card.get_text() and card.find("time")["datetime"] == "2024-05-01"


@pytest.mark.slow
def test_without_git_the_entry_dates_stand_in(tmp_path, monkeypatch):
    content = write_content(str(tmp_path), {
        **VALID, "practices/fouten-maken-mag.md": entry("Fouten maken mag", kind="verrijkende-mislukking",
                                                        updated="2024-06-15")})
    monkeypatch.setattr(history.shutil, "which", lambda name: None)  # a machine without Git
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL="https://oogst.test", HARVEST_TODAY="2024-07-01")
    page = BeautifulSoup(read(output, "ervaringen/fouten-maken-mag/index.html"), "html.parser")
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in page.select("dl.facts dt")}
    assert facts["Bijgewerkt op"].time["datetime"] == "2024-06-15" and not facts["Bijgewerkt op"].a
    assert "Bewerkt door" not in facts
    tool = BeautifulSoup(read(output, "instrumenten/diagnose-innovatie/index.html"), "html.parser")
    assert "Bijgewerkt op" not in tool.select_one("dl.facts").get_text()  # never changed


def test_a_tarball_outside_any_repository_has_no_history(tmp_path):
    content = write_content(str(tmp_path), VALID)
    # tmp_path is outside any repository (GIT_CEILING_DIRECTORIES keeps a parent's out of reach).
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    try:
        assert history.read(content) is history.NONE
    finally:
        del os.environ["GIT_CEILING_DIRECTORIES"]


def test_a_slow_git_is_stopped_and_the_build_goes_on(repo, monkeypatch):
    root, content = repo

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout"))

    monkeypatch.setattr(history.subprocess, "run", slow)
    assert history.read(content, seconds=0.01) is history.NONE


def test_a_shallow_clone_is_not_trusted(repo, tmp_path):
    root, content = repo
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(clone))
    assert history.read(str(clone / "content")) is history.NONE


def test_the_preview_marks_what_is_not_committed(repo):
    root, content = repo
    with open(os.path.join(content, "tools", "diagnose-innovatie.md"), "a", encoding="utf-8") as fh:
        fh.write("\nNog niet gecommit.\n")
    write_content(str(root), {"tools/nieuw-instrument.md": entry("Nieuw", kind="tool")}, themes=None)
    found = history.read(content, pending=True)
    assert found.pending == {"tools/diagnose-innovatie.md", "tools/nieuw-instrument.md"}
    changed = found.record("tools/diagnose-innovatie.md", datetime.date(2000, 1, 1))
    assert changed.pending and changed.committed and changed.changed == datetime.date(2024, 5, 1)
    assert not history.read(content).pending  # a build asks only in the preview


@pytest.mark.slow
def test_the_warm_preview_says_nog_niet_gepubliceerd(repo, tmp_path):
    from harvest.tools.preview import Preview

    root, content = repo
    output = str(tmp_path / "output")
    preview = Preview(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                   "pelicanconf.py"), content, output, HARVEST_TODAY="2024-12-01")
    assert preview.build()
    page = read(output, "instrumenten/diagnose-innovatie/index.html")
    assert "nog niet gepubliceerd" not in page and 'datetime="2024-05-01"' in page
    with open(os.path.join(content, "tools", "diagnose-innovatie.md"), "a", encoding="utf-8") as fh:
        fh.write("\nEen wijziging in de voorbeeldweergave.\n")
    assert preview.build()
    page = BeautifulSoup(read(output, "instrumenten/diagnose-innovatie/index.html"), "html.parser")
    pending = page.select_one("dd.pending")
    assert "nog niet gepubliceerd" in pending.get_text() and "1 mei 2024" in pending.get_text()
    assert "instrumenten/diagnose-innovatie/index.html" in preview.changed
    assert "ervaringen/fouten-maken-mag/index.html" not in preview.changed  # only that page again
    commit(root, "Wijziging", "Ann Peeters", "2024-11-30")
    assert preview.build()
    page = read(output, "instrumenten/diagnose-innovatie/index.html")
    assert "nog niet gepubliceerd" not in page and 'datetime="2024-11-30"' in page


def test_parse_log_ignores_what_is_not_a_file_of_the_folder():
    log = ("\x1e1700000000\x1fA\x07nn\n\ncontent/tools/a.md\n\"content/tools/\\nvreemd.md\"\nREADME.md\n"
           "\x1enot-a-number\x1fEve\n\ncontent/tools/b.md\n")
    assert history.parse_log(log, "content/") == {"tools/a.md": (datetime.date(2023, 11, 14), ("Ann",))}


@pytest.mark.slow
def test_a_commit_alone_changes_what_the_warm_preview_shows_of_the_entry_everywhere(repo, tmp_path):
    """An entry edited, built, then committed without another edit: the warm preview keeps its
    Entry, and the new Git record (day, author) reaches every page and file that shows it (cards,
    feeds, open data), as a cold build of the same commit writes them."""
    from harvest.tools.preview import Preview

    root, content = repo
    settings = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pelicanconf.py")
    warm = str(tmp_path / "warm")
    preview = Preview(settings, content, warm, HARVEST_TODAY="2024-12-01")
    assert preview.build()
    with open(os.path.join(content, "tools", "diagnose-innovatie.md"), "a", encoding="utf-8") as fh:
        fh.write("\nEen wijziging in de voorbeeldweergave.\n")
    assert preview.build()
    commit(root, "Wijziging", "Cas de Vries", "2024-11-30")
    assert preview.build()
    cold = str(tmp_path / "cold")
    Preview(settings, content, cold, HARVEST_TODAY="2024-12-01").build()
    assert '"changed": "2024-11-30"' in read(warm, "data/oogst.json")
    warm_files, cold_files = output_files(warm), output_files(cold)
    assert warm_files.keys() == cold_files.keys()
    assert [rel for rel in sorted(cold_files) if warm_files[rel] != cold_files[rel]] == []
