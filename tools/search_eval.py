"""Search quality: `make search-eval` runs staff queries through the built site's search.

The queries (tests/search_queries.yaml, and the later held-out set
tests/search_queries_heldout.yaml) go through the very worker the browser runs: node
executes the built site's search-stemmed.js, Material's worker bundle and lunr's
language support against site/<lang>/search/search_index.json (tools/search_eval.js).
It prints, per language, hit@1 (the first result is an expected playbook) and hit@3 (one
of the first three is), and lists the misses so that they can be looked at.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import languages

ROOT = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).with_suffix(".js")
QUERY_SETS = {"main": ROOT / "tests" / "search_queries.yaml",
              "heldout": ROOT / "tests" / "search_queries_heldout.yaml",
              "heldout2": ROOT / "tests" / "search_queries_heldout2.yaml",
              "heldout3": ROOT / "tests" / "search_queries_heldout3.yaml",
              "heldout4": ROOT / "tests" / "search_queries_heldout4.yaml",
              "heldout5": ROOT / "tests" / "search_queries_heldout5.yaml"}


START = "<!-- search-eval: this section is written by `make search-eval` (tools/search_eval.py) -->"
END = "<!-- /search-eval -->"
# Measured once with the same query sets and this evaluator on main at e9333bb, before
# this work (Material's lunr with the stemming wrapper only): the record to compare with.
BEFORE = """Before (main at e9333bb: Material's search with the old stemming wrapper), same query sets
and evaluator:

| set | language | hit@1 | hit@3 | false "Missing:" labels in the top 3 |
|---|---|---|---|---|
| main | en | 16/32 (50%) | 22/32 (69%) | 77 |
| main | fi | 13/31 (42%) | 19/31 (61%) | 78 |
| main | ru | 17/31 (55%) | 23/31 (74%) | 87 |
| main | ar | 22/30 (73%) | 25/30 (83%) | 90 |
| held-out | en | 4/12 (33%) | 7/12 (58%) | 18 |
| held-out | fi | 4/12 (33%) | 8/12 (67%) | 18 |
| held-out | ru | 7/12 (58%) | 7/12 (58%) | 24 |
| held-out | ar | 4/12 (33%) | 5/12 (42%) | 24 |

Index size then (raw / gzip KB): en 137 / 29, fi 160 / 32, ru 471 / 50, ar 374 / 43 (\\uXXXX escapes,
editor pages, metadata and button labels included)."""

NOTES = """How it is measured: the queries in tests/search_queries.yaml (25+ per language, written
before tuning, the way staff type: short, inflected, synonyms, typos) and
the held-out sets (below) go through the built site's own search worker in node: our wrapper
(search-stemmed.js), Material's worker bundle and lunr's language support, against
site/<lang>/search/search_index.json. hit@1: the first playbook listed is one the query
expects; hit@3: one of the first three is. A false "Missing:" label strikes through a
word that the same result highlights. tests/search/test_search.py fails when a set falls below
these levels; tests/browser/test_search_browser.py types staff queries into the site in Chromium.

Honest account of the held-out sets. Held-out 1 (tests/search_queries_heldout.yaml),
first run, after tuning on the main set: hit@1 11/12 in every language, hit@3 12, 11, 11,
12 of 12 (en, fi, ru, ar). A second pass of search terms was then written after seeing its
misses, so its 100 % now says little. Held-out 2 (tests/search_queries_heldout2.yaml, 10
per language, paraphrases: \"he said he will come back and hurt me\", \"shaken after
customer left\") was written after that, and its first run was the real check:
hit@1 7, 3, 6, 6 of 10 and hit@3 8, 8, 7, 8 of 10 (en, fi, ru, ar). Three engine
settings were then chosen with it in view (words for \"customer\" 1 % instead of 5 %, body
text 5 instead of 1, a stem one letter shorter at half weight): no real change. Its misses
were words the playbooks and their search terms did not have (harm, shaken, interrupting,
not offered, TripAdvisor in fi/ru/ar); a third pass of search terms added such words by
kind (physical harm, the aftermath for staff, things not offered, review sites in every
script, interrupting, misremembering), which gives the numbers above, but after seeing
those misses. So no set here is unseen any more: on new paraphrases expect less than the
table, perhaps 80-90 % in the top 3.

Held-out 3 (tests/search_queries_heldout3.yaml, 15 per language) was written blind on
24 Nov 2026, before reading any `search_terms` or the other query sets, from the
playbooks' titles, situations and steps only ("client threatens to sue", "asikas kiroilee
puhelimessa", "клиент орет матом", "خايف يضربني"). Its first run, on main at eb08bdb
before any change: hit@1 13, 12, 13, 12 of 15 and hit@3 14, 14, 15, 15 of 15 (en, fi,
ru, ar), that is 87/80/87/80 % at rank 1 and 93/93/100/100 % in the top 3. Misses then:
"customer wont stop yeling" (a typo the fuzzy step let through to the review pages),
"asks me to break the rules", "pyytää jotain laitonta", "просит сделать не по правилам",
"يطلب شي مخالف للقانون" (rules and law, all four languages: second), "miten saada asiakas
palaamaan" and "كيف اخلي العميل يرجع لنا" (win a customer back: second or lower), "sama
valitus toistuu koko ajan" (a recurring complaint), "трясет после скандала" (the
aftermath, second), "العميل غلطان ومصر" (second). Every change after that run was made
with it in view, so its later numbers are tuned numbers, not blind ones.

What changed after that run, engine first (each kept only if no set went down):
the related-playbook list left out of the index (it carried the neighbours' titles);
coordination (a page matching more of the typed words comes first: "asks me to break
the rules"); Russian ё/е and Arabic alef forms and diacritics folded in index and query;
colloquial filler words per language not searched ("jotain", "koko ajan", "вообще",
"ايش", "wont"); Finnish MA-infinitives and -minen nouns cut to the verb ("palaamaan");
typos corrected to the index's most used prefix within one edit, first letter kept
("yeling", "притензию", "angy"); Finnish stems two letters shorter counted for less
("valituksen"/"valitus"); neighbouring typed words matched as a pair against each page's
staff phrases ("win back"; pairs from titles too lowered the main set and were dropped);
later, a word after a negation matched as negated ("customer not happy" had found the
page on happy customers first, in en, fi and ru).
Then vocabulary, by kind and in all four languages, never a query's own wording:
illegal requests and "against the law" moved from the angry-customer page (where they
pulled requests to it) to is-customer-right; legal threats (sue, lawyer, consumer
authority); money back; the aftermath of a row; customers who left for a competitor;
a customer who will not accept being wrong; recurring problems. Held-out 3 went from
13/12/13/12 to 15/15/15/14 at rank 1 (en/fi/ru/ar), all 15 in the top 3; main Finnish
from 30 to 31 of 31 at rank 1; held-out 2 Finnish from 9 to 10 of 10 in the top 3. Left:
"say no to customer" (lunr's English stop words drop "say" and "no" in the index
itself), "asiakas pyytää jotain mitä emme tarjoa" (third), "العميل غلطان ومصر"
(colloquial "غلطان" and "ومصر" are not in the index; second).

Held-out 4 (tests/search_queries_heldout4.yaml, 10 per language) was written after all
that, new wording on the same situations ("lady says we overcharged her", "saako antaa
alennusta", "клиент обвиняет меня лично", "العميل يتهمني"). Its first run is the best
estimate here of what unseen staff queries get: hit@1 7, 7, 7, 8 of 10 and hit@3 9, 9,
9, 9 of 10 (en, fi, ru, ar). Its misses were kinds of words the index lacked: a customer
blaming staff personally (the words had gone to customer-is-wrong; moved to the angry
customer's "not personal" page), asking for the boss, being overcharged, an apology gift,
"may I" fillers ("saako", "اقدر"). After adding those kinds: 9/10 at rank 1 and 10/10 in
the top 3 in every language, tuned. A last probe of 6 new queries per language (not kept
as a set: too small for the test) then scored 5, 5, 6, 4 of 6 at rank 1 and the same in
the top 3 (en, fi, ru, ar) on its first run; its misses were again kinds of words or
forms: "spitting" (the index had "spat"), the Finnish "by way of" ending
("sähköpostitse"), the Arabic article with a preposition ("بالايميل", which the Arabic
stemmer turned into "ايميلال"), colloquial "النت" for online. After those were handled
by kind: 6 of 6 everywhere, tuned. Expect unseen sets to land between the first runs
and the tuned numbers: about 80-90 % at rank 1 and 90-95 % in the top 3. The remedy that works is adding the words staff
actually type to `search_terms`, ideally from real search logs.

Held-out 5 (tests/search_queries_heldout5.yaml, 12 per language, issue 24) was written blind,
before looking at the index or any search terms, with everyday and spoken words ("tilanteen
purku", "клиент матерится", "العميل بيسب" with the spoken present prefix بـ). First run,
reported before any change: hit@1 11, 10, 12, 10 of 12 and hit@3 12, 12, 12, 12 of 12 (en,
fi, ru, ar; 43/48 = 90 % at rank 1, 48/48 in the top 3). Misses at rank 1: "customer called
me an idiot" (after-the-encounter first), "tilanteen purku" and "valitusten ehkäisy"
(third and second), "العميل بيسب" (بـ not understood: second), "العميل غلطان" (second).
Then, by kind: the worker drops the spoken Arabic present-tense بـ before يـ/تـ/نـ in the
index and the query alike (search-words.js FOLD: "بيشتم" is "يشتم"); the everyday Finnish
debrief words (jälkipuinti, tilanteen purku) and prevention's short form, colloquial
Arabic swearing and "غلطان" went into those playbooks' search terms (fi and ar only, so no
translation goes out of date). After: 11, 12, 12, 12 of 12 at rank 1, 12 of 12 in the top
3 everywhere, tuned. Left: "customer called me an idiot" (second; the English search terms
were not changed, as that would mark every translation outdated).

Misses left on the main set: ambiguous queries whose words name another playbook as well (\"after a
difficult call\" also fits \"When the customer is wrong\", which speaks of difficult
customers); Finnish forms the Snowball stemmer cuts differently from the indexed word
(\"sähköpostilla\" -> sähköpost, \"sähköposti\" -> sähköpo)."""


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


def run_queries(site_lang_dir: Path, queries: list[str], frame: bool = False) -> list[list[dict]]:
    """The result groups (pages, best first) for each query, from the built site's worker."""
    node = shutil.which("node")
    if not node:
        raise EvalError("node is needed to run the site's search worker (install Node.js)")
    if not (site_lang_dir / "search" / "search_index.json").is_file():
        raise EvalError(f"{site_lang_dir} has no search index: run `make site` first")
    env = dict(os.environ, SEARCH_FRAME="1") if frame else None  # load order of the file:// frame
    out = subprocess.run([node, str(RUNNER), str(site_lang_dir)], input=json.dumps(queries),
                         capture_output=True, text=True, timeout=300, env=env)
    if out.returncode != 0:
        raise EvalError(f"the search worker failed for {site_lang_dir}:\n{out.stderr.strip()}")
    return json.loads(out.stdout)


def load_queries(path: Path) -> dict[str, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: data.get(lang, []) for lang in languages.current().codes}


def evaluate(site: Path, path: Path) -> dict[str, LangScore]:
    return evaluate_sets(site, {"": path})[""]


def evaluate_sets(site: Path, paths: dict[str, Path]) -> dict[str, dict[str, LangScore]]:
    """Each query set's scores per language ({set: {lang: score}}), from one run of the
    search worker per language for all the sets: a query's results do not depend on the
    queries run before it (the worker builds its index once and each search is separate)."""
    sets = {name: load_queries(path) for name, path in paths.items()}
    scores: dict[str, dict[str, LangScore]] = {name: {} for name in sets}
    for lang in languages.current().codes:
        batch = [(name, item) for name, by_lang in sets.items() for item in by_lang[lang]]
        results = run_queries(site / lang, [item["q"] for _, item in batch]) if batch else []
        for name in sets:
            scores[name][lang] = LangScore(lang)
        for (name, item), groups in zip(batch, results):
            _score(scores[name][lang], item, groups)
    return scores


def _score(score: LangScore, item: dict, groups: list[dict]) -> None:
    ranked = [playbook_of(g["location"]) for g in groups]
    expected = set(item["expect"])
    score.total += 1
    score.hit1 += bool(ranked[:1]) and ranked[0] in expected
    score.hit3 += bool(expected & set(ranked[:3]))
    score.false_missing += sum(len(g["false_missing"]) for g in groups[:3])
    if not (ranked[:1] and ranked[0] in expected):
        score.misses.append(f"  {item['q']!r}: expected {'/'.join(item['expect'])}, "
                            f"got {', '.join(str(r or g['location'] or 'home') for r, g in zip(ranked[:3], groups))}")


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


def index_sizes(site: Path) -> str:
    import gzip

    parts = []
    for lang in languages.current().codes:
        raw = (site / lang / "search" / "search_index.json").read_bytes()
        parts.append(f"{lang} {len(raw) / 1000:.0f} / {len(gzip.compress(raw)) / 1000:.0f}")
    return "Index size now (raw / gzip KB, plain UTF-8, playbooks only): " + ", ".join(parts) + "."


def section_text(tables: list[str], sizes: str) -> str:
    # The set's file by its name in the repository, not by this machine's path.
    body = "\n\n".join(t.replace(f" ({QUERY_SETS['main']})", "").replace(str(ROOT) + "/", "")
                       for t in tables)
    return "\n\n".join([START, "## Search quality (staff queries)", "Now:", body, sizes, BEFORE, NOTES, END])


def current_section(path: Path) -> str:
    """The search section of a BENCHMARK.md, or "" (tools.bench keeps it when it rewrites the file)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        return text[text.index(START):text.index(END) + len(END)]
    return ""


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    old = current_section(path)
    text = text.replace(old, section) if old else text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--set", choices=sorted(QUERY_SETS), action="append",
                        help="query set(s) to run (default: all that exist)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the queries missed at rank 1")
    parser.add_argument("--write", type=Path, metavar="BENCHMARK.md",
                        help="also write the numbers into that file's search section")
    args = parser.parse_args(argv)
    names = args.set or [n for n, p in QUERY_SETS.items() if p.exists()]
    try:
        tables = []
        every = evaluate_sets(args.site, {name: QUERY_SETS[name] for name in names})
        for name in names:
            scores = every[name]
            print(report(name, scores, args.verbose))
            print()
            tables.append(report(name, scores, False))
        if args.write:
            write_section(args.write, section_text(tables, index_sizes(args.site)))
    except EvalError as err:
        print(f"search-eval: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
