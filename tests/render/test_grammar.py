"""Assembled text stays grammatical: CLDR plurals, declared forms, lists, roles, and the lints.

The expected words below are written out by hand per language (not computed with the
code under test), so a wrong plural category or a wrong form fails here.
"""

from __future__ import annotations

import html
import re
import string

import pytest
from babel import Locale
from helpers import ROOT, content_project, errors_for, line_of

from generator.languages import current as _configured

LANGUAGES = _configured().codes
from generator.grammar.forms import (
    CONTENT_COUNTS,
    PLACEHOLDER_RE,
    plural_categories,
    strings,
)
from generator.render.pages import Renderer, ui_count
from generator.render.uitext import ui_for, ui_strings
from generator.render.textfmt import Language, format_number, to_plain
from generator.validate.checker import iter_texts
from generator.validate.corpus import load_corpus

COUNTS = (0, 1, 2, 3, 5, 11, 21, 101, 1.5)
PB = "is-customer-right.yaml"


def corpus():
    return load_corpus(ROOT / "playbook")


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").replace("\u200f", "").split())


def count_texts(c):
    """Every content text with a count placeholder: (where, Text)."""
    found = []
    for obj, owner in [(c.settings, "settings"), *[(pb, pb.id) for pb in c.playbooks]]:
        for path, text in iter_texts(obj):
            names = {n for lang in LANGUAGES for s in strings(text.get(lang)) for n, _ in PLACEHOLDER_RE.findall(s)}
            if names & set(CONTENT_COUNTS):
                found.append((f"{owner}:{path}", text))
    return found


def with_days(c, n):
    company = c.settings.company.model_copy(update={"follow_up_days": n})
    return c.settings.model_copy(update={"company": company})


def test_every_count_string_renders_the_cldr_form_for_every_number_in_every_language():
    c = corpus()
    texts = count_texts(c)
    assert len(texts) >= 4  # the follow-up texts of after-the-encounter, the encounter record and defuse-unhappy-customer
    for n in COUNTS:
        settings = with_days(c, n)
        for lang in LANGUAGES:
            tx = Language(lang, settings)
            category = Locale.parse(lang).plural_form(n)
            for where, text in texts:
                value = text.get(lang)
                assert isinstance(value, dict), f"{where} {lang}: not plural forms"
                assert set(value) == set(plural_categories(lang)), f"{where} {lang}: {sorted(value)}"
                # the form of Babel's category, with the number in the locale's digits
                expected = to_plain(tx.fill(value[category].replace("{follow_up_days}", format_number(n, lang))))
                assert tx.plain(text) == expected, (where, lang, n)
                assert "{" not in tx.plain(text)


# The noun that must follow each number, per language, in the checklist item
# "Follow-up call booked for about N days later" (the encounter record, angry-customer). Arabic zero says
# "on the same day": "after about 0 days" is not Arabic.
DAY_WORDS = {
    "en": {0: "0 days", 1: "1 day", 2: "2 days", 3: "3 days", 5: "5 days", 11: "11 days", 21: "21 days",
           101: "101 days", 1.5: "1.5 days"},
    "ru": {0: "0 дней", 1: "1 день", 2: "2 дня", 3: "3 дня", 5: "5 дней", 11: "11 дней", 21: "21 день",
           101: "101 день", 1.5: "1,5 дня"},
    "ar": {0: "في اليوم نفسه", 1: "يوم واحد", 2: "يومين", 3: "3 أيام", 5: "5 أيام", 11: "11 يومًا", 21: "21 يومًا",
           101: "101 يوم", 1.5: "1.5 يوم"},
    "fi": {0: "0 päivän", 1: "1 päivän", 2: "2 päivän", 5: "5 päivän", 21: "21 päivän", 1.5: "1,5 päivän"},
}
# "About N days after the solution is a good moment" (after-the-encounter, step body):
# Finnish takes the nominative singular after 1 and the partitive after other numbers.
FI_STEP = {1: "Noin 1 päivä ratkaisun", 2: "Noin 2 päivää ratkaisun", 21: "Noin 21 päivää ratkaisun",
           1.5: "Noin 1,5 päivää ratkaisun"}


@pytest.mark.parametrize("lang", sorted(DAY_WORDS))
def test_days_take_the_right_form_after_each_number(lang):
    c = corpus()
    pb = c.playbook("angry-customer")
    item = next(i for cl in pb.checklists for i in cl.items if i.id == "follow-up-date")
    for n, words in DAY_WORDS[lang].items():
        assert words in flat(Language(lang, with_days(c, n)).plain(item.text)), (lang, n)


def test_finnish_step_uses_nominative_after_one_and_partitive_otherwise():
    c = corpus()
    step = next(s for s in c.playbook("after-the-encounter").steps if "follow_up_days" in str(s.body.en))
    for n, words in FI_STEP.items():
        assert words in flat(Language("fi", with_days(c, n)).plain(step.body)), n


UI_EXPECTED = {  # notice_missing with n texts
    "en": {1: "1 text on this page is", 2: "2 texts on this page are", 21: "21 texts"},
    "fi": {1: "vielä 1 englanninkielinen teksti.", 2: "vielä 2 englanninkielistä tekstiä", 21: "21 englanninkielistä tekstiä"},
    "ru": {1: "1 текст на этой странице пока показан", 2: "2 текста", 3: "3 текста", 5: "5 текстов",
           11: "11 текстов", 21: "21 текст на этой", 101: "101 текст на этой", 1.5: "1,5 текста"},
    "ar": {1: "نص واحد", 2: "نصّان", 3: "3 نصوص", 5: "5 نصوص", 11: "11 نصًا", 21: "21 نصًا", 101: "101 نص ",
           1.5: "1.5 نص "},
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_interface_counts_follow_cldr(lang):
    ui = ui_for(lang)
    for n, words in UI_EXPECTED[lang].items():
        assert words in ui_count(ui, "notice_missing", n, lang), (lang, n)


def test_every_interface_count_string_has_exactly_the_languages_categories():
    with_n = [key for key, values in ui_strings().items()
              if any("{n}" in s for v in values.values() for s in strings(v))]
    assert {"notice_missing", "notice_outdated", "coverage_more"} <= set(with_n)
    for key in with_n:
        for lang in LANGUAGES:
            value = ui_strings()[key][lang]
            assert isinstance(value, dict) and set(value) == set(plural_categories(lang)), (key, lang)
            others = {name: "99" for s in value.values() for _, name, _, _ in string.Formatter().parse(s)
                      if name and name != "n"}  # e.g. {total}
            for n in COUNTS:
                out = ui_count(ui_for(lang), key, n, lang, **others)
                assert "{" not in out and out == value[Locale.parse(lang).plural_form(n)].format(
                    n=format_number(n, lang), **others)


# --- changed settings: pages stay grammatical ---------------------------------------------

NEW_SETTINGS = (
    ("    en: Example Ltd\n    fi: Esimerkki Oy\n    ru: компания «Пример»\n    ar: شركة المثال\n    forms:\n"
     '      fi: {gen: "Esimerkki Oy:n", ela: "Esimerkki Oy:stä", ill: "Esimerkki Oy:hyn", all: "Esimerkki Oy:lle"}\n'
     '      ru: {gen: "компании «Пример»"}\n',
     "    en: Acme Ltd\n    fi: Acme Oy\n    ru: компания «Ромашка»\n    ar: شركة النخبة\n    forms:\n"
     '      fi: {gen: "Acme Oy:n", ela: "Acme Oy:stä", ill: "Acme Oy:hyn", all: "Acme Oy:lle"}\n'
     '      ru: {gen: "компании «Ромашка»"}\n'),
    ("concede_limit: 50", "concede_limit: 75"),
    ("department_limit: 500", "department_limit: 1250"),
    ("    en: the shift supervisor\n    fi: vuoroesihenkilö\n    ru: старший смены\n    ar: مشرف الوردية\n",
     "    en: the duty manager\n    fi: vuoropäällikkö\n    ru: дежурный администратор\n    ar: المدير المناوب\n"),
    ("      fi: {gen: vuoroesihenkilön, part: vuoroesihenkilöä, ela: vuoroesihenkilöstä, ill: vuoroesihenkilöön,\n"
     "           ade: vuoroesihenkilöllä, abl: vuoroesihenkilöltä, all: vuoroesihenkilölle}\n"
     "      ru: {gen: старшего смены, dat: старшему смены, acc: старшего смены, ins: старшим смены, prep: старшем смены}\n",
     "      fi: {gen: vuoropäällikön, part: vuoropäällikköä, ela: vuoropäälliköstä, ill: vuoropäällikköön,\n"
     "           ade: vuoropäälliköllä, abl: vuoropäälliköltä, all: vuoropäällikölle}\n"
     "      ru: {gen: дежурного администратора, dat: дежурному администратору, acc: дежурного администратора,"
     " ins: дежурным администратором, prep: дежурном администраторе}\n"),
)

EXPECTED = {  # fragments around each filled value: the content around them is rewritten by others
    ("angry-customer", "fi"): ["haet avuksi vuoropäällikön.", "Kerro vuoropäällikölle", "yhdessä vuoropäällikön kanssa",
                               "ilmoita vuoropäällikölle.", "Täällä {agent_name} Acme Oy:stä."],
    ("angry-customer", "ru"): ["на помощь дежурного администратора.", "Подключите дежурного администратора",
                               "сообщите дежурному администратору.", "из компании «Ромашка»."],
    ("angry-customer", "ar"): ["ستستدعي المدير المناوب", "اعمل مع المدير المناوب", "من شركة النخبة."],
    ("angry-customer", "en"): ["fetching the duty manager", "from Acme Ltd."],
    ("claims-escalation", "fi"): ["joiden summa on enintään 75 €,", "jonka summa on yli 75 €,",
                                  "joiden summa on enintään 1 250 €.", "Yli 75 €, enintään 1 250 €"],
    ("claims-escalation", "ru"): ["До 75 € включительно", "в пределах 1 250 €", "свыше 1 250 €"],
    ("company-rules", "ru"): [": сертификат на следующую покупку, бесплатная доставка следующего заказа "
                                  "или небольшой образец продукции."],
    ("claims-escalation", "en"): ["Up to €75", "up to €1,250"],
    ("company-rules", "en"): [": a voucher for the next purchase, "
                                  "free delivery on the next order, or a small product sample."],
    ("claims-escalation", "ar"): ["حتى 75 €"],
    ("company-rules", "ar"): ["قسيمة للشراء القادم أو توصيل مجاني للطلب القادم أو عينة صغيرة من المنتج"],
    ("negative-reviews", "fi"): ["Acme Oy:n puolesta", "vuoropäällikölle."],
    ("negative-reviews", "ru"): ["От имени компании «Ромашка»", "дежурному администратору."],
    ("negative-reviews", "ar"): ["باسم شركة النخبة"],
    ("company-rules", "fi"): [": lahjakortti seuraavaan ostokseen, ilmainen toimitus seuraavaan tilaukseen tai pieni tuotenäyte."],
    ("customer-is-wrong", "ru"): ["дежурному администратору"],
    ("customer-is-wrong", "fi"): ["läpi vuoropäällikön kanssa."],
    ("is-customer-right", "ru"): ["дежурному администратору"],
    ("is-customer-right", "fi"): ["vuoropäällikön kanssa"],
}


def test_changed_settings_give_grammatical_pages_in_every_language(tmp_path):
    content = content_project(tmp_path)
    settings = content / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    for old, new in NEW_SETTINGS:
        assert old in text, old
        text = text.replace(old, new)
    settings.write_text(text, encoding="utf-8")
    c = load_corpus(content)
    r = Renderer(c)
    for (pid, lang), sentences in EXPECTED.items():
        page = r.render_playbook(c.playbook(pid), lang)
        # what the page shows, and what Copy puts on the clipboard (the scripts' templates)
        copied = " ".join(html.unescape(t) for t in re.findall(r'data-template="([^"]*)"', page))
        plain = flat(html.unescape(re.sub(r"<[^>]+>", "", page)) + " " + copied)
        for sentence in sentences:
            assert flat(sentence) in plain, f"{pid} {lang}: {sentence!r} not on the page"
    assert "Esimerkki" not in r.render_playbook(c.playbook("negative-reviews"), "fi")


def test_owner_is_a_translated_role_on_every_page():
    c = corpus()
    r = Renderer(c)
    pb = c.playbook("angry-customer")
    for lang, name in (("en", "Customer service team lead"), ("fi", "Asiakaspalvelun tiiminvetäjä"),
                       ("ru", "Руководитель группы поддержки клиентов"), ("ar", "قائد فريق خدمة العملاء")):
        assert f"<dd>{name}</dd>" in r.render_playbook(pb, lang)
    for pb in c.playbooks:
        assert pb.owner in {role.id for role in c.settings.roles}


def test_no_bracket_workaround_is_left_in_the_content():
    for path in list((ROOT / "playbook").rglob("*.yaml")) + list((ROOT / "generator" / "languages").glob("*/ui.yaml")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\(\s*\{[a-z_]+(:[a-z]+)?\}\s*\)", text), path
        assert not re.search(r"\}:[^\W\d_]", text), path


# --- validation: each mistake named with file, line and a fix ------------------------------

def _one(probs, needle):
    found = [p for p in probs if needle in p.message]
    assert len(found) == 1, "\n".join(p.format() for p in probs)
    return found[0]


def test_undeclared_form_is_an_error_with_file_line_and_fix(tmp_path):
    _, probs = errors_for(tmp_path, {PB: ("Käy tilanne läpi {supervisor:gen} kanssa", "Käy tilanne läpi {supervisor:ine} kanssa")})
    p = _one(probs, "asks for the `ine` form")
    assert p.file.endswith(PB) and p.line > 1 and p.path.endswith(".fi")
    assert "company.supervisor.forms.fi" in p.hint and "settings.yaml" in p.hint


def test_form_of_another_language_is_an_error(tmp_path):
    _, probs = errors_for(tmp_path, {PB: ("Käy tilanne läpi {supervisor:gen} kanssa", "Käy tilanne läpi {supervisor:dat} kanssa")})
    p = _one(probs, "`dat` is not a Finnish form")
    assert "gen" in p.hint and "ill" in p.hint


def test_settings_term_declaring_a_form_its_language_lacks_is_an_error(tmp_path):
    """A typo in a declared form name (`gne` for `gen`) is caught where it is written, not
    only later where a text asks for it."""
    content, probs = errors_for(tmp_path, {"../settings.yaml": ('{gen: "Esimerkki Oy:n"', '{gne: "Esimerkki Oy:n"')})
    p = _one(probs, "`gne` is not a Finnish form")
    line = line_of(content / "settings.yaml", '{gne: "Esimerkki Oy:n"')
    assert p.file.endswith("settings.yaml") and p.line == line and "gen" in p.hint


def test_bare_list_is_an_error(tmp_path):
    _, probs = errors_for(tmp_path, {"company-rules.yaml": ("without asking: {gifts:or}", "without asking: {gifts}")})
    p = _one(probs, "say whether the list means one of them or all of them")
    assert "{gifts:or}" in p.hint and "{gifts:and}" in p.hint and p.line > 1


def test_count_string_that_is_not_plural_forms_is_an_error(tmp_path):
    _, probs = errors_for(tmp_path, {PB: ("  en: Is the customer right?", "  en: Is the customer right within {follow_up_days} days?")})
    # a count in one language makes the text count-bearing in all of them
    found = {q.path: q for q in probs if "needs one string per plural form" in q.message}
    assert set(found) == {"title.en", "title.fi", "title.ru", "title.ar"}
    assert found["title.en"].line == 4 and "one:" in found["title.en"].hint and "other:" in found["title.en"].hint
    assert all(c + ":" in found["title.ar"].hint for c in ("zero", "one", "two", "few", "many", "other"))


def test_missing_plural_category_is_an_error(tmp_path):
    _, probs = errors_for(tmp_path, {"angry-customer.yaml": (
        '            many: "Повторный звонок клиенту запланирован примерно через {follow_up_days} дней"\n', "")})
    p = _one(probs, "the `many` plural form is missing")
    assert p.path.endswith("items[5].text.ru") and "5" in p.message
    assert "one, few, many, other" in p.hint


def test_category_the_language_does_not_have_is_an_error(tmp_path):
    _, probs = errors_for(tmp_path, {"angry-customer.yaml": (
        '            other: "Follow-up call booked for about {follow_up_days} days later"\n',
        '            other: "Follow-up call booked for about {follow_up_days} days later"\n'
        '            few: "Follow-up call booked for about {follow_up_days} days later"\n')})
    p = _one(probs, "English has no `few` plural form")
    assert "one, other" in p.hint


def test_placeholder_in_brackets_is_rejected(tmp_path):
    _, probs = errors_for(tmp_path, {PB: ("Käy tilanne läpi {supervisor:gen} kanssa", "Käy tilanne läpi esihenkilön ({supervisor}) kanssa")})
    p = _one(probs, "a placeholder in brackets")
    assert "{supervisor:gen}" in p.hint and p.path.endswith(".fi")


def test_ending_glued_to_a_placeholder_is_rejected(tmp_path):
    _, probs = errors_for(tmp_path, {"claims-escalation.yaml": ("joiden summa on enintään {department_limit}.", "joka päättää {department_limit}:iin asti.")})
    p = _one(probs, "an ending is glued")
    assert "{department_limit}:iin" in p.message and "enintään" in p.hint


@pytest.mark.parametrize("bad", ["Уважаемый(-ая) {customer_name}!", "Мы разобрались(-ась).", "Я хотел(а) узнать.",
                                 "Уважаемый/ая клиент", "عزيزي/ة {customer_name}", "Tell him/her we care."])
def test_gender_forms_in_scripts_are_rejected(tmp_path, bad):
    lang = "ar" if "عزيزي" in bad else ("en" if "him" in bad else "ru")
    old = {"ru": "ru: Здравствуйте, {customer_name}! Это {agent_name} из {company:gen}.",
           "ar": "ar: مرحبًا {customer_name}، معكم {agent_name} من {company}.",
           "en": "en: Hello {customer_name}, this is {agent_name} from {company}."}[lang]
    _, probs = errors_for(tmp_path, {"angry-customer.yaml": (old, old + " " + bad)})
    p = _one(probs, "gender form")
    assert p.path.startswith("scripts[") and "customer" in p.hint
    # the fix's example is in the language of the text being fixed
    assert {"ru": "Здравствуйте", "ar": "مرحبًا", "en": "Hello"}[lang] in p.hint, p.hint


def test_unknown_owner_role_suggests_the_right_one(tmp_path):
    _, probs = errors_for(tmp_path, {PB: ("owner: service-team-lead", "owner: service-team-led")})
    p = _one(probs, "is not a role in settings.yaml")
    assert p.path == "owner" and "service-team-lead" in p.hint


def test_plural_forms_travel_through_po_one_entry_per_category(tmp_path):
    """The converted count texts export as one PO entry per CLDR category of the language
    (generator/translate/po.py: msgctxt `KEY#few`), and an edited category lands on its own line."""
    import polib

    from generator.translate.export import export_po
    from generator.translate.importer import import_po

    content = content_project(tmp_path)
    key = "angry-customer/checklists/incident-record/items/follow-up-date/text"
    po = export_po(load_corpus(content), "ar")
    units = {e.msgctxt.rsplit("#", 1)[1]: e for e in po if e.msgctxt.startswith(key + "#")}
    assert sorted(units) == sorted(["zero", "one", "two", "few", "many", "other"])
    assert units["one"].msgid == "Follow-up call booked for about {follow_up_days} day later"
    assert units["few"].msgid == "Follow-up call booked for about {follow_up_days} days later"
    assert units["two"].msgstr == "حُدّد موعد مكالمة المتابعة بعد نحو يومين"
    units["few"].msgstr = "حُدّد موعد مكالمة المتابعة بعد {follow_up_days} أيام تقريبًا"
    path = tmp_path / "ar.po"
    po.save(str(path))
    yaml_file = content / "playbooks" / "angry-customer.yaml"
    old = yaml_file.read_text(encoding="utf-8").splitlines()
    import_po(load_corpus(content), path)
    new = yaml_file.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(old, new) if a != b] == [
        ('            few: "حُدّد موعد مكالمة المتابعة بعد نحو {follow_up_days} أيام"',
         '            few: "حُدّد موعد مكالمة المتابعة بعد {follow_up_days} أيام تقريبًا"')]
    item = load_corpus(content).playbook("angry-customer").checklists[0].items[5]
    assert item.text.ar["many"] == "حُدّد موعد مكالمة المتابعة بعد نحو {follow_up_days} يومًا"
    assert polib.pofile(str(path)).metadata["Language"] == "ar"


def test_left_to_right_fragments_in_arabic_text_are_isolated():
    c = corpus()
    text = type(c.settings.company.name)(
        en="Call +971 4 123 4567 or write to help@example.com.",
        ar="اتصل على +971 4 123 4567 أو اكتب إلى help@example.com، وسيردّ عليك فريق Acme Oy خلال 30 دقيقة.")
    out = str(Language("ar", c.settings).html(text))
    assert '<bdi dir="ltr">+971 4 123 4567</bdi>' in out
    assert '<bdi dir="ltr">help@example.com</bdi>،' in out
    assert '<bdi dir="ltr">Acme Oy</bdi>' in out
    assert "30 دقيقة" in out and '<bdi dir="ltr">30' not in out  # a plain number needs no isolation
    assert "<bdi" not in str(Language("en", c.settings).html(text))
    # fill-in values are marked by the generator, not isolated as text: their own dir=auto does it
    page = Renderer(c).render_playbook(c.playbook("angry-customer"), "ar")
    assert '<mark class="pb-ph" data-ph="agent_name" dir="auto">' in page


def test_quotes_nest_the_way_each_language_writes_them():
    from generator.grammar.typography import quote, typography

    section = "«Утешительный бонус» на местах продаж"
    assert quote(section, "ru") == "«„Утешительный бонус“ на местах продаж»"
    assert quote(section, "en") == "“‘Утешительный бонус’ на местах продаж”"
    assert quote("Vaihe 1", "fi") == "”Vaihe 1”"
    assert quote(section, "ar") == "«“Утешительный бонус” на местах продаж»"
    assert (typography("ar").comma, typography("ar").semicolon, typography("ar").arrow) == ("، ", "؛ ", "←")
    assert typography("fi").arrow == typography("ru").arrow == "→"
