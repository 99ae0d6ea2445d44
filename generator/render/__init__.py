"""Stage 3, render: the Markdown of each page per language, from Jinja2 templates (templates/).
May import: validate (read-only helpers), grammar, search, translate.status, model.
"""
