"""Customer-service playbook site generator: YAML playbooks in, a static MkDocs + Material site out.

The pipeline runs one way, one subpackage per stage:
load/ -> validate/ (into model/) -> render/ -> write/ (docs/) -> site/ (MkDocs + Material builds) -> the built site/ folder.

The site's languages are not constants here: settings.yaml `languages:` lists them, and
`generator.languages.current()` is what every stage asks (packs in generator/languages/).
"""
