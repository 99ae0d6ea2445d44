"""Stage 3: pages say what the YAML says, escaped, localised, and written only when changed."""

from __future__ import annotations

import os
import re

from helpers import ROOT, content_project

from generator.model import Text
from generator.render.pages import Renderer
from generator.render.textfmt import Language, format_amount, to_html
from generator.validate.corpus import load_corpus
from generator.write.pages import SiteWriter


def corpus():
    return load_corpus(ROOT / "playbook")


def test_amounts_and_numbers_are_written_the_local_way():
    assert format_amount(1500, "EUR", "en") == "€1,500"
    assert format_amount(1500, "EUR", "fi") == "1\xa0500\xa0€"
    assert format_amount(1500, "EUR", "ru") == "1\xa0500\xa0€"
    assert format_amount(49.5, "EUR", "en") == "€49.50"
    fi = Language("fi", corpus().settings)
    assert fi.values["rating_target"] == "4,6"


def test_markup_in_text_is_shown_as_typed_but_markdown_works():
    out = to_html('<script>alert(1)</script> <img src=x onerror="alert(2)"> *calm* [site](https://example.org)')
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<em>calm</em>" in out and '<a href="https://example.org">site</a>' in out


def test_link_with_other_scheme_loses_its_href():
    assert "href" not in to_html("[x](javascript:alert(1))")
    assert 'href="mailto:a@b.fi"' in to_html("[mail](mailto:a@b.fi)")


def test_braces_cannot_become_heading_attributes():
    out = to_html('Title {: onclick="alert(1)" } and {{ x }} {% y %}')
    assert "{" not in out and "&#123;: onclick" in out


def test_missing_translation_falls_back_to_english_marked():
    lang = Language("fi", corpus().settings)
    out = str(lang.html(Text(en="Only English"), inline=True, fallback_note="not translated"))
    assert 'class="pb-fallback" lang="en"' in out and "Only English" in out


def test_settings_fill_the_text_in_each_language():
    c = corpus()
    pb = c.playbook("angry-customer")
    r = Renderer(c)
    assert "the shift supervisor" in r.render_playbook(pb, "en")
    fi = r.render_playbook(pb, "fi")
    assert "haet avuksi vuoroesihenkilön. Kerro vuoroesihenkilölle" in " ".join(fi.split())
    ru = r.render_playbook(pb, "ru")
    assert "Подключите старшего смены и решите проблему вместе" in " ".join(ru.split())
    assert "مشرف الوردية" in r.render_playbook(pb, "ar")


def test_anchors_come_from_yaml_ids_in_every_language():
    c = corpus()
    r = Renderer(c)
    for lang in ("en", "ru", "ar"):
        page = r.render_playbook(c.playbook("is-customer-right"), lang)
        assert "{#step-listen}" in page and "{#tree-right-or-not}" in page and "{#script-thank-for-report}" in page


def test_rendering_is_deterministic():
    c = corpus()
    a = Renderer(c).pages("ru")
    b = Renderer(corpus()).pages("ru")
    assert a == b


def test_unchanged_regeneration_writes_nothing(tmp_path):
    content = content_project(tmp_path)
    docs = tmp_path / "docs"
    corpus_ = load_corpus(content)
    first = SiteWriter(corpus_, docs).write()
    assert len(first.written) == sum(len(Renderer(corpus_).pages(lang)) for lang in ("en", "fi", "ru", "ar"))
    mtimes = {p: p.stat().st_mtime_ns for p in first.written}
    second = SiteWriter(load_corpus(content), docs).write()
    assert second.written == [] and second.removed == []
    assert {p: p.stat().st_mtime_ns for p in first.written} == mtimes


def test_changing_one_playbook_rewrites_only_its_pages(tmp_path):
    content = content_project(tmp_path)
    docs = tmp_path / "docs"
    SiteWriter(load_corpus(content), docs).write()
    path = content / "playbooks" / "angry-customer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("review_by: 2027-06-30", "review_by: 2027-07-31"),
                    encoding="utf-8")
    log = SiteWriter(load_corpus(content), docs).write()
    assert sorted(str(p.relative_to(docs)) for p in log.written) == [
        f"{lang}/playbooks/angry-customer.md" for lang in ("ar", "en", "fi", "ru")]
    # An edit to the English changes its page, makes the three translations outdated (their
    # pages gain a notice), and so changes the status pages: nothing else.
    path.write_text(path.read_text(encoding="utf-8").replace("Nobody enjoys being shouted", "No one enjoys being shouted"),
                    encoding="utf-8")
    log = SiteWriter(load_corpus(content), docs).write()
    assert sorted(str(p.relative_to(docs)) for p in log.written) == sorted(
        [f"{lang}/playbooks/angry-customer.md" for lang in ("ar", "en", "fi", "ru")]
        + [f"{lang}/status.md" for lang in ("ar", "en", "fi", "ru")])


def test_a_removed_playbook_loses_its_pages(tmp_path):
    content = content_project(tmp_path)
    docs = tmp_path / "docs"
    SiteWriter(load_corpus(content), docs).write()
    extra = (content / "playbooks" / "is-customer-right.yaml").read_text(encoding="utf-8")
    (content / "playbooks" / "spare.yaml").write_text(extra.replace("id: is-customer-right", "id: spare", 1),
                                                      encoding="utf-8")
    SiteWriter(load_corpus(content), docs).write()
    assert (docs / "fi" / "playbooks" / "spare.md").exists()
    (content / "playbooks" / "spare.yaml").unlink()
    log = SiteWriter(load_corpus(content), docs).write()
    assert docs / "fi" / "playbooks" / "spare.md" in log.removed
    assert not (docs / "fi" / "playbooks" / "spare.md").exists()


def test_a_reworded_checklist_item_gets_a_new_key_so_its_old_tick_is_dropped():
    from generator.render.pages import item_hash

    c = corpus()
    r = Renderer(c)
    page = r.render_playbook(c.playbook("angry-customer"), "en")
    assert f'data-item="place" data-hash="{item_hash("Place (counter, office, phone line)")}"' in page
    assert item_hash("Place (counter, office, phone line)") != item_hash("Place (counter or office)")


def test_rendering_languages_in_parallel_processes_writes_the_same_files(tmp_path, monkeypatch):
    import generator.write.pages as write
    from generator.load import memo

    content = content_project(tmp_path)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    SiteWriter(load_corpus(content), serial).write()
    monkeypatch.setattr(write, "PARALLEL_FROM", 1)  # as for a large corpus
    pids, page = tmp_path / "pids", Renderer.render_playbook

    def noting_pid(self, *args, **kwargs):
        with open(pids, "a") as f:
            f.write(f"{os.getpid()}\n")
        return page(self, *args, **kwargs)

    monkeypatch.setattr(Renderer, "render_playbook", noting_pid)
    memo.forget()  # rendered again, as by a new process: not taken from the serial run's pages
    cache = write.RenderCache()
    log = SiteWriter(load_corpus(content), parallel, cache).write()
    assert str(os.getpid()) not in pids.read_text().split()  # rendered by the worker processes
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*.md")}
    assert files(parallel) == files(serial)
    assert len(log.written) == len(files(serial))
    # the parent process kept what the workers rendered: a second run renders nothing
    again = SiteWriter(load_corpus(content), parallel, cache).write()
    assert again.written == [] and len(again.unchanged) == len(files(serial))


def test_plain_strings_skip_markdown_but_render_exactly_as_markdown_would():
    from generator.grammar.forms import strings as all_strings
    from generator.render import textfmt
    from generator.validate.checker import iter_texts

    strings = {s for pb in corpus().playbooks for _, t in iter_texts(pb)
               for lang in ("en", "fi", "ru", "ar") for s in all_strings(t.get(lang))}
    plain = [s for s in strings if not textfmt._MARKDOWN_SYNTAX.search(s)]
    assert len(plain) > len(strings) / 2
    for text in strings:
        for inline in (False, True):
            out = textfmt._md.reset().convert(text.replace("<", "&lt;").replace(">", "&gt;"))
            if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
                out = out[3:-4]
            assert textfmt.to_html(text, inline) == out.replace("{", "&#123;").replace("}", "&#125;"), text


def test_home_page_routes_each_situation_to_the_editors_choice_first():
    c = corpus()
    for lang in ("en", "ar"):
        page = Renderer(c).pages(lang)["index.md"]
        for sit in c.settings.situations:
            section = page.split(f"{{#{sit.id}}}")[1].split("\n## ")[0].split("pb-all")[0]
            links = re.findall(r'href="playbooks/([a-z0-9-]+)\.html"', section)
            assert links == [sit.first, *sit.also], (lang, sit.id, links)  # the editors' order, not A-Z
            assert len(links) <= 4
            assert "preventing-complaints" not in links and "complaint-process" not in links
    en = Renderer(c).pages("en")["index.md"]
    assert 'Open first:</span>\n<a class="pb-first__link" href="playbooks/angry-customer.html"><strong>Angry customer' in en


def test_review_dates_read_the_local_way_and_keep_a_machine_date():
    c = corpus()
    pb = c.playbook("angry-customer")
    assert pb.review_by.isoformat() == "2027-06-30"
    r = Renderer(c)
    for lang, shown in (("en", "June 30, 2027"), ("fi", "30. kesäkuuta 2027"), ("ru", "30 июня 2027\u202fг."),
                        ("ar", "30 يونيو 2027")):
        assert f'<time datetime="2027-06-30">{shown}</time>' in r.render_playbook(pb, lang), lang


def test_a_linked_playbook_is_named_in_the_languages_quotes_not_after_a_second_colon():
    c = corpus()
    r = Renderer(c)
    ru = " ".join(r.render_playbook(c.playbook("is-customer-right"), "ru").split())
    titles = [c.playbook(node.playbook).title.ru for tree in c.playbook("is-customer-right").trees
              for node in tree.nodes.values() if node.playbook]
    assert titles, "the tree links another playbook"
    assert f"Открыть сценарий «{titles[0]}»" in ru
    assert f"Открыть сценарий: {titles[0]}" not in ru


def test_channel_chips_are_a_list_a_screen_reader_can_tell_apart():
    c = corpus()
    r = Renderer(c)
    pb = c.playbook("angry-customer")
    assert len(pb.tags.channels) >= 2
    for lang, comma in (("en", ", "), ("ar", "، ")):
        page = r.render_playbook(pb, lang)
        chips = re.search(r"<dd>(<span class=\"pb-chip\">.*?)</dd>", page).group(1)
        text = re.sub(r"<[^>]+>", "", chips)
        assert text.count(comma) == len(pb.tags.channels) - 1, (lang, text)
