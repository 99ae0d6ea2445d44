"""Benchmark, the live preview's part: seconds from saving a playbook to the open page
showing the change (`python -m tools.bench --preview-only`, and part of `make bench`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from generator import languages

from generator.site.build import copy_handwritten_docs
from tools.bench_corpus import ROOT, make_corpus
from tools.sections import put_section

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview_latency(root: Path, playbook: str, edits: int = 5) -> list[float]:
    """Seconds from saving a playbook's YAML (its English title changed) until the open page in
    Chromium shows the new title, with `playbook serve` running on `root`, `edits` times."""
    import signal
    import urllib.request

    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}/playbooks/{playbook}.html"
    log = open(root / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(root), "serve",
                             "--addr", f"127.0.0.1:{port}"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=log, cwd=root)
    times: list[float] = []
    try:
        deadline = time.monotonic() + 900
        while True:
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"bench: the preview did not start:\n{(root / 'serve.log').read_text()}")
                time.sleep(0.5)
        path = root / "playbook" / "playbooks" / f"{playbook}.yaml"
        title = yaml.safe_load(path.read_text(encoding="utf-8"))["title"][languages.current().source]
        anchor = title.split()[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            try:
                page.goto(url)
            except Exception as exc:
                raise SystemExit(f"bench: the preview stopped ({exc}):\n{(root / 'serve.log').read_text()}")
            page.wait_for_selector("h1")
            previous = ""
            for i in range(edits):
                time.sleep(1.5)  # let the previous reload settle
                marker = f"Edit{i}x "
                text = path.read_text(encoding="utf-8")
                text = text.replace(previous + anchor, marker + anchor, 1)
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                page.wait_for_function("m => { const h = document.querySelector('h1');"
                                       " return h && h.textContent.startsWith(m); }",
                                       arg=marker, timeout=600000, polling=20)
                times.append(time.perf_counter() - start)
                previous = marker
            browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
    return times


def preview_rows(work: Path, n: int) -> list[dict]:
    """Save-to-browser latency at the real content size and at N playbooks."""
    real = work / "preview-real"
    real.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", real / "mkdocs.yml")
    shutil.copytree(ROOT / "playbook", real / "playbook")
    (real / "generator").symlink_to(ROOT / "generator")
    copy_handwritten_docs(ROOT / "docs", real / "docs")
    rows = []
    for label, root, pid in (("real content", real, "angry-customer"),
                             (f"N = {n}", work / f"preview-n{n}", "angry-customer-000")):
        if not root.exists():
            make_corpus(root, n)
        count = len(list((root / "playbook" / "playbooks").glob("*.yaml")))
        times = preview_latency(root, pid)
        # the preview's own account of each save: regeneration and MkDocs' rebuild, in seconds
        stages = re.findall(r"regenerated \(\d+ pages? changed\) in ([\d.]+) s, MkDocs ([\d.]+) s",
                            (root / "serve.log").read_text(encoding="utf-8"))[-len(times):]
        rows.append({"label": label, "playbooks": count, "times": times, "load": os.getloadavg()[0],
                     "generate": [float(g) for g, _ in stages], "mkdocs": [float(m) for _, m in stages]})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def preview_report(rows: list[dict]) -> str:
    lines = [
        PREVIEW_START,
        "## Live preview: save to browser",
        "",
        "`playbook serve` running, the page open in Chromium; one playbook's English title changed and saved; "
        "the time until the page shows the new title: the preview notices the save, regenerates the previewed "
        "language (only the changed file is re-read and re-checked), MkDocs rebuilds in the preview's own "
        "process (the open page first, then the save's other pages; see generator/preview/server.py), and the "
        "open page reloads. Measured by `make bench` (`python -m tools.bench --preview-only` runs only "
        "this part). The medians of the preview's own timings (from its log) show where the time goes; the "
        "rest is noticing the save and the browser's reload. The load average (1 minute, 2 cores) is taken "
        "after each row: on a shared machine it dominates the wall time.",
        "",
        "| content | playbooks | median s | slowest s | every save s | regenerate s | MkDocs s | load average "
        "| target | |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def median(values):
        values = sorted(values)
        return values[len(values) // 2] if values else float("nan")

    for row, target in zip(rows, (1.0, 2.0)):
        times = sorted(row["times"])
        mid = median(times)
        lines.append(f"| {row['label']} | {row['playbooks']} | {mid:.2f} | {times[-1]:.2f} | "
                     f"{', '.join(f'{t:.2f}' for t in row['times'])} | {median(row.get('generate', [])):.2f} | "
                     f"{median(row.get('mkdocs', [])):.2f} | {row.get('load', 0):.1f} | under {target:g} | "
                     f"{'met' if mid < target else 'not met'} |")
    return "\n".join(lines) + "\n" + PREVIEW_END + "\n"


PREVIEW_START = "<!-- live preview latency: written by bench.py -->"
PREVIEW_END = "<!-- end of live preview latency -->"


def put_preview_section(text: str, section: str) -> str:
    return put_section(text, PREVIEW_START, PREVIEW_END, section)
