"""The company's names as the company writes them, and settings terms with a grammatical gender.

A company sets its name with its legal form and its own quotation marks (ООО «Ромашка»,
Kahvila Aalto Oy, شركة النخبة للتجارة, Example Ltd) and a woman's title for the supervisor
(заведующая отделением, مديرة الفرع, both feminine): the scripts that name the company and
the abuse tree and company rules must then read grammatically in every language. The
expected sentences are written out by hand below, not computed with the code under test.
Texts that still frame the name themselves («компании «{company}»», «شركة {company}») are
refused at their file and line, in the editor's language; so is a PO translation that drops
a gender's words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import content_project, copy_project, line_of
from test_po_import import do_import, export, refused, snapshot

from generator.errors import ContentError
from generator.messages import translate
from generator.render.textfmt import Language
from generator.validate.corpus import load_corpus

COMPANY = '''  name:
    en: Example Ltd
    fi: Kahvila Aalto Oy
    ru: ООО «Ромашка»
    ar: شركة النخبة للتجارة
    forms:
      fi: {gen: "Kahvila Aalto Oy:n", ela: "Kahvila Aalto Oy:stä", ill: "Kahvila Aalto Oy:hyn", all: "Kahvila Aalto Oy:lle"}
    indeclinable: [ru]
    gender: {ru: neuter, ar: feminine}
'''
SUPERVISOR = '''  supervisor:
    en: the branch manager
    fi: vuoroesihenkilö
    ru: заведующая отделением
    ar: مديرة الفرع
    forms:
      fi: {gen: vuoroesihenkilön, part: vuoroesihenkilöä, ela: vuoroesihenkilöstä, ill: vuoroesihenkilöön,
           ade: vuoroesihenkilöllä, abl: vuoroesihenkilöltä, all: vuoroesihenkilölle}
      ru: {gen: заведующей отделением, dat: заведующей отделением, acc: заведующую отделением, ins: заведующей отделением, prep: заведующей отделением}
    gender: {ru: feminine, ar: feminine}
'''


def set_block(settings: Path, key: str, block: str) -> None:
    """Replace the settings.yaml block `  key:` (up to its `src:` line) with `block`."""
    text = settings.read_text(encoding="utf-8")
    start = text.index(f"\n  {key}:\n") + 1
    end = text.index("    src:", start)
    settings.write_text(text[:start] + block + text[end:], encoding="utf-8")


def own_company(tmp: Path, replace=None) -> Path:
    content = content_project(tmp, replace)
    set_block(content / "settings.yaml", "name", COMPANY)
    set_block(content / "settings.yaml", "supervisor", SUPERVISOR)
    return content


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return load_corpus(own_company(tmp_path_factory.mktemp("names")))


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def playbook(c, pid):
    return next(pb for pb in c.playbooks if pb.id == pid)


def script(c, pid, sid):
    return next(s for s in playbook(c, pid).scripts if s.id == sid)


def shown(c, lang, text) -> str:
    return flat(Language(lang, c.settings).plain(text))


# Each script that names the company, with the sentence it must contain in each language.
SCRIPTS = [
    ("after-the-encounter", "follow-up-message", None, {
        "en": "this is {agent_name} from Example Ltd.",
        "fi": "Olen {agent_name} Kahvila Aalto Oy:stä.",
        "ru": "Это {agent_name} из ООО «Ромашка».",
        "ar": "معكم {agent_name} من شركة النخبة للتجارة.",
    }),
    ("after-the-encounter", "follow-up-message", "email", {
        "en": "Best regards, {agent_name} Example Ltd",
        "fi": "Ystävällisin terveisin {agent_name} Kahvila Aalto Oy",
        "ru": "С уважением, {agent_name} ООО «Ромашка»",
        "ar": "مع خالص التحية، {agent_name} شركة النخبة للتجارة",
    }),
    ("angry-customer", "follow-up-call", None, {
        "en": "this is {agent_name} from Example Ltd.",
        "fi": "Täällä {agent_name} Kahvila Aalto Oy:stä.",
        "ru": "Это {agent_name} из ООО «Ромашка».",
        "ar": "معكم {agent_name} من شركة النخبة للتجارة.",
    }),
    ("negative-reviews", "public-apology", None, {
        "en": "on behalf of Example Ltd, I am sorry",
        "fi": "pyydän Kahvila Aalto Oy:n puolesta anteeksi",
        "ru": "От имени ООО «Ромашка» приносим извинения",
        "ar": "نعتذر باسم شركة النخبة للتجارة عمّا حدث",
    }),
    ("negative-reviews", "public-apology", "review", {
        "en": "On behalf of Example Ltd, I am sorry that we let you down.",
        "fi": "Pyydän Kahvila Aalto Oy:n puolesta anteeksi",
        "ru": "От имени ООО «Ромашка» приносим извинения за то, что не оправдали ваших ожиданий.",
        "ar": "نعتذر باسم شركة النخبة للتجارة لأننا لم نكن عند حسن ظنكم.",
    }),
    ("written-complaint", "letter-apology-first", None, {
        "en": "{signature} Example Ltd",
        "fi": "{signature} Kahvila Aalto Oy",
        "ru": "{signature} ООО «Ромашка»",
        "ar": "{signature} شركة النخبة للتجارة",
    }),
    ("written-complaint", "letter-thanks-first", None, {
        "en": "{signature} Example Ltd",
        "fi": "{signature} Kahvila Aalto Oy",
        "ru": "{signature} ООО «Ромашка»",
        "ar": "{signature} شركة النخبة للتجارة",
    }),
]


@pytest.mark.parametrize("pid,sid,channel,expected", SCRIPTS, ids=[f"{s[0]}:{s[1]}:{s[2]}" for s in SCRIPTS])
def test_the_company_name_as_the_company_writes_it_reads_right_in_every_language(corpus, pid, sid, channel, expected):
    s = script(corpus, pid, sid)
    text = s.channels[channel] if channel else s.text
    for lang, sentence in expected.items():
        out = shown(corpus, lang, text)
        assert sentence in out, (lang, out)
        # no frame the name already has: no doubled «شركة», no «компании «…»», no quotes in quotes
        assert "شركة شركة" not in out and "компании «ООО" not in out and "«ООО «Ромашка»»" not in out
        assert "Компания «ООО" not in out


def test_the_shipped_settings_still_read_as_before(tmp_path):
    """The repository's own names (компания «Пример», شركة المثال) give the sentences the site had."""
    c = load_corpus(content_project(tmp_path))
    s = script(c, "after-the-encounter", "follow-up-message")
    assert "Это {agent_name} из компании «Пример»." in shown(c, "ru", s.text)
    assert "معكم {agent_name} من شركة المثال." in shown(c, "ar", s.text)
    assert shown(c, "ru", s.channels["email"]).endswith("{agent_name} Компания «Пример»")
    assert shown(c, "ar", s.channels["email"]).endswith("{agent_name} شركة المثال")
    assert "От имени компании «Пример» приносим" in shown(c, "ru", script(c, "negative-reviews", "public-apology").text)


# --- a feminine supervisor title ------------------------------------------------------------

def tree_node(c, pid, tid, node):
    return next(t for t in playbook(c, pid).trees if t.id == tid).nodes[node]


def step(c, pid, sid):
    return next(s for s in playbook(c, pid).steps if s.id == sid)


def test_a_feminine_supervisor_title_takes_feminine_words_in_the_abuse_tree_and_the_company_rules(corpus):
    question = tree_node(corpus, "angry-customer", "abuse-or-threat", "fetch-supervisor").question
    assert ("Скажите клиенту, что позовёте на помощь заведующую отделением. По дороге коротко объясните ей, "
            "что произошло и почему понадобилась помощь. Продолжаются ли оскорбления, когда заведующая отделением "
            "рядом?") == shown(corpus, "ru", question)
    assert ("أخبر العميل بأنك ستستدعي مديرة الفرع للمساعدة في حلّ المسألة، واشرح لها في طريق العودة ما حدث "
            "ولماذا احتجت إليها. هل تستمر الإساءة بعد وصول مديرة الفرع؟") == shown(corpus, "ar", question)
    handover = step(corpus, "company-rules", "handover").body
    assert "пригласите к клиенту заведующую отделением или сами проводите клиента к ней." in shown(corpus, "ru", handover)
    assert "فاطلب حضور مديرة الفرع إلى العميل، أو اصطحب العميل بنفسك إليها." in shown(corpus, "ar", handover)
    visitor = next(s.body for s in playbook(corpus, "upset-visitor").steps if "проводите посетителя" in s.body.get("ru"))
    assert "проводите посетителя к ней сами" in shown(corpus, "ru", visitor)
    assert "أو اصطحب الزائر بنفسك إليها" in shown(corpus, "ar", visitor)
    # languages without grammatical gender are untouched
    assert "the branch manager" in shown(corpus, "en", question)


def test_the_shipped_masculine_title_keeps_the_masculine_words(tmp_path):
    c = load_corpus(content_project(tmp_path))
    question = tree_node(c, "angry-customer", "abuse-or-threat", "fetch-supervisor").question
    assert "По дороге коротко объясните ему, что произошло" in shown(c, "ru", question)
    assert "واشرح له في طريق العودة ما حدث ولماذا احتجت إليه." in shown(c, "ar", question)
    assert "проводите клиента к нему." in shown(c, "ru", step(c, "company-rules", "handover").body)
    assert "أو اصطحب العميل بنفسك إليه." in shown(c, "ar", step(c, "company-rules", "handover").body)


# --- texts that frame the name themselves are refused ---------------------------------------

def problems_for(tmp_path, replace, company=True):
    content = own_company(tmp_path, replace) if company else content_project(tmp_path, replace)
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    return content, info.value.problems


def test_quotes_around_a_name_that_has_its_own_are_an_error_at_the_line_in_the_editors_language(tmp_path):
    content, problems = problems_for(tmp_path, {"angry-customer.yaml": ("из {company:gen}", "из компании «{company}»")})
    path = content / "playbooks" / "angry-customer.yaml"
    found = [p for p in problems if "quotation" in str(p.message)]
    assert len(found) == 1, problems
    p = found[0]
    assert p.file.endswith("playbooks/angry-customer.yaml") and p.line == line_of(path, "из компании «{company}»")
    assert "«компании «ООО «Ромашка»»" in str(p.message) or "«ООО «Ромашка»»" in str(p.message)
    ru = translate(p.message, "ru")
    assert "внутри таких же кавычек" in ru and "«ООО «Ромашка»»" in ru
    assert "уберите кавычки «» вокруг {company}" in translate(p.hint, "ru")


def test_a_word_doubled_across_the_name_is_an_error_at_the_line(tmp_path):
    content, problems = problems_for(tmp_path, {"negative-reviews.yaml": ("نعتذر باسم {company}", "نعتذر باسم شركة {company}")})
    path = content / "playbooks" / "negative-reviews.yaml"
    found = [p for p in problems if "twice" in str(p.message)]
    assert len(found) == 1, problems
    assert found[0].line == line_of(path, "نعتذر باسم شركة {company}")
    assert "“شركة”" in str(found[0].message) and "شركة شركة النخبة" in str(found[0].message)
    assert "تتكرّر كلمة «شركة» مرتين متتاليتين" in translate(found[0].message, "ar")


def test_a_form_that_repeats_the_texts_word_is_an_error_too(tmp_path):
    """The shipped genitive «компании «Пример»» after a text that still says «компании»."""
    content, problems = problems_for(tmp_path, {"angry-customer.yaml": ("из {company:gen}", "из компании {company:gen}")},
                                     company=False)
    found = [p for p in problems if "twice" in str(p.message)]
    assert len(found) == 1 and "“компании”" in str(found[0].message), problems
    assert found[0].line == line_of(content / "playbooks" / "angry-customer.yaml", "из компании {company:gen}")
    assert "повторяется дважды подряд" in translate(found[0].message, "ru")


def test_an_indeclinable_name_needs_no_forms_but_a_declinable_one_does(tmp_path):
    content = own_company(tmp_path)
    settings = content / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("    indeclinable: [ru]\n", ""), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    found = [p for p in info.value.problems if "`gen`" in str(p.message)]
    assert found and all("indeclinable" in str(p.hint) for p in found)


# --- gender choices are checked ---------------------------------------------------------------

HANDOVER_RU = "проводите клиента к {supervisor:gender|feminine=ней|other=нему}."


@pytest.mark.parametrize("written,message,hint", [
    ("{supervisor:gender|masculine=нему|feminine=ней}", "gives no words for the neuter gender", "`neuter=…`"),
    ("{supervisor:gender|femenine=ней|other=нему}", "`femenine` is not a grammatical gender of", "`feminine`"),
    ("{supervisor:gender|feminine=ней|нему}", "does not say which gender", "gender=words"),
    ("{gifts:gender|feminine=ней|other=нему}", "only a name from the settings", "{supervisor}"),
])
def test_a_gender_choice_must_cover_every_gender_of_the_language(tmp_path, written, message, hint):
    content, problems = problems_for(tmp_path, {"company-rules.yaml": (HANDOVER_RU, f"проводите клиента к {written}.")})
    found = [p for p in problems if message in str(p.message)]
    assert len(found) == 1, problems
    assert found[0].line == line_of(content / "playbooks" / "company-rules.yaml", written)
    assert hint in str(found[0].hint)


def test_a_gender_choice_needs_the_gender_declared_and_declared_genders_are_checked(tmp_path):
    content = own_company(tmp_path)
    settings = content / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("    gender: {ru: feminine, ar: feminine}\n", "    gender: {ar: femenine}\n")
    settings.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    messages = [(p.file, p.line, str(p.message), str(p.hint)) for p in info.value.problems]
    undeclared = [m for m in messages if "does not declare for Russian" in m[2]]
    assert undeclared and all("gender: {ru: …}" in m[3] for m in undeclared)
    wrong = [m for m in messages if "`femenine` is not a grammatical gender of Arabic" in m[2]]
    assert len(wrong) == 1 and wrong[0][0].endswith("settings.yaml") and "`feminine`" in wrong[0][3]
    assert wrong[0][1] == line_of(settings, "gender: {ar: femenine}")


# --- the PO import checks the same -----------------------------------------------------------

def test_a_po_translation_that_drops_a_gender_branch_is_refused_at_its_line(tmp_path):
    project = copy_project(tmp_path / "p")
    po = export(project, "ru", tmp_path / "po")
    entry = next(e for e in po if e.msgctxt == "company-rules/steps/handover/body")
    assert "{supervisor:gender|feminine=ней|other=нему}" in entry.msgstr
    assert any("{supervisor:gender|" in line for line in entry.comment.splitlines())  # the translator's note
    path = tmp_path / "po" / "ru.po"
    dropped = entry.msgstr.replace("{supervisor:gender|feminine=ней|other=нему}", "{supervisor:gender|masculine=нему}")
    text = path.read_text(encoding="utf-8")
    assert text.count(entry.msgstr) == 1
    path.write_text(text.replace(entry.msgstr, dropped), encoding="utf-8")
    before = snapshot(project / "playbook")
    code, _, err = do_import(project, path)
    refused(project, before, code, err)
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if l.startswith("msgstr") and "masculine=нему}" in l)
    assert re.search(rf"ru\.po:{line}:.*gives no words for the feminine, neuter gender", err), err


def test_finnish_quotes_that_open_and_close_alike_are_caught_around_a_name_with_its_own(tmp_path):
    content = own_company(tmp_path, {"negative-reviews.yaml": ("pyydän {company:gen} puolesta", "pyydän ”{company:gen}” puolesta")})
    settings = content / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('gen: "Kahvila Aalto Oy:n"', 'gen: "Kahvila ”Aalto” Oy:n"'),
                        encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_corpus(content)
    found = [p for p in info.value.problems if "quotation" in str(p.message)]
    assert len(found) == 1, info.value.problems
    assert found[0].line == line_of(content / "playbooks" / "negative-reviews.yaml", "pyydän ”{company:gen}” puolesta")
    assert "samanlaisten lainausmerkkien sisällä" in translate(found[0].message, "fi")


def test_the_page_and_its_copy_button_carry_the_names_as_written(corpus):
    """What staff see and what Copy puts on the clipboard (the script's template), on the page."""
    import html

    from generator.render.pages import Renderer

    r = Renderer(corpus)
    for lang, sentence in (("ru", "От имени ООО «Ромашка» приносим извинения"),
                           ("ar", "نعتذر باسم شركة النخبة للتجارة"),
                           ("fi", "pyydän Kahvila Aalto Oy:n puolesta anteeksi")):
        page = r.render_playbook(corpus.playbook("negative-reviews"), lang)
        copied = " ".join(html.unescape(t) for t in re.findall(r'data-template="([^"]*)"', page))
        assert sentence in flat(copied.replace("\u2068", "").replace("\u2069", "")), lang
        shown_text = flat(html.unescape(re.sub(r"<[^>]+>", "", page)))
        assert sentence in shown_text.replace("\u2068", "").replace("\u2069", ""), lang
    page = flat(html.unescape(re.sub(r"<[^>]+>", "", r.render_playbook(corpus.playbook("angry-customer"), "ar"))))
    assert "واشرح لها في طريق العودة" in page and "احتجت إليها" in page
