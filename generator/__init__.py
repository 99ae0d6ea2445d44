"""Customer-service playbook site generator: YAML playbooks in, a static MkDocs + Material site out.

The pipeline runs one way, one subpackage per stage:
load/ -> validate/ (into model.py) -> render/ -> write/ (docs/) -> site/ (MkDocs + Material builds) -> the built site/ folder.
"""

LANGUAGES = ("en", "fi", "ru", "ar")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
