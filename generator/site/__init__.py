"""Stage 5, build the site: one MkDocs + Material build per language into site/, swapped in
atomically; the theme (theme/), the 404 pages, search from disk and MkDocs' hooks. May import: write and before.
"""
