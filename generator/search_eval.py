"""Search quality: `make search-eval` runs staff queries through the built site's search.

The queries (tests/search_queries.yaml, and the later held-out set
tests/search_queries_heldout.yaml) go through the very worker the browser runs: node
executes the built site's search-stemmed.js, Material's worker bundle and lunr's
language support against site/<lang>/search/search_index.json (generator/search_eval.js).
It prints, per language, hit@1 (the first result is an expected playbook) and hit@3 (one
of the first three is), and lists the misses so that they can be looked at.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).with_suffix(".js")
QUERY_SETS = {"main": ROOT / "tests" / "search_queries.yaml",
              "heldout": ROOT / "tests" / "search_queries_heldout.yaml"}


class EvalError(Exception):
    pass


@dataclass
class LangScore:
    lang: str
    total: int = 0
    hit1: int = 0
    hit3: int = 0
    false_missing: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, hits: int) -> float:
        return hits / self.total if self.total else 0.0


def playbook_of(location: str) -> str | None:
    parts = location.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "playbooks":
        return parts[1].removesuffix(".html")
    return None


def run_queries(site_lang_dir: Path, queries: list[str]) -> list[list[dict]]:
    """The result groups (pages, best first) for each query, from the built site's worker."""
    node = shutil.which("node")
    if not node:
        raise EvalError("node is needed to run the site's search worker (install Node.js)")
    if not (site_lang_dir / "search" / "search_index.json").is_file():
        raise EvalError(f"{site_lang_dir} has no search index: run `make site` first")
    out = subprocess.run([node, str(RUNNER), str(site_lang_dir)], input=json.dumps(queries),
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise EvalError(f"the search worker failed for {site_lang_dir}:\n{out.stderr.strip()}")
    return json.loads(out.stdout)


def load_queries(path: Path) -> dict[str, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: data.get(lang, []) for lang in LANGUAGES}


def evaluate(site: Path, path: Path) -> dict[str, LangScore]:
    scores = {}
    for lang, items in load_queries(path).items():
        score = LangScore(lang)
        results = run_queries(site / lang, [item["q"] for item in items])
        for item, groups in zip(items, results):
            ranked = [playbook_of(g["location"]) for g in groups]
            expected = set(item["expect"])
            score.total += 1
            score.hit1 += bool(ranked[:1]) and ranked[0] in expected
            score.hit3 += bool(expected & set(ranked[:3]))
            score.false_missing += sum(len(g["false_missing"]) for g in groups[:3])
            if not (ranked[:1] and ranked[0] in expected):
                score.misses.append(f"  {item['q']!r}: expected {'/'.join(item['expect'])}, "
                                    f"got {', '.join(str(r or g['location'] or 'home') for r, g in zip(ranked[:3], groups))}")
        scores[lang] = score
    return scores


def report(name: str, scores: dict[str, LangScore], verbose: bool) -> str:
    lines = [f"{name} ({QUERY_SETS.get(name, name)})",
             "| language | queries | hit@1 | hit@3 | false \"Missing:\" labels in the top 3 |", "|---|---|---|---|---|"]
    for s in scores.values():
        lines.append(f"| {s.lang} | {s.total} | {s.hit1}/{s.total} ({s.rate(s.hit1):.0%}) | "
                     f"{s.hit3}/{s.total} ({s.rate(s.hit3):.0%}) | {s.false_missing} |")
    if verbose:
        for s in scores.values():
            if s.misses:
                lines.append(f"{s.lang} misses at rank 1:")
                lines.extend(s.misses)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--set", choices=sorted(QUERY_SETS), action="append",
                        help="query set(s) to run (default: all that exist)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the queries missed at rank 1")
    args = parser.parse_args(argv)
    names = args.set or [n for n, p in QUERY_SETS.items() if p.exists()]
    try:
        for name in names:
            print(report(name, evaluate(args.site, QUERY_SETS[name]), args.verbose))
            print()
    except EvalError as err:
        print(f"search-eval: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
