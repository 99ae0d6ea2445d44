"""Write, MkDocs' side: one `docs/mkdocs.<lang>.yml` per language, each INHERITing the root
mkdocs.yml with the language's name, direction, navigation, address and CSP.
"""

from __future__ import annotations

from functools import lru_cache

from generator import LANGUAGES, RTL_LANGUAGES
from generator.project import Project
from generator.render.pages import shared_environment, ui_for
from generator.security import csp
from generator.validate.corpus import Corpus
from generator.write.pages import WriteLog, write_if_changed

NAV_LIMIT = 40  # playbooks listed in the navigation; more would bloat every page (see BENCHMARK.md)


def site_url(project: Project) -> str | None:
    """The site's public address from mkdocs.yml (`site_url`), ending in "/", or None.
    Each language lives under it at <lang>/."""
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
                                  nav_limit=NAV_LIMIT, site_url=root_url, csp=csp.site_policy())
        write_if_changed(project.config(lang), content, log)
