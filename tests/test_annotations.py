"""Problems as GitHub workflow commands on Actions, so they show on the pull request's diff;
the plain `path:line:column: message` output everywhere."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from harvest.content.document import Problem
from harvest.report import github_annotation
from helpers import ROOT, entry, write_content

SOURCE = "https://example.org/verslag"  # `make validate` asks every published entry for one
BAD = {
    "tools/spelkaarten.md": entry("Spelkaarten", themes="[innovatiecultur]", kind="werkvrom", source=SOURCE),
    "experts/jan-peeters.md": entry("Jan Peeters", roles="[coach]", email="jan, peeters@example",
                                    source=SOURCE),
}
EXPECTED_PLAIN = [
    "content/experts/jan-peeters.md:7:8: `email` is geen e-mailadres zoals `naam@voorbeeld.be`: "
    "`jan, peeters@example`",
    "content/tools/spelkaarten.md:4:10: onbekend thema `innovatiecultur`; bedoel je `innovatiecultuur`? "
    "(de thema's staan in content/themes.yml)",
    "content/tools/spelkaarten.md:6:7: onbekende waarde `werkvrom`; bedoel je `werkvorm`? "
    "(kies uit `werkvorm`, `tool` of `systeem`)",
]
ANNOTATION = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)"
                        r"::(?P<message>.*)$")


def validate(cwd, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environ.update(PYTHONPATH=os.path.join(ROOT, "plugins"), **env)
    return subprocess.run([sys.executable, "-m", "harvest", "validate", "content"], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=60)


def test_plain_output_without_github(tmp_path):
    write_content(tmp_path, BAD)
    for env in ({}, {"GITHUB_ACTIONS": "false"}):
        done = validate(tmp_path, **env)
        assert done.returncode == 1
        assert done.stdout == ""  # nothing for a machine to pick up
        assert done.stderr.splitlines() == [*EXPECTED_PLAIN,
                                            "3 problemen in 2 bestanden; los ze op en probeer opnieuw."]


def test_annotations_on_github_actions(tmp_path):
    write_content(tmp_path, BAD)
    summary = tmp_path / "summary.md"
    done = validate(tmp_path, GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(tmp_path),
                    GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 1
    # The plain lines stay as they are.
    assert done.stderr.splitlines()[:3] == EXPECTED_PLAIN
    annotations = done.stdout.splitlines()
    assert annotations == [
        "::error file=content/experts/jan-peeters.md,line=7,col=8::`email` is geen e-mailadres zoals "
        "`naam@voorbeeld.be`: `jan, peeters@example`",
        "::error file=content/tools/spelkaarten.md,line=4,col=10::onbekend thema `innovatiecultur`; "
        "bedoel je `innovatiecultuur`? (de thema's staan in content/themes.yml)",
        "::error file=content/tools/spelkaarten.md,line=6,col=7::onbekende waarde `werkvrom`; bedoel je "
        "`werkvorm`? (kies uit `werkvorm`, `tool` of `systeem`)",
    ]
    for annotation, plain in zip(annotations, EXPECTED_PLAIN):
        match = ANNOTATION.match(annotation)
        assert match and f"{match['file']}:{match['line']}:{match['col']}: {match['message']}" == plain
    # Every problem is also on the run's summary page (the diff shows at most 10 per step).
    text = summary.read_text(encoding="utf-8")
    assert text.count("\n| <code>content/") == 3 and "| 6:7 |" in text


def test_paths_are_from_the_repository_root_wherever_the_command_runs(tmp_path):
    write_content(tmp_path / "repo", BAD)
    done = validate(tmp_path / "repo", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(tmp_path))
    assert done.stdout.splitlines()[0].startswith("::error file=repo/content/experts/jan-peeters.md,")


def test_valid_content_prints_no_annotation(tmp_path):
    write_content(tmp_path, {"tools/spelkaarten.md": entry("Spelkaarten", kind="werkvorm", source=SOURCE)})
    done = validate(tmp_path, GITHUB_ACTIONS="true")
    assert done.returncode == 0 and "::" not in done.stdout + done.stderr


def test_an_entry_without_source_is_annotated_where_the_field_goes(tmp_path):
    """Issue 25: `make validate` asks every entry that is not a draft for its source, at the line
    that closes the front matter (where the field would go), or at `license` if only that is there."""
    write_content(tmp_path, {
        "tools/zonder-bron.md": entry("Zonder bron", kind="werkvorm"),
        "tools/alleen-licentie.md": entry("Alleen licentie", kind="werkvorm", license="CC-BY-4.0"),
        "tools/concept.md": entry("Concept", kind="werkvorm", status="draft"),
        "tools/met-titel.md": entry("Met titel", kind="werkvorm",
                                    source="{title: Begroting 2020, publisher: Gemeente Meierijstad}"),
    })
    done = validate(tmp_path, GITHUB_ACTIONS="true")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        "content/tools/alleen-licentie.md:7:1", "content/tools/zonder-bron.md:7:1"]
    assert all("verplicht veld `source` ontbreekt (Waar de feiten vandaan komen" in line
               for line in lines[:-1])
    assert "::error file=content/tools/zonder-bron.md,line=7,col=1::verplicht veld `source`" in done.stdout


def test_escaping_follows_the_workflow_command_rules():
    problem = Problem("content/a,b:c%.md", 3, 5, "100% fout\r\nregel twee, met: dubbele punt")
    assert github_annotation(problem) == (
        "::error file=content/a%2Cb%3Ac%25.md,line=3,col=5::100%25 fout%0D%0Aregel twee, met: dubbele punt")


def test_the_build_annotates_too(tmp_path):
    """`make build`/the workflows' `make publish` report through the same function."""
    write_content(tmp_path, BAD)
    code = f"""
from pelican import main
main([{str(tmp_path / 'content')!r}, "-s", {os.path.join(ROOT, 'pelicanconf.py')!r},
      "-o", {str(tmp_path / 'output')!r}])
"""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**environ, "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)},
                          timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert ("::error file=content/tools/spelkaarten.md,line=6,col=7::onbekende waarde `werkvrom`"
            in done.stdout)


def test_make_validate_annotates_on_github_actions(tmp_path):
    """`make validate`, the command the workflows run, on a checkout with a mistake."""
    write_content(tmp_path, BAD)
    shutil.copy(os.path.join(ROOT, "Makefile"), tmp_path)
    for name in (".venv", "plugins", "requirements.txt", "package.json", "package-lock.json"):
        os.symlink(os.path.join(ROOT, name), tmp_path / name)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    # -o: the installation is done already, whatever the files' times say.
    done = subprocess.run(["make", "-s", "-o", ".venv/.installed", "validate"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60,
                          env={**environ, "GITHUB_ACTIONS": "true"})
    assert done.returncode != 0
    assert [line for line in done.stdout.splitlines() if line.startswith("::error ")] == [
        f"::error file={p.split(':')[0]},line={p.split(':')[1]},col={p.split(':')[2]}::{p.split(': ', 1)[1]}"
        for p in EXPECTED_PLAIN]
    assert done.stderr.splitlines()[:3] == EXPECTED_PLAIN


HOSTILE = "a\n::notice title=OK::Alles in orde\r\n::add-mask::geheim\x85 | <img src=x> ![p](https://t.example/p.png)"


def test_a_contributors_text_cannot_forge_workflow_commands_or_markup(tmp_path):
    """A quoted value with newlines must not start lines of its own on stderr (the runner reads
    workflow commands there too), in an annotation or in the step summary's table."""
    from harvest.report import print_problems

    summary = tmp_path / "summary.md"
    problem = Problem("content/tools/x.md", 2, 9, f"`source` is geen adres: `{HOSTILE}`")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    code = (f"import sys; sys.path.insert(0, {os.path.join(ROOT, 'plugins')!r})\n"
            "from harvest.content.document import Problem\nfrom harvest.report import print_problems\n"
            "print_problems([Problem(*"
            f"{(problem.path, problem.line, problem.column, problem.message)!r})], 'x')")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**environ, **env}, timeout=60)
    assert print_problems  # the function the build and validate share
    for line in (done.stdout + done.stderr).splitlines():
        assert (not line.lstrip().startswith("::")
                or line.startswith("::error file=content/tools/x.md,line=2,col=9::"))
    assert len(done.stdout.splitlines()) == 1 and len(done.stderr.splitlines()) == 2
    assert "\\n::notice title=OK::" in done.stderr and "\\x85" in done.stderr
    table = summary.read_text(encoding="utf-8").splitlines()
    row = [line for line in table if "x.md" in line]
    assert len(row) == 1 and row[0].count(" | ") == 2  # three cells: the | inside is no separator
    assert "<img" not in row[0] and "](" not in row[0] and "&lt;img" in row[0]
