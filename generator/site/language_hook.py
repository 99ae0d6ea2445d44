"""MkDocs hook of each language build: the words MkDocs itself adds, in the page's language.

Python-Markdown's table-of-contents extension titles every heading's anchor "Permanent
link" in English, and Material's 404 page says "Not found"; this takes both from ui.yaml
for the build's language (theme.language), so nothing English is left on a translated page. Listed in
generator/render/templates/mkdocs-lang.yml.j2.
"""

from __future__ import annotations


def on_config(config):
    from generator.render.pages import ui_for

    lang = config.theme["language"]
    ui = ui_for(lang)
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = ui["permalink"]
    config.extra["not_found"] = ui["not_found"]  # Material's 404 page says "Not found" (theme/404.html)
    return config
