"""The model's building blocks: ids, a text in every site language, a settings term with its grammatical forms."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.grammar.forms import PLURAL_CATEGORIES


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Channel = Literal["in_person", "phone", "email", "chat", "review"]
CHANNELS: tuple[str, ...] = ("in_person", "phone", "email", "chat", "review")
OutcomeKind = Literal["resolved", "escalated", "declined", "referred"]


class Strict(BaseModel):
    # Unknown keys are typos more often than not: refuse them, with a suggestion.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")]


def _text_value(value):
    """A text in one language: a string, or plural forms (CLDR category -> string)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value:
        for key, item in value.items():
            if key not in PLURAL_CATEGORIES:
                raise PydanticCustomError("plural_category", "`{key}` is not a plural category", {"key": key})
            if not isinstance(item, str):
                raise PydanticCustomError("string_type", "expected text", {"key": key})
        return dict(value)
    raise PydanticCustomError("string_type", "expected text")


_PLURAL_SCHEMA = {"anyOf": [
    {"type": "string"},
    {"type": "object", "description": "Plural forms: CLDR category -> text (for texts with a count such as {follow_up_days})",
     "propertyNames": {"enum": list(PLURAL_CATEGORIES)}, "additionalProperties": {"type": "string"}, "minProperties": 1},
]}
TextValue = Annotated[str | dict[str, str], PlainValidator(_text_value), WithJsonSchema(_PLURAL_SCHEMA)]


class Text(Strict):
    """One human-readable string in every site language: one key per language code listed
    in settings.yaml `languages:`; the source language's (`source_language:`) is required.

    `src` records, per translation, a fingerprint of the source text it was translated from;
    when the source changes, the translation shows as outdated until it is updated
    (`playbook translations` keeps these; editors need not touch them)."""

    def get(self, lang: str) -> str | dict[str, str] | None:
        return getattr(self, lang, None)


FormName = Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]


class Term(Text):
    """A settings noun that sits inside sentences (supervisor, company, role names).

    `forms:` gives, per language, the grammatical forms sentences ask for with
    `{name:form}`, e.g. fi `{gen: vuoroesihenkilön, all: vuoroesihenkilölle}`; in a
    language listed under `indeclinable:` every form is the name as written (ООО «Ромашка»).
    `gender:` gives, per language, the grammatical gender sentences agree with
    (`{supervisor:gender|masculine=…|feminine=…}`)."""

    # forms: dict[language code, dict[FormName, str]] | None, gender: dict[language code, str] | None,
    # indeclinable: list[language code] | None, made by model/fields.py use_languages.

    def form(self, lang: str, name: str | None) -> str | None:
        """The declared form, or None when not declared."""
        value = self.get(lang)
        if not name:
            return value if isinstance(value, str) else None
        declared = ((self.forms or {}).get(lang) or {}).get(name)
        if declared is None and name != "cap" and lang in (self.indeclinable or ()) and isinstance(value, str):
            return value
        return declared

    def gender_of(self, lang: str) -> str | None:
        """The declared grammatical gender in `lang`, or None."""
        return (self.gender or {}).get(lang)
