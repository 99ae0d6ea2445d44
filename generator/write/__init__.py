"""Stage 4, write: rendered pages and MkDocs configs into docs/, only what changed.
May import: render and everything before it.
"""
