"""Validate, sources.yaml beyond its types: what the names of articles and sections say.

Each title and section is named as the article heads it; its translations are for the
site's other languages (the pages show them next to the original).
"""

from __future__ import annotations

from generator.messages import msg
from generator.model import Sources
from generator.validate.checker import Checker


def check_sources(chk: Checker, sources: Sources) -> None:
    keys: dict[str, int] = {}
    for ai, article in enumerate(sources.articles):
        # Playbooks cite an article by its key: the file, or FILE#PART when a file holds several.
        if article.key in keys:
            chk.add(("articles", ai, "file"), msg("the article `{article}` is listed twice (also item {item})",
                                                  article=article.key, item=keys[article.key] + 1),
                    msg("when one file holds several articles, give each its own `part:`; playbooks cite it as "
                        "`{article}#PART`", article=article.file))
        keys.setdefault(article.key, ai)
        named = [(("articles", ai, "title"), article.title)] + [
            (("articles", ai, "sections", si), section) for si, section in enumerate(article.sections)]
        own = article.language
        seen: dict[str, int] = {}
        for path, item in named:
            # A translation into the article's own language would never be shown: the page in
            # that language shows the original, which is what playbooks cite.
            if item.translated(own) is not None:
                chk.add(path + (own,), msg("the article is in `{lang}`, so `name:` is already the name in that "
                                           "language and `{lang}:` is never shown", lang=own),
                        msg("delete the `{lang}:` line (to change the name itself, edit `name:` and the playbooks "
                            "that cite it)", lang=own), key=True)
            if path[2] != "sections":
                continue
            if item.name in seen:
                chk.add(path, msg("the section `{name}` is listed twice in this article (also item {item})",
                                  name=item.name, item=seen[item.name] + 1),
                        msg("delete one of them: a playbook cites a section by its name, so names must differ"))
            seen.setdefault(item.name, path[3])
