"""Search as staff use it: the staff query sets through the built site's own search worker,
and what the search index holds (staff words, clean text, no editor pages, plain UTF-8).

The query sets and `make search-eval` are described in tools/search_eval.py; the
numbers are in BENCHMARK.md. The floors below are the levels reached: a change that
makes staff search worse fails here.
"""

from __future__ import annotations

import json
import re

import pytest

from generator.languages import current as _configured

LANGUAGES = _configured().codes
from tools.search_eval import QUERY_SETS, evaluate_sets, load_queries

# (hit@1, hit@3) per language that the query sets must keep reaching, as counts: the
# levels reached (BENCHMARK.md), less one query, because colleagues' wording changes move a
# borderline query by a place; a change to the engine or the search terms that costs more
# fails here.
REACHED = {
    "main": {"en": (31, 32), "fi": (31, 31), "ru": (31, 31), "ar": (30, 30)},
    "heldout": {"en": (12, 12), "fi": (12, 12), "ru": (12, 12), "ar": (12, 12)},
    "heldout2": {"en": (10, 10), "fi": (9, 10), "ru": (10, 10), "ar": (10, 10)},
    "heldout3": {"en": (15, 15), "fi": (15, 15), "ru": (15, 15), "ar": (14, 15)},
    "heldout4": {"en": (9, 10), "fi": (9, 10), "ru": (9, 10), "ar": (9, 10)},
    "heldout5": {"en": (11, 12), "fi": (12, 12), "ru": (12, 12), "ar": (12, 12)},
}
FLOORS = {name: {lang: (h1 - 1, h3 - 1) for lang, (h1, h3) in langs.items()} for name, langs in REACHED.items()}


def page_entry(index: dict, pid: str) -> dict:
    # Folder URLs over http, .html pages when the site is built to open from disk.
    return next(d for d in index["docs"] if d["location"] in (f"playbooks/{pid}/", f"playbooks/{pid}.html"))


def page_html(built, lang: str, pid: str) -> str:
    folder = built.site / lang / "playbooks"
    path = folder / pid / "index.html" if (folder / pid / "index.html").exists() else folder / f"{pid}.html"
    return path.read_text(encoding="utf-8")


def index_of(built, lang: str) -> dict:
    return json.loads((built.site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores_of(built) -> dict:
    """Every query set through the built site's search worker: one run per language."""
    return evaluate_sets(built.site, QUERY_SETS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_staff_queries_find_the_right_playbook(scores_of, name):
    scores = scores_of[name]
    for lang in LANGUAGES:
        s = scores[lang]
        hit1, hit3 = FLOORS[name][lang]
        assert s.total >= (25 if name == "main" else 10), f"{name}/{lang}: too few queries"
        assert s.hit3 >= hit3, f"{name}/{lang}: hit@3 {s.hit3}/{s.total}, was {hit3}\n" + "\n".join(s.misses)
        assert s.hit1 >= hit1, f"{name}/{lang}: hit@1 {s.hit1}/{s.total}, was {hit1}\n" + "\n".join(s.misses)


def test_the_query_sets_are_written_for_every_language():
    for path in QUERY_SETS.values():
        sets = load_queries(path)
        assert set(sets) == set(LANGUAGES)
        for lang, items in sets.items():
            for item in items:
                assert item["q"].strip() and item["expect"], (path.name, lang, item)


def test_no_false_missing_labels(scores_of):
    # "Missing:" struck through a word that the same result highlights: the stemming used to
    # do this to nearly every result (staff review). Finnish compounds split at a hyphen
    # ("kanta-asiakas") still give one such case; none elsewhere.
    scores = scores_of["main"]
    allowed = {"en": 0, "fi": 2, "ru": 0, "ar": 0}
    assert all(scores[lang].false_missing <= allowed[lang] for lang in LANGUAGES), \
        {lang: s.false_missing for lang, s in scores.items()}


def test_index_is_plain_utf8_and_one_per_language(built):
    for lang in LANGUAGES:
        raw = (built.site / lang / "search" / "search_index.json").read_text(encoding="utf-8")
        assert not re.search(r"\\u[0-9a-fA-F]{4}", raw), f"{lang}: \\uXXXX escapes in the index"
        assert json.loads(raw)["config"]["lang"] == [lang]
    assert "клиент" in (built.site / "ru" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "العميل" in (built.site / "ar" / "search" / "search_index.json").read_text(encoding="utf-8")


def test_editor_pages_are_not_in_staff_search(built):
    for lang in LANGUAGES:
        docs = index_of(built, lang)["docs"]
        pages = {d["location"].split("#")[0] for d in docs}
        assert pages and all(re.fullmatch(r"playbooks/[a-z0-9-]+(/|\.html)", p) for p in pages), sorted(pages)
        # Nor the lists of related playbooks: they carry the other playbooks' titles.
        assert not [d["location"] for d in docs if d["location"].endswith("#related")]


def first_pages(built, lang: str, queries: list[str], n: int = 1) -> list[list[str]]:
    from tools.search_eval import playbook_of, run_queries

    return [[playbook_of(g["location"]) for g in groups[:n]] for groups in run_queries(built.site / lang, queries)]


def test_spelling_variants_find_the_same_playbook(built):
    # Russian typed with е for ё, Arabic with or without diacritics and hamza on the alef.
    ru = first_pages(built, "ru", ["клиент орет", "клиент орёт"])
    assert ru == [["angry-customer"], ["angry-customer"]]
    ar = first_pages(built, "ar", ["العميل يُهدِّد", "العميل يهدد", "الامن", "الأمن"])
    assert ar[0] == ar[1] == ["angry-customer"] and ar[2] == ar[3] == ["angry-customer"], ar


def test_everyday_and_spoken_words_staff_use(built):
    # The staff review's two misses: the everyday Finnish word for a debrief (with and without
    # umlauts), and spoken Arabic verbs with the present-tense prefix بـ ("is swearing").
    assert first_pages(built, "fi", ["jälkipuinti", "jalkipuinti"]) == [["after-the-encounter"]] * 2
    assert first_pages(built, "ar", ["بيشتم", "العميل بيصرخ", "عميل بيهدد"]) == [["angry-customer"]] * 3


def test_typos_and_word_forms_the_stemmer_misses(built):
    # A letter left out or swapped, after the first: the index's nearest word is used.
    assert first_pages(built, "en", ["customer keeps yeling", "angy customer"]) == [["angry-customer"]] * 2
    assert "claims-escalation" in first_pages(built, "ru", ["притензия на сумму"], n=3)[0]
    # The Finnish MA-infinitive ("palaamaan") is cut to the verb ("palaa").
    assert first_pages(built, "fi", ["asiakas palaamaan"]) == [["loyal-customer"]]


def test_matching_more_of_the_words_typed_ranks_first(built):
    # "break" alone is a staff word of the page on taking a break; with "rules" the page
    # about requests against the rules matches more of what was typed.
    assert first_pages(built, "en", ["break the rules"]) == [["is-customer-right"]]



def test_fillers_staff_type_do_not_change_the_ranking(built):
    # Colloquial words around what staff mean ("jotain", "вообще", "ايش") are not searched.
    for lang, padded, plain in (("en", "that guy is just swearing", "swearing"),
                                ("fi", "se vaatii jotain korvausta koko ajan", "vaatii korvausta"),
                                ("ru", "он вообще типа угрожает", "угрожает"),
                                ("ar", "ايش يعني تعويض", "تعويض")):
        with_fillers, without = first_pages(built, lang, [padded, plain], n=3)  # one run of the worker
        assert with_fillers == without, lang


def test_staff_words_are_indexed_with_a_high_weight_but_not_shown(built):
    for lang, word in (("en", "swearing"), ("fi", "kiroilee"), ("ru", "матерится"), ("ar", "يشتم")):
        index = index_of(built, lang)
        assert index["config"]["fields"]["keywords"]["boost"] >= index["config"]["fields"]["title"]["boost"]
        assert word in page_entry(index, "angry-customer")["keywords"]
        assert word not in page_html(built, lang, "angry-customer")


def test_page_entries_carry_the_playbook_title_and_summary(built):
    # The front matter holds the staff words: a broken front matter turned titles into
    # file names and put the metadata into the index text.
    page = page_entry(index_of(built, "fi"), "angry-customer")
    assert page["title"] == "Vihainen asiakas: 12 vaihetta"
    assert not page["text"].lstrip("<p>").startswith("title:")


def test_snippets_hold_guidance_not_metadata_or_buttons(built):
    for lang in LANGUAGES:
        for doc in index_of(built, lang)["docs"]:
            text = doc["text"]
            assert ".txt" not in text, (lang, doc["location"], text[:200])  # source file names
            assert "»" not in text or "«" in text, (lang, doc["location"], text[:200])  # a stray end of a source line
            assert "JSON" not in text, (lang, doc["location"], text[:200])  # checklist buttons


@pytest.mark.parametrize("lang", ["fi", "ar"])
def test_search_from_disk_ranks_as_over_http(built, lang):
    # Opened from disk, the worker scripts run in a frame, Material's worker before our
    # wrapper (assets/playbook/head.js): the wrapper must still know the language.
    from tools.search_eval import run_queries

    queries = [item["q"] for item in load_queries(QUERY_SETS["main"])[lang]]
    over_http = run_queries(built.site / lang, queries)
    from_disk = run_queries(built.site / lang, queries, frame=True)
    assert [[g["location"] for g in r[:3]] for r in from_disk] == [[g["location"] for g in r[:3]] for r in over_http]


def test_a_negated_word_is_not_read_as_its_opposite(built):
    # "not happy" found the page on happy (loyal) customers first: lunr drops "not" as a
    # stop word. The word after a negation is matched as negated where the index has it.
    for lang, query in (("en", "customer not happy"), ("fi", "asiakas ei ole tyytyväinen"),
                        ("ru", "клиент не доволен"), ("ar", "العميل غير راضي")):
        assert first_pages(built, lang, [query]) == [["defuse-unhappy-customer"]], (lang, query)
