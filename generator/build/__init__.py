"""Stage 5, build: one MkDocs + Material build per language into site/, swapped in atomically;
the theme (theme/), the 404 pages, offline search and the MkDocs hooks. May import: write and before.
"""
