"""Lighthouse (npm `lighthouse`, pinned 12.2.3: 13 needs Node 22) in headless Chromium on six kinds
of page of the published build, served on 127.0.0.1: the four scores per page.

Usage: python -m bench.lighthouse [--base URL]
Without --base the starter harvest is built with publishconf.py (SITEURL = the local server, so
canonical addresses are this server's) into a temporary folder and served. Exits 1 when a page
scores under 100 on accessibility, best practices or SEO, naming the audits that failed;
performance is reported only: it depends on how busy the machine is."""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, "plugins"), ROOT]

from bench import chromium  # noqa: E402
from bench.search_bench import Quiet, QuietServer  # noqa: E402

LIGHTHOUSE = os.path.join(ROOT, "node_modules", ".bin", "lighthouse")
PAGES = {  # kind of page: address on the site
    "home": "/",
    "overzicht": "/ervaringen/",
    "inzending": "/kennis/vier-soorten-oogst/",  # with `##` sections: the heading order counts
    "themas": "/themas/",
    "zoeken": "/zoeken/?q=innovatie",  # with results: search.js and the index at work
    "organisatie": "/organisaties/vlaamse-overheid/",
}
CATEGORIES = {"performance": "performance", "accessibility": "toegankelijkheid",
              "best-practices": "goede praktijken", "seo": "SEO"}
JUDGED = ("accessibility", "best-practices", "seo")  # must be 100; performance is reported


def audit(url: str, chromium_path: str) -> dict:
    """One page: {category: score 0-100, "failed": [audit ids under full marks in JUDGED]}."""
    run = subprocess.run(
        [LIGHTHOUSE, url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-path={chromium_path}",
         f"--chrome-flags={' '.join(chromium.ARGS)}"],
        capture_output=True, text=True, timeout=300)
    if run.returncode:
        raise RuntimeError(f"lighthouse {url}: {run.stderr.strip()[-2000:]}")
    report = json.loads(run.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url}: {report['runtimeError']}")
    scores = {name: round(cat["score"] * 100) for name, cat in report["categories"].items()}
    failed = sorted({ref["id"] for name in JUDGED for ref in report["categories"][name]["auditRefs"]
                     if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1})
    return {**scores, "failed": failed}


def audit_site(base: str, chromium_path: str) -> dict[str, dict]:
    """Every kind of page, one after the other (in parallel they would slow each other down)."""
    return {kind: audit(base.rstrip("/") + path, chromium_path) for kind, path in PAGES.items()}


def table(results: dict[str, dict]) -> str:
    lines = ["| pagina | adres | " + " | ".join(CATEGORIES.values()) + " |",
             "|---|---|" + "---:|" * len(CATEGORIES)]
    for kind, scores in results.items():
        lines.append(f"| {kind} | `{PAGES[kind]}` | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
    return "\n".join(lines)


def verdict(results: dict[str, dict]) -> str | None:
    """None when every page scores 100 where it must; else each page under, with the audits
    that cost it (the exit message of `make audit`)."""
    under = [f"{PAGES[kind]}: {', '.join(f'{CATEGORIES[c]} {scores[c]}' for c in JUDGED if scores[c] < 100)}"
             f" ({', '.join(scores['failed'])})"
             for kind, scores in results.items() if any(scores[c] < 100 for c in JUDGED)]
    return "Onder 100:\n" + "\n".join(under) if under else None


@contextlib.contextmanager
def published_site():
    """The starter harvest built with publishconf.py and served on 127.0.0.1; yields the URL."""
    with tempfile.TemporaryDirectory(prefix="oogst-audit-") as output:
        httpd = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=output))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        try:
            env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins"), "SITEURL": base}
            subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", output,
                            "-q"], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)  # Pelican's summary; problems go to stderr
            yield base
        finally:
            httpd.shutdown()
            httpd.server_close()


def main(argv=None) -> dict[str, dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="audit this site instead of a fresh published build")
    args = parser.parse_args(argv)
    path = chromium.find()
    if path is None:
        sys.exit(chromium.MISSING)
    if not os.path.exists(LIGHTHOUSE):
        sys.exit("Lighthouse ontbreekt in node_modules: `npm ci` (of `make test`) installeert het.")
    with contextlib.nullcontext(args.base) if args.base else published_site() as base:
        print(f"Lighthouse op {len(PAGES)} pagina's van {base} …", file=sys.stderr, flush=True)
        results = audit_site(base, path)
    print(table(results))
    return results


if __name__ == "__main__":
    sys.exit(verdict(main()))
