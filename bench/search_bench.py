"""Search benchmark: Oogst's split lunr index next to Pagefind, on the same built site.

For each harvest size (bench/synth.py) the site is built once with Oogst's settings, then Pagefind
(from PyPI, `pagefind[bin]`) indexes the same entry pages. Measured in Chromium (Playwright), each
run in a fresh browser context (cold cache), on a blank page of the same local server:
- first search (median and fastest of --runs, the engines taking turns): from nothing loaded to
  the top 10 results with what they display (Oogst: lunr.js, lunr.nl, search-index.js, meta,
  shards, stored records; Pagefind: pagefind.js, its WebAssembly, metadata, index chunks,
  fragments of the top 10);
- bytes: every response of that search, counted as it would travel compressed: gzip -6 of the file,
  or the file itself when it is already compressed (Pagefind's own files);
- index sizes on disk, raw and gzip.
Usage: python -m bench.search_bench [--sizes 100 1000] [--runs 7] [--queries ...] [--work DIR]
       [--results PATH]"""

from __future__ import annotations

import argparse
import functools
import glob
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, "plugins"), ROOT]

from bench import chromium  # noqa: E402

QUERIES = ["innovatie", "gemeentes", "privacy", "burgers samenwerking"]
SECTIONS = ("projecten", "ervaringen", "instrumenten", "kennis", "schakelfiguren", "organisaties")
RUNS = 7  # the median of these is reported
TOP = 10

BLANK = "<!doctype html><html lang=nl><meta charset=utf-8><title>bench</title><body></body></html>"

OOGST_JS = """async ([q, top]) => {
  const t0 = performance.now();
  const load = (src) => new Promise((ok, fail) => {
    const s = document.createElement("script"); s.src = src; s.async = false;
    s.onload = ok; s.onerror = fail; document.head.appendChild(s);
  });
  // As search.js does it: the engine (one file) and meta.json together, then the parts the query needs.
  const loaded = await Promise.all([load("/zoeken/lunr/engine.js"),
    fetch("/zoeken/index/meta.json").then((r) => r.json())]);
  const meta = loaded[1];
  const get = (rel) => fetch("/zoeken/index/" + rel + "?v=" + meta.version).then((r) => r.json());
  const index = new (OogstIndex(lunr, get).ShardedIndex)(meta);
  const results = await index.search(q);
  const shown = await Promise.all(results.slice(0, top).map((r) => get("d/" + r.ref + ".json")));
  return { ms: performance.now() - t0, results: results.length, titles: shown.map((d) => d.t) };
}"""

PAGEFIND_JS = """async ([q, top]) => {
  const t0 = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(q);
  const shown = await Promise.all(search.results.slice(0, top).map((r) => r.data()));
  return { ms: performance.now() - t0, results: search.results.length,
           titles: shown.map((d) => d.meta.title) };
}"""


# The whole page as a reader meets it: from the navigation to /zoeken/?q=… (Oogst) or to a page
# with Pagefind's own UI (pagefind-ui.js and .css, its default) searching the same words, until
# the first page of results shows every result's title. On loopback, and on a phone's network as
# Chromium emulates it (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up: Lighthouse's "slow 4G").
PHONE = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
NETWORKS = {"loopback": None, "phone": PHONE}
PAGEFIND_UI = """<!doctype html><html lang=nl><meta charset=utf-8><title>Zoeken</title>
<meta name=viewport content="width=device-width, initial-scale=1">
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script>
<div id="search"></div>
<script>window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false });
  const q = new URLSearchParams(location.search).get("q"); if (q) { ui.triggerSearch(q); }
});</script>"""
# True, and the moment noted, once the first page of results has every title.
SHOWN_JS = {
    "oogst": """() => { const hits = document.querySelectorAll(".search-list li");
      const done = hits.length > 0 && !document.querySelector(".search-list li[aria-busy]");
      if (done && !window.__shown) { window.__shown = performance.now(); } return done; }""",
    "pagefind": """() => { const hits = document.querySelectorAll(".pagefind-ui__result");
      const done = hits.length > 0 && Array.from(hits).every(
        (h) => (h.querySelector(".pagefind-ui__result-link") || {}).textContent);
      if (done && !window.__shown) { window.__shown = performance.now(); } return done; }""",
}


def page_search(browser, base: str, output: str, engine: str, query: str, network: dict | None) -> dict:
    """One reader's first search on a page, in a fresh context (cold cache)."""
    from urllib.parse import quote

    context = browser.new_context()
    page = context.new_page()
    if network:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", network)
    urls = []
    page.on("requestfinished", lambda r: urls.append(r.url))
    address = "zoeken/" if engine == "oogst" else "pagefind-ui.html"
    page.goto(f"{base}/{address}?q={quote(query)}", wait_until="commit")
    page.wait_for_function(SHOWN_JS[engine], polling="raf", timeout=120_000)
    ms = page.evaluate("() => window.__shown")
    page.wait_for_load_state("networkidle")
    context.close()
    files = []
    for u in urls:
        rel = u.split(base + "/", 1)[1].split("?")[0]
        path = os.path.join(output, rel)
        files.append(os.path.join(path, "index.html") if os.path.isdir(path) else path)
    return {"ms": ms, "bytes": sum(wire_bytes(f) for f in files if os.path.isfile(f)), "requests": len(files)}


def measure_pages(browser, base: str, output: str, query: str, runs: int) -> dict:
    """Both whole pages on both networks, taking turns; medians."""
    out = {}
    for network, conditions in NETWORKS.items():
        seen = {"oogst": [], "pagefind": []}
        for _ in range(runs):
            for engine in seen:
                seen[engine].append(page_search(browser, base, output, engine, query, conditions))
        row = {engine: {"ms": round(statistics.median(r["ms"] for r in got), 1),
                        "ms_min": round(min(r["ms"] for r in got), 1),
                        "bytes": int(statistics.median(r["bytes"] for r in got)),
                        "requests": got[-1]["requests"]} for engine, got in seen.items()}
        row["time_ratio"] = round(row["oogst"]["ms"] / row["pagefind"]["ms"], 2)
        row["bytes_ratio"] = round(row["oogst"]["bytes"] / row["pagefind"]["bytes"], 2)
        out[network] = row
    return out


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a page that opens more connections at once than
    # that, while the accept loop waits for the GIL, has a connection dropped and retried a second
    # later. Static hosts listen with hundreds (nginx: 511); the engines are measured, not the queue.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A search that ended before its last response arrived: expected, not worth a traceback.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def wire_bytes(path: str) -> int:
    """What a file costs on the wire: gzip -6, unless it is already compressed."""
    with open(path, "rb") as fh:
        data = fh.read()
    return min(len(data), len(gzip.compress(data, 6, mtime=0)))


def dir_sizes(paths: list[str]) -> dict:
    raw = sum(os.path.getsize(p) for p in paths)
    return {"files": len(paths), "raw": raw, "gzip": sum(wire_bytes(p) for p in paths)}


def build_site(size: int, work: str) -> str:
    from pelican.settings import read_settings

    from bench.synth import TODAY, generate
    from harvest.integration.build import run_pelican

    content = os.path.join(work, f"content-{size}")
    output = os.path.join(work, f"site-{size}")
    generate(content, size)
    settings = read_settings(os.path.join(ROOT, "pelicanconf.py"), override={
        "PATH": content, "OUTPUT_PATH": output, "DELETE_OUTPUT_DIRECTORY": True,
        "CACHE_PATH": os.path.join(work, f"cache-{size}"), "LOAD_CONTENT_CACHE": False,
        "SEARCH_WHOLE_INDEX": True, "HARVEST_TODAY": TODAY})  # its size is reported next to the parts
    run_pelican(settings)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", output, "--quiet",
                    "--glob", "{" + ",".join(SECTIONS) + "}/*/index.html"], check=True)
    with open(os.path.join(output, "bench.html"), "w", encoding="utf-8") as fh:
        fh.write(BLANK)
    with open(os.path.join(output, "pagefind-ui.html"), "w", encoding="utf-8") as fh:
        fh.write(PAGEFIND_UI)
    return output


def first_search(browser, base: str, output: str, script: str, query: str) -> dict:
    context = browser.new_context()  # a cold cache: nothing of the site loaded yet
    page = context.new_page()
    page.goto(f"{base}/bench.html")
    urls = []
    page.on("requestfinished", lambda r: urls.append(r.url))
    result = page.evaluate(script, [query, TOP])
    page.wait_for_load_state("networkidle")
    context.close()
    files = [os.path.join(output, u.split(base + "/", 1)[1].split("?")[0]) for u in urls]
    return {"ms": result["ms"], "bytes": sum(wire_bytes(f) for f in files), "requests": len(files),
            "results": result["results"], "top": result["titles"][:3]}


def measure(browser, base: str, output: str, query: str, runs: int) -> dict:
    """Both engines, run after run in turn, so that a busy moment of the machine hits both."""
    seen = {"oogst": [], "pagefind": []}
    for _ in range(runs):
        seen["oogst"].append(first_search(browser, base, output, OOGST_JS, query))
        seen["pagefind"].append(first_search(browser, base, output, PAGEFIND_JS, query))
    out = {}
    for name, runs_of in seen.items():
        times = [r["ms"] for r in runs_of]
        out[name] = {**runs_of[-1], "ms": round(statistics.median(times), 1),
                     "ms_min": round(min(times), 1), "ms_all": [round(t, 1) for t in times],
                     "bytes": int(statistics.median(r["bytes"] for r in runs_of))}
    out["time_ratio"] = round(out["oogst"]["ms"] / out["pagefind"]["ms"], 2)
    # The fastest run of each is the least disturbed by whatever else the machine is doing.
    out["time_ratio_min"] = round(out["oogst"]["ms_min"] / out["pagefind"]["ms_min"], 2)
    out["bytes_ratio"] = round(out["oogst"]["bytes"] / out["pagefind"]["bytes"], 2)
    return out


def run_size(size: int, work: str, browser, queries=QUERIES, runs: int = RUNS) -> dict:
    output = build_site(size, work)
    index_dir = os.path.join(output, "zoeken", "index")
    split = [p for p in glob.glob(os.path.join(index_dir, "**", "*.json"), recursive=True)
             if not p.endswith("lunr.json")]
    row = {
        "size": size,
        "oogst_whole_lunr_json": dir_sizes([os.path.join(index_dir, "lunr.json")]),
        "oogst_split_index": dir_sizes(split),
        "oogst_shards": dir_sizes(glob.glob(os.path.join(index_dir, "s", "*.json"))),
        "oogst_meta": dir_sizes([os.path.join(index_dir, "meta.json")]),
        "oogst_store": dir_sizes(glob.glob(os.path.join(index_dir, "d", "*.json"))),
        "pagefind_bundle": dir_sizes([p for p in glob.glob(os.path.join(output, "pagefind", "**", "*"),
                                                           recursive=True) if os.path.isfile(p)]),
        "queries": {},
    }
    httpd = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=output))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        for query in queries:
            row["queries"][query] = measure(browser, base, output, query, runs)
            row["queries"][query]["pages"] = measure_pages(browser, base, output, query, runs)
    finally:
        httpd.shutdown()
        httpd.server_close()
    return row


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def table(rows: list[dict]) -> str:
    lines = ["| entries | index (raw / gzip) | query | first search Oogst | first search Pagefind "
             "| Oogst / Pagefind (bytes, median time) |", "|---|---|---|---|---|---|"]
    for row in rows:
        whole, split, pf = row["oogst_whole_lunr_json"], row["oogst_split_index"], row["pagefind_bundle"]
        sizes = (f"lunr whole {kb(whole['raw'])} / {kb(whole['gzip'])}; split {kb(split['raw'])} / "
                 f"{kb(split['gzip'])} in {split['files']} files; Pagefind {kb(pf['raw'])} on disk")
        for query, m in row["queries"].items():
            o, p = m["oogst"], m["pagefind"]
            lines.append(f"| {row['size']} | {sizes} | {query} | {kb(o['bytes'])}, {o['ms']} ms "
                         f"(min {o['ms_min']}), {o['requests']} requests, {o['results']} results | "
                         f"{kb(p['bytes'])}, {p['ms']} ms (min {p['ms_min']}), {p['requests']} requests, "
                         f"{p['results']} results | {m['bytes_ratio']}, {m['time_ratio']} "
                         f"(min {m['time_ratio_min']}) |")
            sizes = ""
    lines += ["", "| entries | query | network | page to first results: Oogst | Pagefind UI "
              "| Oogst / Pagefind UI (bytes, median time) |", "|---|---|---|---|---|---|"]
    for row in rows:
        for query, m in row["queries"].items():
            for network, n in m.get("pages", {}).items():
                o, p = n["oogst"], n["pagefind"]
                lines.append(f"| {row['size']} | {query} | {network} | {kb(o['bytes'])}, {o['ms']} ms "
                             f"(min {o['ms_min']}), {o['requests']} requests | {kb(p['bytes'])}, "
                             f"{p['ms']} ms (min {p['ms_min']}), {p['requests']} requests | "
                             f"{n['bytes_ratio']}, {n['time_ratio']} |")
    return "\n".join(lines)


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--work", default=os.path.join(ROOT, "bench", "work", "search"))
    parser.add_argument("--results", default=None, help="write the measurements as JSON here")
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    parser.add_argument("--runs", type=int, default=RUNS, help="first searches per engine and query")
    parser.add_argument("--chromium", default=None, help="Chromium to measure in (default: found on PATH)")
    args = parser.parse_args(argv)
    os.makedirs(args.work, exist_ok=True)
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        path = args.chromium or chromium.find()
        if path is None:
            sys.exit(chromium.MISSING)
        browser = p.chromium.launch(executable_path=path, args=chromium.ARGS)
        try:
            for size in args.sizes:
                print(f"{size} inzendingen…", file=sys.stderr, flush=True)
                started = time.perf_counter()
                rows.append(run_size(size, args.work, browser, args.queries, args.runs))
                print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        finally:
            browser.close()
    print(table(rows))
    if args.results:
        with open(args.results, "w", encoding="utf-8") as fh:
            json.dump({"machine": {"cores": os.cpu_count()}, "rows": rows}, fh, indent=2)
    return rows


if __name__ == "__main__":
    main()
