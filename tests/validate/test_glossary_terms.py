"""One term per concept: a word the glossary lists under `avoid:` is reported, with file and
line, wherever a playbook uses it, in any inflected form; the real content uses none."""

from __future__ import annotations

import pytest
from helpers import ROOT, content_project, line_of

from generator.errors import ContentError
from generator.model import Glossary
from generator.validate.corpus import load_corpus
from generator.validate.terms import find, variants


def _glossary() -> Glossary:
    return load_corpus(ROOT / "playbook").glossary


def test_the_glossary_lists_variants_for_the_new_terms():
    glossary = _glossary()
    by_id = {t.id: t for t in glossary.terms}
    for tid in ("refund", "review", "rating", "follow-up", "counter", "case"):
        term = by_id[tid]
        assert all(term.term.get(lang) for lang in ("en", "fi", "ru", "ar")), tid
        assert all(term.meaning.get(lang) for lang in ("en", "fi", "ru", "ar")), tid
    assert by_id["case"].avoid["ru"] and by_id["claim"].avoid["ar"]


def test_the_real_content_uses_no_variant_to_avoid():
    corpus = load_corpus(ROOT / "playbook")  # raises ContentError with every problem otherwise
    assert sum(len(v) for v in variants(corpus.glossary).values()) >= 20


@pytest.mark.parametrize("lang, text, expected", [
    ("ru", "Сумму вернули как возврат средств клиенту.", "возврат средств"),
    ("ru", "Нет ли тут возврата средств?", "возврата средств"),       # inflected
    ("ar", "وقدّم عملاءٌ مختلفون الادعاءَ نفسه.", "الادعاء"),            # diacritics, article
    ("ar", "ولا نقبل والادعاءات الكاذبة.", "والادعاءات"),               # conjunction + plural
    ("fi", "Asiakas teki reklamaation tuotteesta.", "reklamaation"),
])
def test_inflected_forms_are_found(lang, text, expected):
    found = find(text, lang, variants(_glossary())[lang])
    assert [words for _, words in found] == [expected]


@pytest.mark.parametrize("lang, text", [
    ("ru", "Передайте обращение старшему смены и верните деньги."),
    ("ar", "وافق على المطالبة وأعِد المبلغ."),
    ("fi", "Kirjaa valitus ja arvioi, onko se aiheellinen."),
])
def test_the_preferred_words_pass(lang, text):
    assert find(text, lang, variants(_glossary())[lang]) == []


def test_whole_word_marker_does_not_catch_a_longer_word():
    glossary = Glossary.model_validate({"terms": [{
        "id": "review", "term": {"en": "review", "fi": "arvostelu"},
        "meaning": {"en": "x", "fi": "x"}, "avoid": {"fi": ["arvio$"]}}]})
    fi = variants(glossary)["fi"]
    assert [w for _, w in find("Hyvä arvio jäi.", "fi", fi)] == ["arvio"]
    assert find("Arvioi palvelu.", "fi", fi) == []


def test_a_variant_in_a_playbook_is_reported_with_file_and_line(tmp_path):
    old = "      ru: Что мы сделали для клиента и когда\n"
    content = content_project(tmp_path, {"complaint-process.yaml": (
        old, "      ru: Что мы сделали по рекламации клиента и когда\n")})
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    problems = [p for p in info.value.problems if "glossary" in p.message]
    assert len(problems) == 1, "\n".join(p.format() for p in info.value.problems)
    p = problems[0]
    assert p.file.endswith("playbook/playbooks/complaint-process.yaml")
    assert p.line == line_of(content / "playbooks" / "complaint-process.yaml", "по рекламации клиента")
    assert "рекламации" in p.message and "жалоба" in p.message
    assert p.path.endswith(".ru")
