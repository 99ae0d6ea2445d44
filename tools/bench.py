"""Benchmark: `make bench` (or `python -m tools.bench`). Writes BENCHMARK.md.

A synthetic corpus of N playbooks (N = 50, 250, 1000) is cloned from the real playbooks'
shapes, with the text varied per copy so search indexes grow as they would. For each N it
measures the generator against MkDocs, the languages in parallel against one after the
other, CPU time and peak memory, per-page cost, what a reader downloads, and how long
regenerating after a one-playbook change takes. Nothing here is asserted: the numbers
go into a table that the repository keeps, so that changes can be compared.
The real site's whole build against plain MkDocs is bench_build.py; the live preview's
save-to-browser time is bench_preview.py; the corpora are bench_corpus.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator import languages
from generator.site.build import build_languages, mkdocs_command, mkdocs_env
from generator.project import Project
from generator.write.generate import Caches, generate
from tools import bench_build
from tools.bench_corpus import ROOT, make_corpus
from tools.bench_preview import preview_report, preview_rows, put_preview_section

SIZES = (50, 250, 1000)
OWN_ASSETS = ("assets/playbook/head.js", "assets/playbook/playbook.js", "assets/playbook/playbook.css")


def timed(fn):
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - start_wall, time.process_time() - start_cpu


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def edit(project: Project, playbook: str, old: str, new: str) -> None:
    target = project.content / "playbooks" / f"{playbook}.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def run_size(n: int, work: Path) -> dict:
    project = Project(work / f"n{n}")
    make_corpus(project.root, n)
    row: dict = {"n": n, "pages": n * len(languages.current().codes)}

    # First run: nothing cached anywhere (a fresh clone). CPU counts the forked workers too.
    caches = Caches()  # as the live preview keeps them between saves
    cpu0 = children_cpu()
    (corpus, _), gen_wall, gen_cpu = timed(lambda: generate(project, caches=caches))
    row["gen_s"], row["gen_cpu_s"] = gen_wall, gen_cpu + children_cpu() - cpu0
    row["gen_per_page_ms"] = 1000 * gen_wall / row["pages"]
    row["gen_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # this process, all sizes so far

    cpu0 = children_cpu()
    out_par = work / f"site-par-{n}"
    _, par_wall, _ = timed(lambda: build_languages(project, out_par, jobs=len(languages.current().codes)))
    row["mkdocs_parallel_s"], row["mkdocs_cpu_s"] = par_wall, children_cpu() - cpu0
    out_seq = work / f"site-seq-{n}"
    (peaks, seq_wall, _) = timed(lambda: one_after_the_other(project, out_seq))
    row["mkdocs_sequential_s"], row["mkdocs_peak_mb"] = seq_wall, max(peaks)
    row["gen_share_pct"] = 100 * gen_wall / (gen_wall + seq_wall)
    row["total_s"] = gen_wall + par_wall

    index = {lang: (out_par / lang / "search" / "search_index.json") for lang in languages.current().codes}
    row["index_kb"] = {lang: p.stat().st_size / 1024 for lang, p in index.items()}
    row["index_gz_kb"] = {lang: len(gzip.compress(p.read_bytes(), 9)) / 1024 for lang, p in index.items()}
    page = out_par / languages.current().default / "playbooks" / "angry-customer-000" / "index.html"
    row["page_kb"] = page.stat().st_size / 1024

    # Second run in a new process (a second `make site`): only the on-disk cache to go on.
    (_, log), row["warm_s"], _ = timed(lambda: generate(project))
    row["warm_written"] = len(log.written)
    row["warm_share_pct"] = 100 * row["warm_s"] / (row["warm_s"] + seq_wall)
    # One playbook edited, then `make site` again (new process, on-disk cache).
    edit(project, "angry-customer-000", "Nobody enjoys", "No one enjoys")
    (_, log), row["edit_cli_s"], _ = timed(lambda: generate(project))
    row["edit_cli_written"] = len(log.written)
    # The edit undone while the live preview runs (its caches are in memory): the
    # translations are current again, so the same 8 files change back.
    edit(project, "angry-customer-000", "No one enjoys", "Nobody enjoys")
    (_, log), row["incremental_s"], _ = timed(lambda: generate(project, caches=caches))
    row["incremental_written"] = len(log.written)
    (_, log2), noop_wall, _ = timed(lambda: generate(project, caches=caches))
    row["noop_s"], row["noop_written"] = noop_wall, len(log2.written)
    shutil.rmtree(out_seq, ignore_errors=True)
    return row


# MkDocs run as `python -m mkdocs`, reporting its own peak memory when it ends. (The
# generator's forked workers are children of this process too, so rusage can't tell them
# apart, and a child's ru_maxrss starts from its parent's; VmHWM starts afresh at exec.)
_MEASURED_MKDOCS = ("import re, runpy, sys\n"
                    "sys.argv = ['mkdocs'] + sys.argv[1:]\n"
                    "try:\n    runpy.run_module('mkdocs', run_name='__main__')\n"
                    "finally:\n    status = open('/proc/self/status').read()\n"
                    "    print('PEAK', re.search(r'VmHWM:\\s*(\\d+)', status).group(1), file=sys.stderr)\n")


def one_after_the_other(project: Project, out: Path) -> list[float]:
    """The language builds one at a time, as build.build_languages(jobs=1) runs them; peak MB of each."""
    peaks = []
    for lang in languages.current().codes:
        cmd = mkdocs_command(project, lang, out / lang)
        assert cmd[1:3] == ["-m", "mkdocs"]
        result = subprocess.run([cmd[0], "-c", _MEASURED_MKDOCS, *cmd[3:]], cwd=project.root, capture_output=True,
                                text=True, env=mkdocs_env(project))
        if result.returncode != 0:
            raise SystemExit(f"MkDocs failed ({lang}):\n{result.stderr}")
        peaks.append(int(re.findall(r"^PEAK (\d+)$", result.stderr, re.M)[-1]) / 1024)
    return peaks


def asset_bytes(site: Path) -> tuple[int, int]:
    own = sum((site / languages.current().default / a).stat().st_size for a in OWN_ASSETS)
    material = sum(p.stat().st_size for p in (site / languages.current().default / "assets").rglob("*")
                   if p.is_file() and p.suffix in (".js", ".css") and "playbook" not in p.parts
                   and "lunr" not in p.parts and "workers" not in p.parts)
    return own, material


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, "
            f"Python {platform.python_version()}")


def marginal_ms(rows: list[dict]) -> list[float | None]:
    """Generator time per extra page between one N and the next: how cost grows, without
    the fixed start-up (templates, locale data, worker processes) that every run pays once."""
    out: list[float | None] = [None]
    for a, b in zip(rows, rows[1:]):
        out.append(1000 * (b["gen_s"] - a["gen_s"]) / (b["pages"] - a["pages"]))
    return out


def report(rows: list[dict], own: int, material: int) -> str:
    big, first = rows[-1], rows[0]
    marginal = marginal_ms(rows)
    lines = [
        "# Benchmark",
        "",
        f"Machine: {machine()}. Produced by `make bench` ({Path(__file__).name}); numbers vary a little between runs.",
        "",
        "## Generator",
        "",
        "First run: a fresh clone, nothing cached. Second run: a new process with `.cache/generator/` from the first "
        "(a second `make site`). Edit: one playbook's English changed, then a new process (`make site`) or the running "
        "live preview (`make serve`, caches in memory).",
        "",
        "| N playbooks | pages (×4 languages) | first run s | ms/page | ms per extra page | CPU s | peak MB "
        "| second run s, files written | edit, new process: s, files | edit, live preview: s, files "
        "| no change, live preview: s, files |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r, m in zip(rows, marginal):
        lines.append(
            f"| {r['n']} | {r['pages']} | {r['gen_s']:.2f} | {r['gen_per_page_ms']:.2f} | "
            f"{'–' if m is None else f'{m:.2f}'} | {r['gen_cpu_s']:.1f} | {r['gen_peak_mb']:.0f} "
            f"| {r['warm_s']:.2f}, {r['warm_written']} | {r['edit_cli_s']:.2f}, {r['edit_cli_written']} "
            f"| {r['incremental_s']:.2f}, {r['incremental_written']} | {r['noop_s']:.2f}, {r['noop_written']} |")
    lines += [
        "",
        "## MkDocs and the whole build",
        "",
        "| N playbooks | MkDocs, languages in parallel s | MkDocs, one after the other s | MkDocs CPU s "
        "| peak MB, one MkDocs | generator share, first run % | generator share, second run % "
        "| total build (first run + parallel MkDocs) s | one playbook page KB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['mkdocs_parallel_s']:.1f} | {r['mkdocs_sequential_s']:.1f} | {r['mkdocs_cpu_s']:.1f} "
            f"| {r['mkdocs_peak_mb']:.0f} | {r['gen_share_pct']:.1f} | {r['warm_share_pct']:.1f} | {r['total_s']:.1f} "
            f"| {r['page_kb']:.1f} |")
    lines += ["", f"Search index one reader downloads at N = {big['n']} (only their own language's):", "",
              "| language | search_index.json KB | gzip KB |", "|---|---|---|"]
    for lang in languages.current().codes:
        lines.append(f"| {lang} | {big['index_kb'][lang]:.0f} | {big['index_gz_kb'][lang]:.0f} |")
    raw = big["gen_per_page_ms"] / first["gen_per_page_ms"]
    steps = [m for m in marginal if m is not None]
    spread = max(steps) / min(steps) if len(steps) > 1 and min(steps) > 0 else None
    share_met = big["gen_share_pct"] < 5
    over = big["gen_share_pct"] / 5
    lines += [
        "",
        f"JavaScript and CSS a playbook page adds to Material's own: {own / 1024:.1f} KB "
        f"(Material's: {material / 1024:.0f} KB), plus the 1 KB search-worker wrapper.",
        "",
        "## Targets",
        "",
        f"- Generator under 5% of the MkDocs build at N = {big['n']} (generator time against the generator plus "
        f"MkDocs building the languages one after the other): first run {big['gen_share_pct']:.1f}% "
        f"({'met' if share_met else f'not met: {over:.1f}× the target'}); "
        f"second run {big['warm_share_pct']:.1f}% ({'met' if big['warm_share_pct'] < 5 else 'not met'}).",
        f"- Generation time per page flat (within 20%) from N = {first['n']} to {big['n']}: per extra page "
        + (f"{' → '.join(f'{m:.2f}' for m in steps)} ms, a spread of ×{spread:.2f} "
           f"({'met' if spread <= 1.2 else 'not met'})" if spread else "n/a")
        + f"; whole run divided by pages {first['gen_per_page_ms']:.2f} → {big['gen_per_page_ms']:.2f} ms "
          f"(×{raw:.2f}: the fixed start-up weighs more on small N; the cost never grows with N).",
        f"- One changed playbook at N = {big['n']}: the live preview rewrites {big['incremental_written']} files in "
        f"{big['incremental_s']:.2f} s ({'met' if big['incremental_s'] < 1 else 'not met'}); a new process "
        f"(`make site`) {big['edit_cli_written']} files in {big['edit_cli_s']:.2f} s "
        f"({'met' if big['edit_cli_s'] < 1 else 'not met: it first reads all ' + str(big['n']) + ' files back from the cache'}); "
        f"an unchanged regeneration writes {big['noop_written']} files.",
        f"- Languages in parallel: {big['mkdocs_parallel_s']:.0f} s against {big['mkdocs_sequential_s']:.0f} s one after "
        f"the other ({'met' if big['mkdocs_parallel_s'] < big['mkdocs_sequential_s'] else 'not met'}; 2 cores, "
        "4 separate MkDocs processes).",
        f"- A playbook page's HTML: {first['page_kb']:.1f} KB at N = {first['n']}, {big['page_kb']:.1f} KB at "
        f"N = {big['n']} (playbooks are listed in the navigation only up to build.NAV_LIMIT; past that, staff "
        "reach them from the home page, the index and search).",
        "",
    ]
    return "\n".join(lines) + NOTES


NOTES = """
## Notes

- **Where the generator's time goes on a first run** (profiled at N = 1000): parsing YAML
  with libyaml is about 7 ms a file (a playbook is ~25 KB in four languages), spread over
  the cores in forked processes; the typed model and the checks about 1 ms a file; Jinja
  about 2.5 ms a page in each language, the languages rendered side by side. PyYAML's C
  parser still builds a Python object for every node, which puts a floor under the first
  run; a second run parses nothing it has seen (`.cache/generator/`, by file content),
  checks nothing that passed in the same context, and renders only pages whose inputs
  changed. CI keeps that folder between runs (actions/cache).
- **Flat per page.** The column "ms per extra page" is the slope between one N and the
  next: what each further page costs. A whole run divided by its pages also carries the
  fixed start-up (compiling templates, locale data, starting worker processes), which is
  why that figure falls as N grows.
- **One change.** Editing the English of one playbook rewrites 8 files: its page in 4
  languages (the 3 translations now show an "outdated" notice) and the 4 status pages.
- **Search index.** Each language is its own MkDocs build, so a reader downloads one
  language's index; it grows with the content (Material indexes every section's text).
  Web servers compress JSON; the gzip column is what travels.
- **Coverage page.** It names up to 12 playbook parts per source section and counts the
  rest, so it stays readable (and quick for MkDocs) with hundreds of playbooks.
- Measured on the machine named above while nothing else ran; `make bench` takes about
  ten minutes.
"""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated N (default: 50,250,1000)")
    p.add_argument("--output", default=str(ROOT / "BENCHMARK.md"), help="where to write the table")
    p.add_argument("--preview-only", action="store_true",
                   help="measure only the live preview's save-to-browser time (and update that section)")
    p.add_argument("--build-only", action="store_true",
                   help="measure only the real site's build against plain MkDocs (and update that section)")
    p.add_argument("--runs", type=int, default=5, help="runs of each, build and plain MkDocs (default: 5)")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
        if args.preview_only or args.build_only:
            output = Path(args.output)
            text = output.read_text(encoding="utf-8") if output.exists() else "# Benchmark\n"
            if args.build_only:
                text = bench_build.put_build_section(text, bench_build.report(bench_build.measure(Path(tmp), args.runs)))
            if args.preview_only:
                text = put_preview_section(text, preview_report(preview_rows(Path(tmp), max(sizes))))
            output.write_text(text, encoding="utf-8")
            print(text)
            return 0
        whole = bench_build.report(bench_build.measure(Path(tmp), args.runs))
        for n in sizes:
            print(f"bench: N = {n} …", file=sys.stderr, flush=True)
            rows.append(run_size(n, Path(tmp)))
            print(json.dumps({k: v for k, v in rows[-1].items() if not isinstance(v, dict)}), file=sys.stderr)
        own, material = asset_bytes(Path(tmp) / f"site-par-{sizes[0]}")
        preview = preview_report(preview_rows(Path(tmp), max(sizes)))
    text = report(rows, own, material)
    # The search-quality section is `make search-eval`'s: keep it.
    from tools.search_eval import current_section

    kept = current_section(Path(args.output))
    if kept:
        text = text.rstrip("\n") + "\n\n" + kept + "\n"
    text = put_preview_section(bench_build.put_build_section(text, whole), preview)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0



if __name__ == "__main__":
    raise SystemExit(main())
