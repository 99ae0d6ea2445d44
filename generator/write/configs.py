"""Write, MkDocs' side: one `docs/mkdocs.<lang>.yml` per language, each INHERITing the root
mkdocs.yml with the language's name, direction, navigation, address and CSP.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

from generator import languages
from generator.errors import UsageError
from generator.project import Project
from generator.render.pages import shared_environment
from generator.render.uitext import ui_for
from generator.security import csp
from generator.validate.corpus import Corpus
from generator.write.pages import WriteLog, write_if_changed

NAV_LIMIT = 40  # playbooks listed in the navigation; more would bloat every page (see BENCHMARK.md)


SITE_URL_ENV = "PLAYBOOK_SITE_URL"  # set by `playbook build --site-url` and by CI from the Pages deployment


def site_url(project: Project) -> str | None:
    """The site's public address, ending in "/", or None (a site for any place, disk
    included): $PLAYBOOK_SITE_URL when set and not empty, else `site_url` in mkdocs.yml.
    Each language lives under it at <lang>/."""
    env = os.environ.get(SITE_URL_ENV, "").strip()
    if env:
        if not re.fullmatch(r"https?://[^\s\"'<>&]+", env):  # it goes into pages and XML as it is
            raise UsageError(f"{SITE_URL_ENV}={env}: give the address the site is published at, "
                             "e.g. https://example.org/playbooks/")
        return env.rstrip("/") + "/"
    try:
        text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return None
    return _site_url(text)


@lru_cache(maxsize=4)
def _site_url(mkdocs_yml: str) -> str | None:
    from generator.load.yamlbounds import load_bounded  # once per version of the file: the preview asks on every save

    data = load_bounded(mkdocs_yml) or {}
    url = data.get("site_url") if isinstance(data, dict) else None
    return (url.rstrip("/") + "/") if isinstance(url, str) and url.strip() else None


def lunr_language(lang: str) -> str | None:
    """The code lunr (Material's search) stems and filters `lang` with, or None when it has no
    support for it: such a language is indexed and searched as plain words (README, "Search")."""
    import material

    if languages.pack(lang).get("lunr_builtin") or (Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
                        / f"lunr.{lang}.min.js").is_file():
        return lang
    return None


SEARCH_WORDS = "assets/javascripts/workers/search-words.js"  # in docs/<lang>/: it overrides no theme file


def search_words_js(codes: tuple[str, ...]) -> str:
    """The search worker's word lists (search-stemmed.js), from the language packs' `search:`."""
    words: dict = {"CUSTOMER": {}, "STOP": {}, "NEGATION": {}, "BETWEEN": {}, "VERB": {}, "FOLD": {},
                   "NEGATION_PREFIX": {}, "TWO_SHORTER": {}, "BUILTIN": None}
    for code in codes:
        data = languages.pack(code).get("search") or {}
        if languages.pack(code).get("lunr_builtin") and words["BUILTIN"] is None:
            words["BUILTIN"] = code
        for key, name in (("customer", "CUSTOMER"), ("stop", "STOP"), ("negation", "NEGATION"), ("between", "BETWEEN"),
                          ("verb", "VERB"), ("fold", "FOLD"), ("negation_prefix", "NEGATION_PREFIX"),
                          ("two_shorter", "TWO_SHORTER")):
            if data.get(key):
                words[name][code] = data[key]
    return ("/* Written by the generator (generator/write/configs.py) from the language packs' `search:`\n"
            " * word lists (generator/languages/<code>/language.yaml): do not edit. What staff type, per\n"
            " * language, for the search worker (search-stemmed.js); measured by `make search-eval`. */\n"
            "self.playbookSearchWords = " + json.dumps(words, ensure_ascii=False, indent=1, sort_keys=True) + ";\n")


def write_configs(project: Project, corpus: Corpus, log: WriteLog, codes: tuple[str, ...] | None = None) -> None:
    """Each language's MkDocs config (`codes`: only these, e.g. the one whose pages were just
    written) and its search word lists."""
    template = shared_environment().get_template("mkdocs-lang.yml.j2")
    root_url = site_url(project)
    config = languages.current()
    alternate = [{"name": languages.own_name(code), "link": f"../{code}/", "lang": code} for code in config.codes]
    for lang in config.codes if codes is None else codes:
        content = template.render(lang=lang, ui=ui_for(lang), rtl=languages.is_rtl(lang), corpus=corpus,
                                  alternate=alternate, material_labels=languages.pack(lang).get("material_labels") or {},
                                  lunr=lunr_language(lang), has_guide=(project.docs / lang / "guide.md").is_file(),
                                  nav_limit=NAV_LIMIT, site_url=root_url, csp=csp.site_policy(),
                                  default=config.default, upright=[c for c in config.codes if languages.upright(c)])
        write_if_changed(project.config(lang), content, log)
        write_if_changed(project.docs / lang / SEARCH_WORDS, search_words_js(config.codes), log)
