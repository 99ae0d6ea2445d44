"""Customer-service playbook site generator.

The pipeline runs one way, one module per stage:
load (loader.py) -> validate (schema_pass.py, checks.py, corpus.py, into model.py) -> render (render.py)
-> write (write.py, docs/; cache.py keeps what the next run can reuse)
-> build (build.py, MkDocs + Material) -> site/.
"""

LANGUAGES = ("en", "fi", "ru", "ar")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
