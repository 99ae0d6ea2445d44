"""playbook/sources.yaml (the articles and their sections) and playbook/glossary.yaml."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.model.text import Id, Strict, Text


# --- sources.yaml: the articles and their sections -------------------------------

def _name_value(value):
    """A name in one language: non-empty text (an empty `en:` is a mistake, not "no translation")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("empty_name", "this name is empty")
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    return value


NameText = Annotated[str, PlainValidator(_name_value), WithJsonSchema({"type": "string", "pattern": r"\S"})]


class Named(Strict):
    """A title or section heading as the article writes it (`name`, the one playbooks cite),
    and optionally what it means in the site's languages, shown next to it on the pages."""
    name: NameText = Field(description="The name exactly as the article heads it; playbooks cite this")
    # en: NameText = Field(None, description="The name in English (optional)"), one per language: use_languages
    locator: bool = Field(False, description="true: the article has no heading here, so `name` (and its "
                          "translations) only says where to look, e.g. \"Ten steps, step 6\"; pages show it "
                          "as a place in the article, not as a quoted heading")

    def __str__(self) -> str:
        return self.name

    def translated(self, lang: str) -> str | None:
        """The name in `lang`, or None when only the original is known."""
        return getattr(self, lang, None)


def _named_value(value):
    # A plain string is a name with no translations; editors write most sections that way.
    return {"name": value} if isinstance(value, str) else value


NamedText = Annotated[Named, BeforeValidator(_named_value, json_schema_input_type=Annotated[
    str, WithJsonSchema({"type": "string", "pattern": r"\S",
                         "description": "The name exactly as the article heads it (no translations given)"})] | Named)]


class Article(Strict):
    file: str
    part: Id | None = Field(None, description="When one file holds several articles: a short name for this one; "
                            "playbooks then cite it as FILE#PART")
    language: str  # a language code: use_languages below
    title: NamedText
    sections: Annotated[list[NamedText], Field(min_length=1)]

    @property
    def key(self) -> str:
        """What playbooks write in `article:`: the file, or FILE#PART for one of several articles in a file."""
        return f"{self.file}#{self.part}" if self.part else self.file

    @property
    def section_names(self) -> list[str]:
        """The sections' original names: what playbooks cite."""
        return [s.name for s in self.sections]

    def section(self, name: str) -> Named | None:
        return next((s for s in self.sections if s.name == name), None)


class Sources(Strict):
    articles: Annotated[list[Article], Field(min_length=1)]


# --- glossary.yaml: key terms, one word per language, used the same way everywhere ---------

class GlossaryTerm(Strict):
    id: Id
    term: Text
    meaning: Text
    avoid: dict[str, list[str]] = {}  # per language code: use_languages below


class Glossary(Strict):
    terms: Annotated[list[GlossaryTerm], Field(min_length=1)]
