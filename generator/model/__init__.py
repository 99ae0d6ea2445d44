"""The typed model at the centre: what a playbook, the settings, sources and glossary may contain.

The JSON Schema that editors' tools use (write/schema.py) is generated from these classes, so the
two cannot drift apart. `text` holds the building blocks, `playbook`, `settings` and `sources` one
file each, and `fields` gives every text one key per configured language. Imports only
`generator.languages` and `generator.grammar`.
"""

from generator.model.text import *  # noqa: F401,F403
from generator.model.playbook import *  # noqa: F401,F403
from generator.model.settings import *  # noqa: F401,F403
from generator.model.sources import *  # noqa: F401,F403
from generator.model.fields import use_languages  # noqa: F401
from generator import languages as _languages

_languages.on_change(use_languages)
_languages.current()  # fields from the first configuration (this project's, until one is loaded)
