"""Source section names as staff see them: a phone, the site opened from disk, Arabic and
Russian pages. The section reads in the page's language; the article's own name follows,
tagged with its language (screen readers) and isolated (its letters keep their order)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.fixture
def phone(browser, built):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, built.site.as_uri()
    context.close()
    assert errors == []


def test_an_arabic_page_names_the_finnish_section_in_arabic_then_the_original(phone):
    page, base = phone
    page.goto(base + "/ar/playbooks/after-the-encounter.html")
    cite = page.locator(".pb-cite", has_text="Vaihe 11").first
    expect(cite).to_contain_text("القسم «الخطوة 11» (Vaihe 11)")
    original = cite.locator("bdi")
    expect(original).to_have_attribute("lang", "fi")
    expect(original).to_have_css("unicode-bidi", "isolate")  # Latin text kept whole inside Arabic
    expect(original).to_be_visible()


def test_the_russian_coverage_page_lists_sections_in_russian_with_the_originals(phone):
    page, base = phone
    page.goto(base + "/ru/coverage.html")
    row = page.locator("tr", has=page.locator('bdi[lang="ar"]', has_text="على فوائد الشكوى"))
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_contain_text("О пользе жалоб (على فوائد الشكوى)")
    # a section the article gives no heading is named as a place, with no quoted "original"
    place = page.locator("td", has_text="Раздел «Устные и письменные обращения», часть об устных обращениях")
    expect(place.first).to_be_visible()
    expect(place.first.locator('bdi[lang="ar"]')).to_have_count(0)
    heading = page.locator('h2[id="004_1d106220d2d25a9d"]')
    expect(heading).to_contain_text("Как работать с рассерженными клиентами: 12 шагов")
    expect(heading.locator('bdi[lang="fi"]')).to_have_text("Kuinka käsitellä vihaisia asiakkaita: 12 vaihetta")
    # a Russian article's section on the Russian page: the original only
    expect(page.locator("td", has_text="Когда просьба незаконна").first).to_have_text("Когда просьба незаконна")
