"""`make intake file=PATH` (tools/intake.py) and the issue workflow: for every type of the model, the
form's mail (as the form's own script writes it, in Node), the mail without its file, the same mail
as a `.eml`, an issue-form body as GitHub writes it, and the site's text pasted into the issue, each
becomes an entry `make validate` accepts, with the same fields; names the harvest lacks are said;
mistakes are refused at their line in plain words, and nothing is written outside content/."""

from __future__ import annotations

import email.message
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from harvest.content.document import parse
from harvest.content.loader import validate_tree
from harvest.model import types as m
from harvest.outputs.form import entry_text
from harvest.tools import intake as intake_module
from harvest.tools.derived import ISSUE_FORM
from harvest.tools.intake import IntakeError, intake
from helpers import ROOT
from test_contribute import node

TODAY = "2026-11-30"
STORY = "Wat we deden, en hoe.\n\n## Wat we leerden\n\n- klein beginnen\n- vaak vragen"
NEW = {"organisations": ["Stad Gent"]}
NOTE = "<!-- nieuw in de oogst: Organisaties: Stad Gent -->"


@pytest.fixture(scope="module")
def form(site):
    with open(os.path.join(site, "meedoen", "formulier.json"), encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def titles(site, form):
    found = {}
    for t in form["types"]:
        with open(os.path.join(site, t["entries"]), encoding="utf-8") as fh:
            found[t["name"]] = dict(json.load(fh))
    return found


def sample(type_name: str, titles: dict) -> dict:
    """Every field a contributor fills in, filled in, from the model: the answers of one entry."""
    values = {}
    for f in m.FIELDS_BY_TYPE[type_name].values():
        if f.name in ("date", "updated", "status", "aliases"):
            continue
        kind = f.kind
        if f.name == "title":
            value = f"Proef: {m.TYPES[type_name].label.lower()} uit de mail"
        elif kind == m.PLAINTEXT:
            value = "Een samenvatting om te proberen."
        elif kind == m.THEMES:
            value = ["participatie", "samenwerking"]
        elif kind == m.CHOICE:
            value = next(iter(f.choices))
        elif kind == m.CHOICES:
            value = list(f.choices)[:2]
        elif kind == m.URL:
            value = f"https://example.org/{f.name}"
        elif kind == m.EMAIL:
            value = "iemand@voorbeeld.be"
        elif kind == m.ISBN:
            value = "978-0-306-40615-7"
        elif kind == m.YEAR:
            value = "2021" if f.name == "ended" else "2019"
        elif kind == m.TEXTS:
            names = f.search_field == "names"
            value = ["An Peeters", "Bo de Smet"] if names else ["Begin klein.", "Vraag: waarom?"]
        elif kind == m.LINKS:
            value = [{"title": "Verslag: deel 1", "url": "https://example.org/verslag"}]
        elif kind == m.RELATION:
            value = sorted(titles[f.name])[:1]
        elif kind == m.MOMENT:
            value = "2027-03-01 14:00"
        elif kind == m.END:
            value = "17:00"
        else:
            value = f"{f.label} van de proef"
        values[f.name] = value
    return values


def the_file(type_name: str, values: dict) -> str:
    return entry_text(type_name, {**values, "date": TODAY}, STORY + "\n\n" + NOTE)


@pytest.fixture(scope="module")
def mails(form, titles):
    """Per type: (values, the mail with its file, the words alone), written by the form's script."""
    jobs, answers = [], {}
    for name in m.TYPES:
        values = sample(name, titles)
        answers[name] = values
        jobs.append([name, values, STORY, NEW, titles, the_file(name, values)])
        jobs.append([name, values, STORY, NEW, titles, ""])
    said = node(form, submissions=jobs)["submissions"]
    return {name: (answers[name], said[2 * i], said[2 * i + 1]) for i, name in enumerate(m.TYPES)}


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(os.path.join(ROOT, "content"), target)
    return str(target)


def data_of(path: str) -> tuple[dict, str]:
    with open(path, "rb") as fh:
        doc = parse(fh.read(), path)
    assert doc.ok, doc.problems
    return {k: v for k, v in doc.data.items() if k != "date"}, doc.body.strip()


def accepted(content: str) -> None:
    _entries, problems = validate_tree(content)
    assert problems == [], [str(p) for p in problems]


def run_intake(path, content, *more) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "harvest", "intake", str(path), "--content", content, *more],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins"),
                                         "OOGST_TODAY": TODAY},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow  # three whole validations per type
@pytest.mark.parametrize("type_name", list(m.TYPES))
def test_the_forms_mail_becomes_the_entry_it_carries(mails, content, tmp_path, type_name):
    values, mail, _words = mails[type_name]
    assert mail.startswith(f"Soort inzending: {m.TYPES[type_name].label}\nTitel: {values['title']}\n")
    assert "\n----- Hieronder het bestand voor de redactie; pas het niet aan -----\n---\n" in mail
    assert "- Stad Gent (nieuw in de oogst)" in mail
    source = tmp_path / "mail.txt"
    source.write_text(mail, encoding="utf-8")
    done = run_intake(source, content)
    assert done.returncode == 0, done.stderr
    slug = "proef-" + re.sub(r"[^a-z]+", "-", m.TYPES[type_name].label.lower()) + "-uit-de-mail"
    path = os.path.join(content, type_name, slug + ".md")
    assert done.stdout.splitlines()[0] == f"Nieuwe inzending: {path}"
    assert "Stad Gent staat nog niet in de oogst (organisaties)" in done.stdout
    with open(path, encoding="utf-8") as fh:
        assert fh.read() == the_file(type_name, values)  # the file below the line, as it was sent
    accepted(content)


@pytest.mark.slow  # three whole validations per type
@pytest.mark.parametrize("type_name", list(m.TYPES))
def test_the_words_alone_become_the_same_entry(mails, content, tmp_path, type_name):
    """A mail program that cut the file off, or a person who typed the answers: the words suffice."""
    values, mail, words = mails[type_name]
    assert "-----" not in words and "title:" not in words
    source = tmp_path / "woorden.txt"
    source.write_text("Hallo redactie,\n\n" + words + "\n", encoding="utf-8")
    done = run_intake(source, content)
    assert done.returncode == 0, done.stderr
    path = done.stdout.splitlines()[0].split(": ", 1)[1]
    assert data_of(path) == data_of_file(the_file(type_name, values), tmp_path)
    assert "Stad Gent staat nog niet in de oogst" in done.stdout
    accepted(content)


def data_of_file(text: str, tmp_path) -> tuple[dict, str]:
    other = tmp_path / "verwacht.md"
    other.write_text(text, encoding="utf-8")
    return data_of(str(other))


@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_a_mail_as_eml(mails, content, tmp_path, encoding):
    values, mail, _words = mails["practices"]
    message = email.message.EmailMessage()
    message["From"] = "An <an@voorbeeld.be>"
    message["To"] = "redactie@oogst.example"
    message["Subject"] = "Nieuwe inzending: " + values["title"]
    message.set_content(mail.replace("Wat we deden", "Wat we – " + "héél " * 30 + "– deden"), cte=encoding)
    source = tmp_path / "inzending.eml"
    source.write_bytes(message.as_bytes())
    sent = source.read_bytes()  # encoded, as mail programs send it
    assert (b"Soort inzending" not in sent) if encoding == "base64" else (b"h=C3=A9=C3=A9l" in sent)
    values = {**values}
    done = run_intake(source, content)
    assert done.returncode == 0, done.stderr
    with open(os.path.join(content, "practices", "proef-ervaring-uit-de-mail.md"), encoding="utf-8") as fh:
        assert fh.read() == the_file("practices", values).replace("Wat we deden", "Wat we – " + "héél " * 30
                                                                   + "– deden")


def issue_body(type_name: str, values: dict, titles: dict, site_text: str = "") -> str:
    """An issue made with the issue form, as GitHub writes its body: `### Label`, a blank line, the
    value; `_No response_` for an empty field; `- [X] option` for a ticked box."""
    with open(os.path.join(ROOT, ISSUE_FORM), encoding="utf-8") as fh:
        form = yaml.safe_load(fh)
    t, fields = m.TYPES[type_name], m.FIELDS_BY_TYPE[type_name]
    themes = dict((slug, title) for slug, title in form_themes())
    parts = []
    for element in form["body"]:
        if element["type"] == "markdown":
            continue
        id_, attrs = element.get("id"), element["attributes"]
        f = fields.get({"titel": "title", "verhaal": "body"}.get(id_, id_))
        value = ""
        if site_text:
            value = site_text if id_ == "inzending" else ""
        elif id_ == "soort":
            value = t.label
        elif id_ == "verhaal":
            value = STORY
        elif id_ == "kind":
            card = fields[t.card]
            chosen = values[t.card] if isinstance(values[t.card], list) else [values[t.card]]
            value = ", ".join(f"{t.label}: {card.choices[v]}" for v in chosen)
        elif id_ == "relations":
            value = "\n".join([titles[name][slug] for name in m.TYPES for slug in values.get(name, [])]
                              + NEW["organisations"])
        elif element["type"] == "checkboxes":
            chosen = [themes[s] for s in values.get("themes", [])] if id_ == "themes" else None
            value = "\n".join(f"- [{'X' if chosen is None or o['label'] in chosen else ' '}] {o['label']}"
                              for o in attrs["options"])
        elif f is not None and f.name in values and f.kind != m.RELATION and f.name != t.card:
            v = values[f.name]
            if f.kind == m.CHOICE:
                value = f.choices[v]
            elif f.kind == m.LINKS:
                value = "\n".join(f"{link['title']}: {link['url']}" for link in v)
            elif f.kind == m.TEXTS:
                value = ", ".join(v) if element["type"] == "input" else "\n".join(v)
            elif f.kind == m.MOMENT or f.kind == m.END:
                day = re.match(r"(\d{4})-(\d{2})-(\d{2})(?: (.*))?$", v)
                value = (f"{int(day[3])}-{int(day[2])}-{day[1]}" + (f" om {day[4]}" if day[4] else "")
                         if day else v)
            else:
                value = str(v)
        parts.append(f"### {attrs['label']}\n\n{value or '_No response_'}")
    return "\n\n".join(parts)


def form_themes():
    from harvest.content.loader import read_themes

    return [(slug, t["title"]) for slug, t in read_themes(os.path.join(ROOT, "content")).slugs.items()]


@pytest.mark.slow  # three whole validations per type
@pytest.mark.parametrize("type_name", list(m.TYPES))
def test_an_issue_form_body_becomes_the_same_entry(mails, titles, content, tmp_path, type_name):
    values = mails[type_name][0]
    source = tmp_path / "issue.md"
    source.write_text(issue_body(type_name, values, titles), encoding="utf-8")
    done = run_intake(source, content)
    assert done.returncode == 0, done.stderr
    path = done.stdout.splitlines()[0].split(": ", 1)[1]
    # The issue form has one field for every relation: a new name is noted under it.
    expected = the_file(type_name, values).replace("Organisaties: Stad Gent", "Verbanden: Stad Gent")
    assert data_of(path) == data_of_file(expected, tmp_path)
    assert "Stad Gent staat nog niet in de oogst (verbanden)" in done.stdout
    accepted(content)


def test_the_sites_text_pasted_into_the_issue(mails, titles, content, tmp_path):
    values, mail, _words = mails["events"]
    body = issue_body("events", values, titles, site_text=mail)
    assert body.count("_No response_") > 10
    source = tmp_path / "issue.md"
    source.write_text(body, encoding="utf-8")
    done = run_intake(source, content)
    assert done.returncode == 0, done.stderr
    with open(os.path.join(content, "events", "proef-bijeenkomst-uit-de-mail.md"), encoding="utf-8") as fh:
        assert fh.read() == the_file("events", values)


def test_mistakes_are_refused_at_their_line_in_plain_words(mails, content, tmp_path):
    values, _mail, words = mails["practices"]
    lines = words.split("\n")
    wrong = [line for line in lines if not line.startswith("Samenvatting:")]
    wrong = [line.replace("Participatie, Samenwerking", "Participatie, Duurzaamheid") for line in wrong]
    wrong = [line.replace("- Verslag: deel 1: https://example.org/verslag", "- https://example.org/verslag")
             for line in wrong]
    wrong = [line for line in wrong if line != STORY.split("\n")[0]]
    cut = wrong.index("Je verhaal:")
    wrong = wrong[:cut]  # no story: an experience needs one
    source = tmp_path / "fout.txt"
    source.write_text("\n".join(wrong), encoding="utf-8")
    before = sorted(os.listdir(os.path.join(content, "practices")))
    done = run_intake(source, content)
    assert done.returncode == 1
    said = done.stderr.splitlines()
    theme_line = next(i for i, line in enumerate(wrong, 1) if line.startswith("Thema's:"))
    links_line = next(i for i, line in enumerate(wrong, 1) if line.startswith("Links:"))
    assert f"{source}:{theme_line}: „Duurzaamheid” is geen thema van de oogst; kies uit " in said[
        [i for i, s in enumerate(said) if "Duurzaamheid" in s][0]]
    link = f"{source}:{links_line}: „https://example.org/verslag” is geen link"
    assert any(s.startswith(link) for s in said)
    assert f"{source}:1: Vul een samenvatting in" in said
    assert any(s.startswith(f"{source}:1: Vertel wat er gebeurde.") for s in said)
    assert not [s for s in said if "`" in s]  # plain words: no keys, no syntax
    assert sorted(os.listdir(os.path.join(content, "practices"))) == before  # nothing written


def test_what_is_no_submission_is_refused(content, tmp_path):
    source = tmp_path / "leeg.txt"
    source.write_text("Hallo,\n\nik heb een idee.\n", encoding="utf-8")
    done = run_intake(source, content)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{source}:1: Kies wat je wilt delen: Project, Ervaring")
    huge = tmp_path / "groot.txt"
    huge.write_text("Soort inzending: Ervaring\n" + "x" * (intake_module.INPUT_MAX + 10), encoding="utf-8")
    done = run_intake(huge, content)
    assert done.returncode == 1 and "te lang om als inzending te lezen" in done.stderr
    assert "Traceback" not in done.stderr


def test_nothing_is_written_outside_content(mails, content, tmp_path):
    values, _mail, words = mails["tools"]
    hostile = words.replace(f"Titel: {values['title']}", "Titel: ../../../etc/passwd")
    # A title that is a path is just a title: its slug is a name.
    path, _read = intake(hostile, content, TODAY)
    assert path == os.path.join(os.path.realpath(content), "tools", "etc-passwd.md")
    # A type's folder that is a link to elsewhere is refused, and nothing is written there.
    outside = tmp_path / "elders"
    outside.mkdir()
    shutil.rmtree(os.path.join(content, "knowledge"))
    os.symlink(outside, os.path.join(content, "knowledge"))
    with pytest.raises(IntakeError) as refused:
        intake(mails["knowledge"][2], content, TODAY)
    assert "ligt niet in de inhoudsmap; ik schrijf er niets" in refused.value.problems[0][1]
    assert os.listdir(outside) == []


def test_an_existing_name_gets_a_number_and_nothing_is_overwritten(mails, content):
    values, _mail, words = mails["tools"]
    words = words.replace(f"Titel: {values['title']}", "Titel: Diagnose innovatie")
    path, _read = intake(words, content, TODAY)
    assert path.endswith(os.path.join("tools", "diagnose-innovatie-2.md"))


# ---- the workflow ---------------------------------------------------------------------------------

WORKFLOW = os.path.join(ROOT, ".github", "workflows", "inzending.yml")


def workflow_step(name: str) -> str:
    with open(WORKFLOW, encoding="utf-8") as fh:
        workflow = yaml.safe_load(fh)
    return next(step["run"] for job in workflow["jobs"].values() for step in job["steps"]
                if step.get("name") == name)


def event(body: str) -> dict:
    return {"action": "opened", "issue": {"number": 42, "title": "Nieuwe inzending: $(rm -rf /)",
                                          "body": body, "labels": [{"name": "inzending"}]},
            "repository": {"full_name": "oogst-harvest/oogst"}}


def run_step(tmp_path, body: str) -> tuple[subprocess.CompletedProcess, str]:
    """The step that reads the issue, run as the workflow runs it, in a copy of the repository."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(os.path.join(ROOT, "content"), repo / "content")
    os.symlink(os.path.join(ROOT, "plugins"), repo / "plugins")
    shutil.copy(os.path.join(ROOT, "pelicanconf.py"), repo / "pelicanconf.py")
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps(event(body)), encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    (bin_dir / "python").chmod(0o755)
    done = subprocess.run(["bash", "-e", "-c", workflow_step("Inzending lezen")], cwd=repo,
                          env={**os.environ, "GITHUB_EVENT_PATH": str(payload), "OOGST_TODAY": TODAY,
                               "PATH": f"{bin_dir}:{os.environ['PATH']}"},
                          capture_output=True, text=True, timeout=120)
    return done, str(repo)


def test_the_workflow_reads_an_issue_event_and_proposes_the_file(mails, titles, tmp_path):
    values = mails["practices"][0]
    done, repo = run_step(tmp_path, issue_body("practices", values, titles))
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "repo" / "inzending" / "resultaat.json").read_text(encoding="utf-8"))
    assert result["ok"] is True and result["path"] == "content/practices/proef-ervaring-uit-de-mail.md"
    assert re.fullmatch(r"content/[a-z]+/[a-z0-9]+(-[a-z0-9]+)*\.md", result["path"])
    copied = (tmp_path / "repo" / "inzending" / "bestand.md").read_text(encoding="utf-8")
    assert copied == (tmp_path / "repo" / result["path"]).read_text(encoding="utf-8")
    reply = (tmp_path / "repo" / "inzending" / "antwoord.md").read_text(encoding="utf-8")
    assert reply.startswith("Dank je! Je inzending staat klaar als voorstel: {link}. Een redacteur leest ze "
                            "binnen 10 werkdagen na en antwoordt hier.")
    assert "- Stad Gent staat nog niet in de oogst" in reply


def test_the_workflow_answers_what_is_missing_in_plain_dutch(mails, titles, tmp_path):
    values = {**mails["practices"][0], "summary": ""}
    body = issue_body("practices", values, titles).replace("\n\nParticipatie", "\n\nParticipatie")
    done, _repo = run_step(tmp_path, body.replace(f"### Samenvatting\n\n{mails['practices'][0]['summary']}",
                                                  "### Samenvatting\n\n_No response_"))
    assert done.returncode == 0, done.stderr  # the job goes on: the next one answers in the issue
    result = json.loads((tmp_path / "repo" / "inzending" / "resultaat.json").read_text(encoding="utf-8"))
    assert result["ok"] is False and result["problems"] == ["Vul een samenvatting in"]
    reply = (tmp_path / "repo" / "inzending" / "antwoord.md").read_text(encoding="utf-8")
    assert reply == ("Dank je voor je inzending! Voor we er een pagina van maken, moet je nog iets "
                     "aanpassen:\n\n- Vul een samenvatting in\n\nPas je issue aan (de drie puntjes bovenaan, "
                     "dan Edit). Zodra je het bewaart, kijken we opnieuw.\n")
    assert not os.path.exists(tmp_path / "repo" / "inzending" / "bestand.md")


def test_the_issue_never_reaches_a_shell_or_an_expression():
    with open(WORKFLOW, encoding="utf-8") as fh:
        text = fh.read()
    # Expressions name only the issue's number, the repository and the runner: never its text.
    expressions = set(re.findall(r"\$\{\{\s*([^}]*?)\s*\}\}", text))
    assert expressions <= {"github.event.issue.number", "github.token", "github.repository", "runner.temp"}
    assert "issue.body" not in text and "issue.title" not in text
    with open(WORKFLOW, encoding="utf-8") as fh:
        workflow = yaml.safe_load(fh)
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["lezen"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["voorstellen"]["permissions"] == {"contents": "write", "pull-requests": "write",
                                                             "issues": "write"}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "actions/checkout" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False



def test_an_experience_without_its_story_is_not_one(content):
    """The model says per type whether the story is required; `make validate` says so at the body."""
    assert [t.name for t in m.TYPES.values() if t.story] == ["practices"]
    text = entry_text("practices", {"title": "Zonder verhaal", "summary": "Kort.", "themes": ["participatie"],
                                    "date": TODAY, "kind": "vaardigheid"}, "<!-- nog te schrijven -->")
    path = os.path.join(content, "practices", "zonder-verhaal.md")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    _entries, problems = validate_tree(content)
    [problem] = problems
    assert problem.line == len(text.split("\n---\n")[0].splitlines()) + 2  # the body's first line
    assert problem.message.startswith("een ervaring heeft een tekst nodig onder de front matter")
    with open(path, "w", encoding="utf-8") as fh:  # a draft may wait for its story
        fh.write(text.replace("kind: vaardigheid", "kind: vaardigheid\nstatus: draft"))
    assert validate_tree(content)[1] == []


def test_the_promised_days_are_said_alike():
    import runpy

    days = runpy.run_path(os.path.join(ROOT, "pelicanconf.py"))["EDITORS_REPLY_DAYS"]
    words = {10: "tien"}[days]
    with open(os.path.join(ROOT, "CONTRIBUTING.md"), encoding="utf-8") as fh:
        assert f"binnen {words} werkdagen" in fh.read()
