"""MkDocs hook of each language build: the words MkDocs itself adds, in the page's language.

Python-Markdown's table-of-contents extension titles every heading's anchor "Permanent
link" in English, and Material's 404 page says "Not found"; this takes both from ui.yaml
for the build's language (theme.language), so nothing English is left on a translated page. Listed in
generator/render/templates/mkdocs-lang.yml.j2.
"""

from __future__ import annotations

from pathlib import Path

# The page widgets, one source file each (common.js first: the others use its helpers), are
# served as one file, assets/playbook/playbook.js (mkdocs.yml extra_javascript): one request
# instead of five on a first visit.
WIDGETS = ("common.js", "tree.js", "amount.js", "script.js", "checklist.js", "language.js")
THEME_ASSETS = Path(__file__).parent / "theme" / "assets" / "playbook"


def on_config(config):
    from generator.render.uitext import ui_for

    lang = config.theme["language"]
    ui = ui_for(lang)
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = ui["permalink"]
    config.extra["not_found"] = ui["not_found"]  # Material's 404 page says "Not found" (theme/404.html)
    return config


def upright_css(codes) -> str:
    """The rule that keeps emphasis upright in these languages (italic is slanted by
    playbook.css: the tree's answers; by browsers: em, i)."""
    if not codes:
        return ""
    selectors = [f"{element}:lang({code})" for code in codes
                 for element in ("em", "i", ".pb-a", ".pb-tree-static .pb-a")]
    return ("\n/* Written per build from the language packs (`typography: emphasis: upright`): their\n"
            "   scripts have no italic, so emphasis stays upright. */\n"
            + ", ".join(selectors) + " { font-style: normal; }\n")


def on_post_build(config):
    folder = Path(config["site_dir"]) / "assets" / "playbook"
    folder.mkdir(parents=True, exist_ok=True)
    # Written whole each time (never appended to), so a preview's repeated builds stay the same.
    codes = [str(code) for code in config.extra.get("upright_languages") or ()]
    (folder / "playbook.css").write_text((THEME_ASSETS / "playbook.css").read_text(encoding="utf-8")
                                         + upright_css(codes), encoding="utf-8")
    parts = [f"/* ---- {name} ---- */\n" + (THEME_ASSETS / name).read_text(encoding="utf-8").rstrip() + "\n"
             for name in WIDGETS]
    (folder / "playbook.js").write_text("\n".join(parts), encoding="utf-8")
    for name in WIDGETS:  # copied from the theme, loaded by no page
        (folder / name).unlink(missing_ok=True)


def on_env(env, config, files):
    # The theme's templates as the MkDocs helper compiled them once for every language
    # build (site/templates.py), instead of each build compiling them again.
    from generator.site.templates import use

    use(env)
    return env
