"""Write, MkDocs' side: one `docs/mkdocs.<lang>.yml` per language, each INHERITing the root
mkdocs.yml with the language's name, direction, navigation, address and CSP.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from generator import DEFAULT_LANGUAGE, LANGUAGES, RTL_LANGUAGES
from generator.errors import UsageError
from generator.project import Project
from generator.render.pages import shared_environment, ui_for
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


def write_configs(project: Project, corpus: Corpus, log: WriteLog, languages: tuple[str, ...] = LANGUAGES) -> None:
    template = shared_environment().get_template("mkdocs-lang.yml.j2")
    root_url = site_url(project)
    for lang in languages:
        content = template.render(lang=lang, ui=ui_for(lang), rtl=lang in RTL_LANGUAGES, corpus=corpus,
                                  nav_limit=NAV_LIMIT, site_url=root_url, csp=csp.site_policy(),
                                  default=DEFAULT_LANGUAGE)
        write_if_changed(project.config(lang), content, log)
