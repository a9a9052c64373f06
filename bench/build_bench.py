"""Build benchmark: Oogst's build next to its floor and its peer, at several harvest sizes.

Every figure of one size is measured in the same run, so ratios hold on a noisy machine:
- floor: a fresh process that reads every entry and converts each body once with one reused
  `markdown.Markdown` (the least any Markdown site generator must do);
- writing: the built site's files written back from memory into an empty folder (what the disk
  costs any generator of this site);
- full build: `pelican` as `make build` runs it, cold (no cache, empty output), with its peak
  memory (largest process; worker processes are forked and share most pages);
- rebuild: one entry's body edited, rebuilt in a warm process as `make serve` does it
  (harvest.tools.preview into a staging folder, then the files it changed copied to the served
  folder); then its title edited and rebuilt likewise ("herbouw titel");
- without drawings: the full build with the relation drawings and the network export switched
  off, so the table shows what the drawings cost (issue 17 allows them 10 %);
Floor, writing, build, build without drawings and rebuild are repeated (`repeat`) and their medians kept.
- Hugo: the same Markdown files with a minimal layout, when `hugo` is on the PATH."""

from __future__ import annotations

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

from bench.synth import TODAY

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# OOGST_TODAY: the day the synthetic events are arranged around (bench/synth.py), for every build.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.join(ROOT, "plugins"), ROOT]),
       "OOGST_TODAY": TODAY}


def measure(cmd: list[str], cwd: str = ROOT) -> dict:
    """Wall time and peak memory of a command, in a wrapper so that the peak is its own."""
    wrapper = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
               "print(json.dumps({'seconds': time.perf_counter() - t, 'returncode': r.returncode, "
               "'stderr': r.stderr.decode()[-2000:], "
               "'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")
    result = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, env=ENV,
                            capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    if figures["returncode"]:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{figures['stderr']}")
    return figures


def floor_main(content: str) -> None:
    """Run as a process of its own: read every entry, convert every body once."""
    from markdown import Markdown

    from harvest.content.markup import MARKDOWN

    md = Markdown(**MARKDOWN)
    for folder in sorted(os.listdir(content)):
        path = os.path.join(content, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            with open(os.path.join(path, name), encoding="utf-8") as fh:
                body = fh.read().split("\n---\n", 1)[-1]
            md.reset()
            md.convert(body)


def write_main(output: str) -> None:
    """Run as a process of its own: hold every file of a built site in memory, empty the folder,
    and time writing the files back (folders included): what any generator of this site pays
    the disk, whatever it computes. Prints the seconds."""
    files = {}
    for folder, _, names in os.walk(output):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                files[path] = fh.read()
    shutil.rmtree(output)
    start = time.perf_counter()
    for path, data in files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "megabytes": sum(map(len, files.values())) / 1e6}))


def rebuild_main(content: str, output: str) -> None:
    """Run as a process of its own, as the build worker of `make serve` does: build into a
    staging folder and copy it to the served one; edit one entry; time the rebuild and the copy.
    Prints the seconds and how many files changed in the served folder."""
    from harvest.tools.preview import Preview
    from harvest.tools.serving import mirror

    staging = output + "-staging"
    preview = Preview(os.path.join(ROOT, "pelicanconf.py"), path=content, output=staging)
    assert preview.build(clean=True), "warm-up build failed"
    mirror(staging, output)
    folder = os.path.join(content, "practices")
    victim = os.path.join(folder, sorted(os.listdir(folder))[0])
    with open(victim, "a", encoding="utf-8") as fh:
        fh.write("\nEen zin die een redacteur net toevoegde.\n")
    start = time.perf_counter()
    # The edited file, as `make serve`'s watcher reports it (LivePreview.changed).
    assert preview.build(changed=[victim]), "rebuild failed"
    changed = mirror(staging, output, preview.changed, preview.fresh)
    seconds = time.perf_counter() - start
    # Then its title: the listings, filters and linked pages that show it change too.
    with open(victim, encoding="utf-8") as fh:
        text = fh.read()
    with open(victim, "w", encoding="utf-8") as fh:
        fh.write(text.replace('title: "', 'title: "Nieuw ', 1))
    start = time.perf_counter()
    assert preview.build(changed=[victim]), "rebuild after a title edit failed"
    title_changed = mirror(staging, output, preview.changed, preview.fresh)
    assert preview.audit(), "the watcher's report was not all that changed"  # after the clock: off the wait
    print(json.dumps({"seconds": seconds, "files": changed, "title_seconds": time.perf_counter() - start,
                      "title_files": title_changed}))


def bare_main(content: str, output: str) -> None:
    """`pelican` as the full build runs it, with the relation drawings and the network export
    switched off (issue 17 allows them 10 % of the build): the same process, the same pages."""
    from pelican import main as pelican_main

    import harvest.integration.generator as generator
    import harvest.site.pages as pages
    from harvest.outputs import network

    pages.GLOBALS.update(neighbourhood=lambda entry: None, theme_map=lambda harvest, slug: None)
    generator.WRITERS = tuple(w for w in generator.WRITERS if w is not network.write_graph_data)
    pelican_main([content, "-s", os.path.join(ROOT, "pelicanconf.py"), "-o", output, "--ignore-cache"])


def hugo_build(content: str, work: str) -> dict | None:
    hugo = shutil.which("hugo")
    if not hugo:
        return None
    site = os.path.join(work, "hugo")
    shutil.rmtree(site, ignore_errors=True)
    layouts = os.path.join(site, "layouts", "_default")
    os.makedirs(layouts)
    with open(os.path.join(site, "hugo.toml"), "w") as fh:
        fh.write('baseURL = "/"\nlanguageCode = "nl"\ntitle = "Oogst"\ndisableKinds = ["taxonomy", "term"]\n')
    with open(os.path.join(layouts, "single.html"), "w") as fh:
        fh.write("<!doctype html><html lang=nl><title>{{ .Title }}</title><h1>{{ .Title }}</h1>"
                 "<p>{{ .Params.summary }}</p>{{ .Content }}</html>\n")
    with open(os.path.join(layouts, "list.html"), "w") as fh:
        fh.write("<!doctype html><html lang=nl><title>{{ .Title }}</title><ul>{{ range .Pages }}"
                 "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></html>\n")
    shutil.copytree(content, os.path.join(site, "content"), ignore=shutil.ignore_patterns("*.yml"))
    return measure([hugo, "--quiet", "--source", site, "--destination", os.path.join(site, "public")])


def _run_json(*args: str) -> dict:
    """Run one of this module's commands in a process of its own; its last line, as JSON."""
    done = subprocess.run([sys.executable, "-m", "bench.build_bench", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def rebuild(content: str, output: str) -> dict:
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(output + "-staging", ignore_errors=True)
    return _run_json("rebuild", content, output)


def run_size(size: int, work: str, repeat: int = 3) -> dict:
    """One size; floor, build and rebuild are each measured `repeat` times, taking turns (so a
    slow spell of the machine hits them alike), and the medians are kept."""
    from bench.synth import generate

    folder = os.path.join(work, str(size))
    content, output = os.path.join(folder, "content"), os.path.join(folder, "output")
    row: dict = {"entries": size, "repeat": repeat}
    floors, builds, peaks, rebuilds, writes, bares = [], [], [], [], [], []
    for _ in range(repeat):
        row["types"] = generate(content, size)  # afresh: the rebuild edits an entry
        floors.append(measure([sys.executable, "-m", "bench.build_bench", "floor", content])["seconds"])
        shutil.rmtree(output, ignore_errors=True)
        full = measure([sys.executable, "-m", "pelican", content, "-s", "pelicanconf.py", "-o", output,
                        "--ignore-cache"])
        builds.append(full["seconds"])
        peaks.append(full["peak_mb"])
        shutil.rmtree(output + "-bare", ignore_errors=True)
        bares.append(measure([sys.executable, "-m", "bench.build_bench", "bare", content,
                              output + "-bare"])["seconds"])
        writes.append(_run_json("write", output))
        rebuilds.append(rebuild(content, output + "-preview"))
    row["floor"], row["build"] = statistics.median(floors), statistics.median(builds)
    row["build_peak_mb"] = max(peaks)
    row["build_bare"] = statistics.median(bares)
    row["drawings_share"] = 100 * (row["build"] - row["build_bare"]) / row["build_bare"]
    row["rebuild"] = statistics.median(r["seconds"] for r in rebuilds)
    row["rebuild_files"] = rebuilds[0]["files"]
    row["rebuild_title"] = statistics.median(r["title_seconds"] for r in rebuilds)
    row["rebuild_title_files"] = rebuilds[0]["title_files"]
    row["write"] = statistics.median(w["seconds"] for w in writes)
    row["output_mb"] = writes[0]["megabytes"]
    row["pages"] = sum(len([f for f in files if f.endswith(".html")]) for _, _, files in os.walk(output))
    hugo = hugo_build(content, folder)
    row["hugo"] = hugo and hugo["seconds"]
    row["hugo_peak_mb"] = hugo and hugo["peak_mb"]
    row["build_vs_floor"] = row["build"] / row["floor"]
    row["rebuild_vs_build"] = row["rebuild"] / row["build"]
    return row


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "floor":
        floor_main(sys.argv[2])
    elif command == "rebuild":
        rebuild_main(sys.argv[2], sys.argv[3])
    elif command == "bare":
        bare_main(sys.argv[2], sys.argv[3])
    elif command == "write":
        write_main(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {command}")


COLUMNS = [("entries", "inzendingen", "{:d}"), ("pages", "pagina's", "{:d}"), ("floor", "vloer s", "{:.2f}"),
           ("output_mb", "uitvoer MB", "{:.0f}"), ("write", "schrijven s", "{:.2f}"),
           ("build", "bouw s", "{:.2f}"), ("build_vs_floor", "bouw/vloer", "{:.2f}"),
           ("build_bare", "zonder tekeningen s", "{:.2f}"), ("drawings_share", "tekeningen %", "{:+.0f}"),
           ("build_peak_mb", "geheugen MB", "{:.0f}"), ("rebuild", "herbouw s", "{:.2f}"),
           ("rebuild_vs_build", "herbouw/bouw", "{:.2f}"),
           ("rebuild_title", "herbouw titel s", "{:.2f}"), ("hugo", "Hugo s", "{:.2f}"),
           ("hugo_peak_mb", "Hugo MB", "{:.0f}")]


def table(rows: list[dict]) -> str:
    cells = [[label for _, label, _ in COLUMNS]]
    for row in rows:
        cells.append(["–" if row.get(key) is None else fmt.format(row[key]) for key, _, fmt in COLUMNS])
    widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
    lines = ["| " + " | ".join(c.rjust(w) for c, w in zip(r, widths)) + " |" for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def plot(rows: list[dict], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["entries"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(sizes, [r["build"] for r in rows], "o-", label="Oogst: volledige bouw")
    left.plot(sizes, [r["rebuild"] for r in rows], "o--", label="Oogst: herbouw na 1 wijziging")
    left.plot(sizes, [r["floor"] for r in rows], "s:", label="Vloer: alleen Markdown")
    left.plot(sizes, [r["write"] for r in rows], "x:", label="Alleen de uitvoer schrijven")
    if all(r.get("hugo") for r in rows):
        left.plot(sizes, [r["hugo"] for r in rows], "^-", label="Hugo")
    left.set(xscale="log", yscale="log", xlabel="inzendingen", ylabel="seconden", title="Bouwtijd")
    right.plot(sizes, [r["build_peak_mb"] for r in rows], "o-", label="Oogst")
    if all(r.get("hugo_peak_mb") for r in rows):
        right.plot(sizes, [r["hugo_peak_mb"] for r in rows], "^-", label="Hugo")
    right.set(xscale="log", xlabel="inzendingen", ylabel="MB", title="Piekgeheugen")
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)


def lighthouse_scores() -> dict:
    """Lighthouse's four scores per kind of page of the published starter harvest (bench/lighthouse.py);
    empty without Chromium. Performance is the one the tests do not assert: recorded here."""
    from bench import chromium, lighthouse

    path = chromium.find()
    if path is None or not os.path.exists(lighthouse.LIGHTHOUSE):
        print("Lighthouse overgeslagen: Chromium of node_modules ontbreekt.", file=sys.stderr)
        return {}
    print("Lighthouse op de startoogst…", file=sys.stderr, flush=True)
    with lighthouse.published_site() as base:
        found = lighthouse.audit_site(base, path)
    print(lighthouse.table(found))
    return found


def main(sizes: list[int], work: str, results: str, search_sizes: tuple[int, ...] = (),
         search_runs: int = 5, repeat: int = 3, lighthouse: bool = False) -> list[dict]:
    """Measure every size, print one table, write `results`.json and `results`.png. The search
    figures (bench/search_bench.py, against Pagefind) are added for `search_sizes`, Lighthouse's
    scores with `lighthouse`."""
    # The plugins' bytecode, as an installed package or any earlier run leaves it: where
    # PYTHONDONTWRITEBYTECODE is set (this machine's sessions), every build compiled them again.
    compileall.compile_dir(os.path.join(ROOT, "plugins"), quiet=1)
    rows = []
    for size in sizes:
        print(f"bouw: {size} inzendingen…", file=sys.stderr, flush=True)
        rows.append(run_size(size, os.path.join(work, "build"), repeat))
    search = []
    if search_sizes:
        from bench import search_bench

        search = search_bench.main(["--sizes", *map(str, search_sizes), "--runs", str(search_runs),
                                    "--work", os.path.join(work, "search")])
    scores = lighthouse_scores() if lighthouse else {}
    print(table(rows))
    with open(results + ".json", "w", encoding="utf-8") as fh:
        json.dump({"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
                   "build": rows, "search": search, **({"lighthouse": scores} if lighthouse else {})},
                  fh, indent=2)
    plot(rows, results + ".png")
    return rows
