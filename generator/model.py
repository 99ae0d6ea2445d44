"""The typed playbook model: what a playbook and the settings file may contain.

The JSON Schema that editors' tools use (write/schema.py) is generated from these classes,
so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from pydantic.fields import FieldInfo

from generator import languages
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
    `{name:form}`, e.g. fi `{gen: vuoroesihenkilön, all: vuoroesihenkilölle}`."""

    # forms: dict[language code, dict[FormName, str]] | None, made by use_languages below.

    def form(self, lang: str, name: str | None) -> str | None:
        """The declared form, or None when not declared."""
        if not name:
            value = self.get(lang)
            return value if isinstance(value, str) else None
        return ((self.forms or {}).get(lang) or {}).get(name)


RoleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]


class Source(Strict):
    """Where a part of a playbook comes from: an article and one of its sections (the article
    really says it), OR `policy: ROLE-ID`, the company's own rule, owned by that role of
    settings.yaml `roles:`. A policy that applies an article's principle with the company's
    own figures or wording names both: `policy:` and the section it is based on.
    checks.py enforces "at least one of the two"."""

    model_config = ConfigDict(json_schema_extra={
        "anyOf": [{"required": ["section"]}, {"required": ["policy"]}],
        "dependentRequired": {"article": ["section"]}})

    section: str | None = Field(None, description="The article section that says this")
    article: str | None = Field(None, description="Defaults to the playbook's source article")
    policy: RoleId | None = Field(None, description="The company's own rule, owned by this role (an id from "
                                  "settings.yaml `roles:`); with `section:`, the section the rule is based on")

    @property
    def is_policy(self) -> bool:
        return self.policy is not None


class Step(Strict):
    id: Id
    title: Text
    body: Text
    source: Source


class Item(Strict):
    text: Text
    source: Source


Bound = Annotated[float, Field(ge=0)] | Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Answer(Strict):
    """A choice leading to another node. On an amount question, a range instead of a
    label: `over` (exclusive) and `up_to` (inclusive), numbers or settings names such as
    `concede_limit`; the label is then written from the range."""

    label: Text | None = None
    next: Id
    over: Bound | None = None
    up_to: Bound | None = None

    @property
    def is_range(self) -> bool:
        return self.over is not None or self.up_to is not None


class Node(Strict):
    """A question (with answers) or an outcome (with what to do)."""

    question: Text | None = None
    answers: list[Answer] | None = None
    outcome: Text | None = None
    kind: OutcomeKind | None = None
    script: Id | None = None
    checklist: Id | None = None
    playbook: Id | None = None
    source: Source | None = Field(None, description="Where this branch's guidance comes from")


class Tree(Strict):
    id: Id
    title: Text
    source: Source
    start: Id
    nodes: dict[Id, Node]


# What a fill-in holds: it sets the field's keyboard and type on the page, how the value is
# checked and written in the page's language (an amount with the company's currency).
PlaceholderKind = Literal["text", "name", "amount", "phone", "email", "date"]


class Placeholder(Strict):
    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    kind: PlaceholderKind = Field("text", description=(
        "What staff type: text (the default), name, amount (a number; the page adds the currency "
        "from settings), phone, email or date"))
    required: bool = False
    fallback: Text | None = None


class Script(Strict):
    id: Id
    title: Text
    source: Source
    note: Text | None = Field(None, description="For staff only: shown on the page, never copied")
    placeholders: list[Placeholder] = []
    text: Text = Field(description="The default wording, used for every channel without its own")
    channels: dict[Channel, Text] = {}


class ChecklistItem(Strict):
    id: Id
    text: Text


class Checklist(Strict):
    id: Id
    title: Text
    source: Source
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


class Tags(Strict):
    channels: Annotated[list[Channel], Field(min_length=1)]
    situations: Annotated[list[Id], Field(min_length=1)]


class ArticleRef(Strict):
    article: str


PlaybookStatus = Literal["draft", "published"]


class Playbook(Strict):
    id: Id
    status: PlaybookStatus = Field(
        "published", description="`draft`: shown only in the live preview (with a banner), left out of the "
        "published site, and allowed to keep TODO placeholders")
    title: Text
    summary: Text
    when_to_use: Text
    tags: Tags
    source: ArticleRef
    owner: Id | None = Field(None, description="A role id from settings.yaml `roles:`")
    safety_first: bool = Field(False, description="Open the page with a link to the abuse/threat tree "
                               "(settings.yaml `safety_tree`): for situations that can turn threatening")
    audience: Literal["staff", "managers"] = Field(
        "staff", description="`managers`: the page says it is for managers, not help in the moment")
    reviewed: date | None = Field(None, description="When the owner last reviewed the content")
    review_by: date | None = Field(None, description="When it must be reviewed again")
    steps: Annotated[list[Step], Field(min_length=1)]
    trees: list[Tree] = []
    scripts: list[Script] = []
    checklists: list[Checklist] = []
    do: list[Item] = []
    dont: list[Item] = []
    related: list[Id] = []
    search_terms: Text | None = Field(None, description=(
        "Words staff type when they look for this playbook: synonyms, everyday and slang words, "
        "common misspellings; comma-separated, in each language. Search weighs them like the "
        "title; they are not shown on the page"))

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


# --- settings.yaml -------------------------------------------------------------


class Company(Strict):
    name: Term
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    concede_limit: Annotated[float, Field(ge=0)]
    department_limit: Annotated[float, Field(ge=0)]
    supervisor: Term
    rating_target: float
    follow_up_days: Annotated[int, Field(ge=1)]
    gifts: Annotated[list[Text], Field(min_length=1)]
    emergency_number: Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ]*$")] = Field(
        description="The emergency number staff call ({emergency_number})")
    security_contact: Term = Field(description="Who staff alert for help on site: an alarm, a guard ({security_contact})")


class Situation(Strict):
    id: Id
    label: Text
    hint: Text
    first: Id = Field(description="The playbook staff open first in this situation (its id)")
    also: Annotated[list[Id], Field(max_length=3)] = Field(
        [], description="Up to three more playbooks for this situation, in the order shown (ids)")


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class TranslationPolicy(Strict):
    require_complete: bool = Field(True, description="Every text must exist in every language (a validation error otherwise)")
    fail_on_outdated: bool = Field(False, description="`playbook status --check` also fails on outdated translations")
    in_progress: list[LanguageCode] = Field([], description=(
        "Languages still being translated (`playbook language add` lists a new one here): their missing texts "
        "are shown in the default language, marked \"not yet translated\", instead of failing validation; "
        "`playbook status --check` still fails on them"))


class Role(Strict):
    """Who owns a playbook or a company policy; `name` is shown on every page."""

    id: Id
    name: Term


class SafetyTree(Strict):
    """The decision tree for abuse and threats, linked at the top of every playbook with
    `safety_first: true`."""

    playbook: Id
    tree: Id


class Settings(Strict):
    languages: Annotated[list[LanguageCode], Field(min_length=1)] = Field(description=(
        "The site's languages, as language codes (en, fi, sv, fa …); the first is the default. "
        "Each needs a language pack, generator/languages/<code>/ (`playbook language add CODE` writes one)"))
    source_language: LanguageCode | None = Field(None, description=(
        "The language editors write first, which every text must have and translations are made from "
        "(default: the first of `languages`)"))
    company: Company
    roles: list[Role] = []
    situations: Annotated[list[Situation], Field(min_length=1)]
    safety_tree: SafetyTree | None = None
    translations: TranslationPolicy = TranslationPolicy()


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


SETTINGS_NUMBERS = ("concede_limit", "department_limit", "rating_target", "follow_up_days")
SETTINGS_AMOUNTS = ("concede_limit", "department_limit")
SETTINGS_TEXTS = ("supervisor", "security_contact")
SETTINGS_VALUES = ("emergency_number",)  # shown as written, in every language
SETTINGS_PLACEHOLDERS = SETTINGS_NUMBERS + SETTINGS_VALUES + SETTINGS_TEXTS + ("gifts", "company")


# --- the language fields, from settings.yaml `languages:` ---------------------------

def _field(annotation, default=..., **kw) -> FieldInfo:
    return FieldInfo.from_annotated_attribute(annotation, Field(default, **kw)) if default is not ... or kw \
        else FieldInfo.from_annotation(annotation)


def _set_fields(cls: type[BaseModel], fields: dict[str, FieldInfo], keep_first: tuple[str, ...] = (),
                replace: tuple[str, ...] = ()) -> None:
    """Give a model class new language fields, keeping its other fields (those in `keep_first`
    before them, the rest after)."""
    current = cls.model_fields
    old = dict(current)
    current.clear()
    current.update({name: old[name] for name in keep_first if name in old})
    current.update(fields)
    current.update({name: info for name, info in old.items() if name not in current and name not in replace
                    and not _is_language_field(name)})


_LANGUAGE_FIELDS: set[str] = set()


def _is_language_field(name: str) -> bool:
    return name in _LANGUAGE_FIELDS


def use_languages(config: languages.Languages) -> None:
    """Make the model's language keys those of `config`: every text has one key per configured
    language (the source required), plus a key per switched-off language that has a pack (its
    texts are kept in the YAML, not shown), and the JSON Schema follows."""
    off = tuple(code for code in languages.packs() if code not in config.codes)
    every = (*config.codes, *off)
    Code = Literal[every]  # type: ignore[valid-type]
    Translated = Literal[tuple(c for c in every if c != config.source)]  # type: ignore[valid-type]
    _LANGUAGE_FIELDS.clear()
    _LANGUAGE_FIELDS.update(every)
    _LANGUAGE_FIELDS.update(("src", "forms"))

    texts = {code: _field(TextValue) if code == config.source else _field(TextValue | None, None)
             for code in every}
    texts["src"] = _field(dict[Translated, Fingerprint] | None, None)
    _set_fields(Text, texts)
    terms = dict(texts)
    terms["forms"] = _field(dict[Code, dict[FormName, str]] | None, None, description=(
        "Grammatical forms per language: " + "; ".join(f"{c}: {' '.join(languages.forms(c))}" for c in every)))
    _set_fields(Term, terms)
    _set_fields(Named, {code: _field(NameText, None, description=f"The name in {languages.english_name(code)} (optional)")
                        for code in every}, keep_first=("name",))
    _set_fields(Article, {"language": _field(Code)}, keep_first=("file", "part"), replace=("language",))
    _set_fields(GlossaryTerm, {"avoid": _field(dict[Code, list[str]], {}, description=(
        "Per language, words not to use for this term; validation flags them in playbooks "
        "(each word matches as a stem; end a word with $ to match only the whole word)"))},
        keep_first=("id", "term", "meaning"), replace=("avoid",))
    for model in [v for v in globals().values() if isinstance(v, type) and issubclass(v, BaseModel)
                  and v.__module__ == __name__]:
        model.model_rebuild(force=True)


languages.on_change(use_languages)
languages.current()  # fields from the first configuration (this project's, until one is loaded)
