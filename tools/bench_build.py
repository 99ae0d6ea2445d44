"""Benchmark, the whole build against plain MkDocs: `playbook build` of the real content,
cold (no `.cache/`, no generated pages: a fresh clone), side by side with plain MkDocs
building the same generated docs/ (one `python -m mkdocs build --strict` per language, as
many at a time as the build runs), alternating, in the same run. `python -m tools.bench
--build-only` runs only this part; `make bench` runs it too."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator import languages
from generator.site.build import copy_handwritten_docs, mkdocs_command, mkdocs_env
from generator.project import Project
from tools.bench_corpus import ROOT, copy_real
from tools.sections import put_section

START = "<!-- build against plain MkDocs: written by bench_build.py -->"
END = "<!-- end of build against plain MkDocs -->"
TARGET = 1.2  # the build at most 1.2 times plain MkDocs


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(fn) -> tuple[float, float]:
    """Wall seconds and CPU seconds of the processes `fn` ran (all waited for)."""
    cpu, wall = _children_cpu(), time.perf_counter()
    fn()
    return time.perf_counter() - wall, _children_cpu() - cpu


def cold(project: Project) -> None:
    """Back to a fresh clone: no cache, no generated pages, no site."""
    for folder in (project.root / ".cache", project.site, project.docs):
        shutil.rmtree(folder, ignore_errors=True)
    copy_handwritten_docs(ROOT / "docs", project.docs)


def playbook_build(project: Project, env: dict[str, str]) -> None:
    cold(project)
    subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), "build"],
                   cwd=project.root, env=env, check=True, stdout=subprocess.DEVNULL)


def plain_mkdocs(project: Project, out: Path, jobs: int) -> None:
    """The generated docs/ built by MkDocs alone: one process per language, `jobs` at a time."""
    shutil.rmtree(out, ignore_errors=True)
    env = mkdocs_env(project)

    def one(lang: str) -> None:
        subprocess.run(mkdocs_command(project, lang, out / lang), cwd=project.root, env=env, check=True,
                       capture_output=True)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, languages.current().codes))


def measure(work: Path, runs: int = 5) -> dict:
    project = Project(copy_real(work / "build-vs-mkdocs"))
    env = dict(os.environ, SOURCE_DATE_EPOCH=mkdocs_env(project)["SOURCE_DATE_EPOCH"])
    jobs = min(len(languages.current().codes), max(2, os.cpu_count() or 2))  # as site.LanguageBuilds runs them
    playbook_build(project, env)  # a first build: docs/ for plain MkDocs, and warm OS file caches
    out = work / "plain-mkdocs"
    plain_mkdocs(project, out, jobs)
    loads = [os.getloadavg()[0]]
    builds, plains = [], []
    for _ in range(runs):  # alternating, so that a change in the machine's load hits both alike
        builds.append(_timed(lambda: playbook_build(project, env)))
        plains.append(_timed(lambda: plain_mkdocs(project, out, jobs)))
        loads.append(os.getloadavg()[0])
    row = {
        "runs": runs, "jobs": jobs,
        "build_s": statistics.median(w for w, _ in builds), "build_cpu_s": statistics.median(c for _, c in builds),
        "mkdocs_s": statistics.median(w for w, _ in plains), "mkdocs_cpu_s": statistics.median(c for _, c in plains),
        "build_all": [w for w, _ in builds], "mkdocs_all": [w for w, _ in plains],
        "load_min": min(loads), "load_max": max(loads),
    }
    row["ratio"] = row["build_s"] / row["mkdocs_s"]
    row["cpu_ratio"] = row["build_cpu_s"] / row["mkdocs_cpu_s"]
    return row


def report(row: dict) -> str:
    verdict = "met" if row["ratio"] <= TARGET else "not met"
    return "\n".join([
        START,
        "## The build against plain MkDocs",
        "",
        "`playbook build` of the real content as a new process, cold (no `.cache/`, no generated pages, "
        "no site: a fresh clone), against plain MkDocs building the same generated docs/ (one "
        f"`python -m mkdocs build --strict` per language, {row['jobs']} at a time, as the build runs them), "
        f"alternating, {row['runs']} runs each, medians. CPU: user + system time of every process each ran. "
        "Written by `make bench` (`python -m tools.bench --build-only` runs only this part). The load average "
        "(1 minute, 2 cores) is the range seen over the runs: on a shared machine it dominates the wall time.",
        "",
        "| | median s | every run s | CPU s |",
        "|---|---|---|---|",
        f"| `playbook build` (cold) | {row['build_s']:.2f} | {', '.join(f'{t:.2f}' for t in row['build_all'])} "
        f"| {row['build_cpu_s']:.2f} |",
        f"| plain MkDocs, same docs/ | {row['mkdocs_s']:.2f} | {', '.join(f'{t:.2f}' for t in row['mkdocs_all'])} "
        f"| {row['mkdocs_cpu_s']:.2f} |",
        "",
        f"The build takes {row['ratio']:.2f}× plain MkDocs' wall time ({row['cpu_ratio']:.2f}× its CPU time); "
        f"target at most {TARGET:g}× ({verdict}). Load average {row['load_min']:.1f} to {row['load_max']:.1f}.",
        END,
        "",
    ])


def put_build_section(text: str, section: str) -> str:
    return put_section(text, START, END, section)
