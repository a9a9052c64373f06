"""What the harvest relies on in Pelican beyond its documented settings, each checked here so that
a Pelican upgrade which changes it fails this file, not a site:

- `Writer.write_file(name, template, context, relative_urls, paginated, template_name,
  override_output, url, **kwargs)`: writer.py's override passes these on by position.
- write_file renders the template before it opens (or makes the folder of) the file, and sends
  `content_written` after writing: writer.py stops it from the template's `render` when a
  page's text is unchanged, and renders the harvest's pages through it without writing.
- The template sees Pelican's local context: `output_file`, SITEURL relative to the page when
  relative_urls is set, the extra variables.
- Pelican prints its "Done: Processed …" line as text through `pelican.log.console`, a rich
  Console: build.py's render hook leaves it out (tests/test_pelican_cli.py checks a real run).
No private attribute of Pelican is used."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

import pytest
from pelican import signals
from pelican.log import console
from pelican.writers import Writer

from harvest.integration.build import _without_pelicans_summary
from helpers import ROOT


class Recording:
    """A template that records the context it is rendered with, or raises when told to."""

    def __init__(self, fail: bool = False):
        self.fail, self.seen = fail, []

    def render(self, context):
        self.seen.append(dict(context))
        if self.fail:
            raise LookupError("gestopt")
        return "<p>tekst</p>"


def test_write_file_keeps_the_signature_writer_py_passes_on():
    params = list(inspect.signature(Writer.write_file).parameters.values())
    assert [p.name for p in params] == ["self", "name", "template", "context", "relative_urls",
                                        "paginated", "template_name", "override_output", "url",
                                        "kwargs"]
    assert params[-1].kind is inspect.Parameter.VAR_KEYWORD


def test_write_file_renders_before_it_opens_the_file(tmp_path):
    announced = []

    def receive(path, context=None):
        announced.append(path)

    writer = Writer(str(tmp_path), settings={"PAGINATED_TEMPLATES": {}})
    signals.content_written.connect(receive)
    try:
        with pytest.raises(LookupError):
            writer.write_file("a/b/index.html", Recording(fail=True), {"SITEURL": ""})
        assert os.listdir(tmp_path) == [] and announced == []
        writer.write_file("a/b/index.html", Recording(), {"SITEURL": ""})
    finally:
        signals.content_written.disconnect(receive)
    assert announced == [os.path.join(str(tmp_path), "a", "b", "index.html")]
    assert (tmp_path / "a" / "b" / "index.html").read_text(encoding="utf-8") == "<p>tekst</p>"


def test_the_template_gets_pelicans_local_context(tmp_path):
    writer = Writer(str(tmp_path), settings={"PAGINATED_TEMPLATES": {}})
    template = Recording(fail=True)
    context = {"SITEURL": "https://oogst.test", "SITENAME": "Oogst"}
    with pytest.raises(LookupError):
        writer.write_file("a/b/index.html", template, context, relative_urls=True, page_name="a/b/",
                          entry="x")
    seen = template.seen[0]
    assert seen["output_file"] == "a/b/index.html"
    assert seen["SITEURL"] == seen["localsiteurl"] == "../.."
    assert (seen["page_name"], seen["entry"], seen["SITENAME"]) == ("a/b/", "x", "Oogst")
    assert context["SITEURL"] == "https://oogst.test"  # a copy: the shared context keeps its own
    with pytest.raises(LookupError):
        writer.write_file("404.html", template, context)
    assert template.seen[1]["SITEURL"] == "https://oogst.test"


def pelican(tmp_path, cls: str) -> str:
    """Pelican's command on an empty site without plugins (in a process of its own: the signals
    of builds run here before would reach it), with PELICAN_CLASS `cls`; what it printed."""
    os.makedirs(tmp_path / "content", exist_ok=True)
    (tmp_path / "settings.py").write_text(f"PLUGINS = []\nPELICAN_CLASS = {cls!r}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pelican", str(tmp_path / "content"), "-s",
                           str(tmp_path / "settings.py"), "-o", str(tmp_path / "output")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "200",
                               "PYTHONPATH": os.path.join(ROOT, "plugins")})
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_pelicans_summary_goes_through_its_console_and_the_hook_leaves_it_out(tmp_path):
    assert "Done: Processed 0 articles" in pelican(tmp_path, "pelican.Pelican")
    assert "Done: Processed" not in pelican(tmp_path, "harvest.integration.build.HarvestPelican")


def test_the_render_hook_leaves_out_pelicans_summary_only():
    with console.capture() as captured, _without_pelicans_summary():
        console.print("Done: Processed 0 articles, 0 drafts and 1 page in 0.10 seconds.")
        console.print("Iets anders")
    assert captured.get() == "Iets anders\n"
    with console.capture() as captured:  # the hook is gone after the build
        console.print("Done: Processed 0 articles")
    assert "Done: Processed" in captured.get()
