"""Source titles and section names a reader can read: the name in the page's language
(from sources.yaml), then the article's own name, isolated and tagged with its language.
Playbooks keep citing the original name; a bad translated name is a located error."""

from __future__ import annotations

import json
import re

import pytest
from helpers import ROOT, content_project
from markupsafe import escape

from generator.errors import ContentError
from generator.grammar.typography import nested, typography
from generator.render.pages import Renderer
from generator.validate.corpus import load_corpus

CITE = re.compile(r'<span class="pb-cite" data-search-exclude>(.*?)</span>', re.S)
FILE = re.compile(r'<code dir="ltr">([^<]+)</code>')


@pytest.fixture(scope="module")
def real():
    corpus = load_corpus(ROOT / "playbook")
    return corpus, Renderer(corpus), {a.key: a for a in corpus.sources.articles}


def test_every_section_and_title_has_its_name_in_the_other_three_languages(real):
    corpus, _, _ = real
    sections = [s for a in corpus.sources.articles for s in a.sections]
    assert len(sections) == 81 and len(corpus.sources.articles) == 9  # file 001 holds five articles
    for article in corpus.sources.articles:
        for named in [article.title, *article.sections]:
            others = [lang for lang in ("en", "fi", "ru", "ar") if lang != article.language]
            assert all(named.translated(lang) for lang in others), named.name
            assert named.translated(article.language) is None, named.name


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_a_citation_shows_the_section_in_the_page_language_then_the_original(real, lang):
    corpus, renderer, articles = real
    typo = typography(lang)
    translated = original_only = 0
    for pb in corpus.playbooks:
        for cite in CITE.findall(renderer.render_playbook(pb, lang)):
            file = FILE.search(cite).group(1)
            ends = []  # what the cite ends with, for each section of the file's articles
            for art in (a for a in articles.values() if a.file == file):
                for section in art.sections:
                    if section.locator:
                        text = section.translated(lang) if art.language != lang else section.name
                        ends.append((f"{typo.comma}{escape(text[:1].lower() + text[1:])}", None))
                    elif art.language == lang:
                        # the article's own language: only the original, in the page's quotes
                        ends.append((f'{typo.open}<bdi lang="{art.language}">{escape(nested(section.name, lang))}</bdi>{typo.close}', "own"))
                    else:
                        ends.append((f'{typo.open}{escape(nested(section.translated(lang), lang))}{typo.close} '
                                     f'(<bdi lang="{art.language}">{escape(section.name)}</bdi>)', "tr"))
            kinds = [kind for end, kind in ends if cite.endswith(end)]
            assert kinds, cite
            translated += kinds[0] == "tr"
            original_only += kinds[0] == "own"
    assert translated > 20
    if lang != "en":  # no article is in English
        assert original_only > 5


def test_the_russian_page_reads_step_11_and_keeps_vaihe_11_beside_it(real):
    corpus, renderer, _ = real
    page = renderer.render_playbook(corpus.playbook("after-the-encounter"), "ru")
    assert 'раздел «Шаг 11» (<bdi lang="fi">Vaihe 11</bdi>)' in page
    arabic = renderer.render_playbook(corpus.playbook("after-the-encounter"), "ar")
    assert 'القسم «الخطوة 11» (<bdi lang="fi">Vaihe 11</bdi>)' in arabic
    finnish = renderer.render_playbook(corpus.playbook("after-the-encounter"), "fi")
    assert 'kohta ”<bdi lang="fi">Vaihe 11</bdi>”' in finnish and "Step 11" not in finnish


def test_a_section_with_no_translation_shows_only_its_original(tmp_path):
    content = content_project(tmp_path)
    sources = content / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    block = '      - name: "Vaihe 11"\n        en: "Step 11"\n        ru: "Шаг 11"\n        ar: "الخطوة 11"\n'
    assert block in text
    sources.write_text(text.replace(block, '      - "Vaihe 11"\n'), encoding="utf-8")
    corpus = load_corpus(content)
    page = Renderer(corpus).render_playbook(corpus.playbook("after-the-encounter"), "ru")
    assert 'раздел «<bdi lang="fi">Vaihe 11</bdi>»' in page and "Шаг 11" not in page


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_the_source_article_title_is_translated_with_the_original_beside_it(real, lang):
    corpus, renderer, articles = real
    page = renderer.render_playbook(corpus.playbook("angry-customer"), lang)
    article = articles["004_1d106220d2d25a9d.txt"]
    original = f'<bdi lang="fi">{article.title.name}</bdi>'
    meta = page.split('class="pb-meta"', 1)[1].split("</dl>", 1)[0]
    if lang == "fi":
        assert f"<dd>{original} (" in meta and "12 steps" not in meta
    else:
        assert f"<dd>{article.title.translated(lang)} ({original}{typography(lang).semicolon}" in meta


@pytest.mark.parametrize("lang", ["en", "fi", "ru", "ar"])
def test_the_coverage_page_lists_every_section_translated_and_original(real, lang):
    corpus, renderer, _ = real
    page = renderer.pages(lang)["coverage.md"]
    rows = re.findall(r"<tr class=\"[^\"]*\"><td>(.*?)</td>", page)
    assert len(rows) == 81
    for article in corpus.sources.articles:
        anchor = article.key.replace(".txt", "").replace("#", "-")
        heading = re.search(rf'<h2 id="{anchor}">(.*?)</h2>', page).group(1)
        if article.title.locator:  # no title in the article: a locator, in the page's language only
            assert (article.title.translated(lang) or article.title.name) in heading and "<bdi" not in heading
        else:
            assert f'<bdi lang="{article.language}">{article.title.name}</bdi>' in heading
        for section in article.sections:
            original = f'<bdi lang="{article.language}">{section.name}</bdi>'
            if section.locator:
                expected = escape(section.translated(lang) or section.name) if lang != article.language else escape(section.name)
            else:
                expected = original if lang == article.language else f"{section.translated(lang)} ({original})"
            assert expected in rows, expected
        if lang != article.language:
            assert heading.split(" — ", 1)[1].startswith(article.title.translated(lang))


def test_the_citation_stays_out_of_the_search_index(built):
    # the cite (with the section's translated name inside) is excluded; a nested <span> would
    # end Material's exclusion early, so the original is a <bdi>
    html = (built.site / "ru" / "playbooks" / "after-the-encounter.html").read_text(encoding="utf-8")
    cites = re.findall(r'<span class="pb-cite" data-search-exclude>(.*?)</span>', html, re.S)
    assert cites and any("«Шаг 11»" in c for c in cites) and not any("<span" in c for c in cites)
    index = json.loads((built.site / "ru" / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    for name in ("Шаг 11", "Vaihe 11", "На заметку руководителю", "Работа с жалобой, этап"):
        assert name not in text, name


def errors_in_sources(tmp_path, old: str, new: str):
    content = content_project(tmp_path)
    sources = content / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    assert old in text
    head, tail = text.rsplit(old, 1)  # the last one: the header comment shows examples too
    sources.write_text(head + new + tail, encoding="utf-8")
    before = sources.read_bytes()
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    assert sources.read_bytes() == before  # the editor's file is never changed
    return sources, info.value.problems


def line_with(path, needle: str) -> int:
    return [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line][-1]


def test_a_name_in_a_language_the_site_does_not_have_is_a_located_error(tmp_path):
    sources, problems = errors_in_sources(tmp_path, '        ru: "Шаг 11"\n', '        de: "Schritt 11"\n')
    (p,) = problems
    assert p.file.endswith("sources.yaml") and p.line == line_with(sources, 'de: "Schritt 11"')
    assert "`de` is not one of the site's languages" in p.message and "en, fi, ru, ar" in p.message
    assert "delete the `de:` line" in p.hint


def test_a_language_written_in_capitals_is_told_how_to_write_it(tmp_path):
    sources, problems = errors_in_sources(tmp_path, '        ru: "Шаг 11"\n', '        RU: "Шаг 11"\n')
    (p,) = problems
    assert p.line == line_with(sources, 'RU: "Шаг 11"') and p.hint == "rename `RU:` to `ru:`"


@pytest.mark.parametrize("value", ['""', "", '"  "'])
def test_an_empty_translated_name_is_a_located_error(tmp_path, value):
    sources, problems = errors_in_sources(tmp_path, '        en: "Step 11"\n', f"        en: {value}\n")
    (p,) = problems
    assert p.message == "the `en` name is empty" and p.path == "articles[8].sections[11].en"
    assert p.line == line_with(sources, '- name: "Vaihe 11"') + 1  # the `en:` line
    assert "delete the `en:` line" in p.hint


def test_an_empty_original_name_is_a_located_error(tmp_path):
    sources, problems = errors_in_sources(tmp_path, '      - name: "Vinkkejä"\n', '      - name: ""\n')
    assert any(p.message == "the name is empty" and p.line == line_with(sources, '- name: ""') for p in problems)


def test_a_translation_into_the_articles_own_language_is_an_error(tmp_path):
    sources, problems = errors_in_sources(tmp_path, '        en: "Step 11"\n', '        en: "Step 11"\n        fi: "Vaihe 11"\n')
    (p,) = problems
    assert p.line == line_with(sources, 'fi: "Vaihe 11"') and "`fi:` is never shown" in p.message
    assert "delete the `fi:` line" in p.hint


def test_playbooks_still_cite_the_original_name_not_a_translation(tmp_path):
    content = content_project(tmp_path, {"after-the-encounter.yaml": ('section: "Vaihe 11"', 'section: "Step 11"')})
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    (p,) = info.value.problems
    assert "has no section `Step 11`" in p.message


def test_the_message_about_a_foreign_language_reads_in_finnish(tmp_path):
    from generator.messages import translate

    _, problems = errors_in_sources(tmp_path, '        ru: "Шаг 11"\n', '        de: "Schritt 11"\n')
    (p,) = problems
    assert translate(p.message, "fi") == "`de` ei ole sivuston kieliä; nimet voi kääntää kielille en, fi, ru, ar"


def _locator_project(tmp_path):
    """Step 11 of article 004 marked as a locator: a place in the article, not its heading."""
    content = content_project(tmp_path)
    sources = content / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    block = '      - name: "Vaihe 11"\n        en: "Step 11"\n'
    assert block in text
    sources.write_text(text.replace(block, '      - name: "Vaihe 11"\n        locator: true\n        en: "Step 11"\n'),
                       encoding="utf-8")
    return load_corpus(content)


@pytest.mark.parametrize("lang,place", [("en", "step 11"), ("fi", "vaihe 11"), ("ru", "шаг 11"), ("ar", "الخطوة 11")])
def test_a_locator_is_shown_as_a_place_in_the_page_language_never_as_a_quoted_heading(tmp_path, lang, place):
    corpus = _locator_project(tmp_path)
    renderer = Renderer(corpus)
    page = renderer.render_playbook(corpus.playbook("after-the-encounter"), lang)
    typo = typography(lang)
    cite = f'<code dir="ltr">004_1d106220d2d25a9d.txt</code>{typo.comma}{place}</span>'
    assert cite in page  # no "section", no quotes, no original in brackets
    assert "Vaihe 11</bdi>" not in page
    coverage = renderer.pages(lang)["coverage.md"]
    assert f"<td>{place[:1].upper()}{place[1:]}</td>" in coverage  # standing alone: as written


def _parts_project(tmp_path, second_part=True):
    """Article 003 catalogued as one part of its file, as a compilation's articles are."""
    content = content_project(tmp_path)
    sources = content / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    entry = "  - file: 003_2fa32f8e76571a9e.txt\n"
    assert entry in text
    text = text.replace(entry, entry + "    part: conflicts\n") if second_part else text
    sources.write_text(text, encoding="utf-8")
    for path in (content / "playbooks").glob("*.yaml"):
        yaml = path.read_text(encoding="utf-8")
        path.write_text(yaml.replace("article: 003_2fa32f8e76571a9e.txt", "article: 003_2fa32f8e76571a9e.txt#conflicts"),
                        encoding="utf-8")
    return content


def test_an_article_in_a_file_of_several_is_cited_as_file_hash_part_and_named_in_the_citation(tmp_path):
    corpus = load_corpus(_parts_project(tmp_path))
    article = next(a for a in corpus.sources.articles if a.part == "conflicts")
    assert article.key == "003_2fa32f8e76571a9e.txt#conflicts"
    page = Renderer(corpus).render_playbook(corpus.playbook("claims-escalation"), "ru")
    cites = CITE.findall(page)
    assert cites and all(c.startswith('Источник: <code dir="ltr">003_2fa32f8e76571a9e.txt</code>, ') for c in cites
                         if "003_" in c)
    title = article.title.translated("ru") or article.title.name
    assert any(title[1:] in c for c in cites)  # the article is named (a locator lower-cased in running text)
    coverage = Renderer(corpus).pages("en")["coverage.md"]
    assert '<h2 id="003_2fa32f8e76571a9e-conflicts">' in coverage


def test_two_entries_with_one_key_are_an_error_telling_to_give_each_a_part(tmp_path):
    content = _parts_project(tmp_path, second_part=False)
    sources = content / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    first = text.index("  - file: 000_06e76159df2f810c.txt")
    end = text.index("  - file: ", first + 10)
    sources.write_text(text[:end] + text[first:end] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    twice = [p for p in info.value.problems if "is listed twice" in p.message]
    assert len(twice) == 1 and "`000_06e76159df2f810c.txt`" in twice[0].message
    assert "`part:`" in twice[0].hint and "000_06e76159df2f810c.txt#PART" in twice[0].hint


def test_every_name_not_marked_as_a_locator_is_written_so_in_its_article():
    """A title or section shown as the article's own heading really is in the article, word for
    word (whitespace aside); a name the project made up must be `locator: true`."""
    from test_own_words import seeds_folder

    folder = seeds_folder()
    corpus = load_corpus(ROOT / "playbook")
    missing = []
    for article in corpus.sources.articles:
        text = " ".join((folder / article.file).read_text(encoding="utf-8").split())
        for named in [article.title, *article.sections]:
            if not named.locator and " ".join(named.name.split()) not in text:
                missing.append((article.key, named.name))
    assert missing == []
    compilation = [a for a in corpus.sources.articles if a.file == "001_75bdb6d1f91f73ab.txt"]
    assert [a.part for a in compilation] == ["tips", "public-services", "ten-steps", "rules", "devil"]


@pytest.mark.parametrize("lang,place", [
    ("en", ", opening paragraphs, before step 1</span>"), ("fi", ", alkukappaleet ennen vaihetta 1</span>"),
    ("ru", ", вступительные абзацы перед шагом 1</span>"), ("ar", "، الفقرات الافتتاحية قبل الخطوة 1</span>")])
def test_a_real_locator_reads_as_a_place(real, lang, place):
    corpus, renderer, _ = real
    page = renderer.render_playbook(corpus.playbook("angry-customer"), lang)
    assert place in page and "Johdanto" not in page
