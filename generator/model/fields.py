"""The model's language keys, made from settings.yaml `languages:` (and the JSON Schema with them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo

from generator import languages
import generator.model.playbook as playbook
import generator.model.settings as settings
import generator.model.sources as sources
import generator.model.text as text
from generator.model.sources import Article, GlossaryTerm, Named, NameText
from generator.model.text import Fingerprint, FormName, Term, Text, TextValue


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
    _LANGUAGE_FIELDS.update(("src", "forms", "gender", "indeclinable"))

    texts = {code: _field(TextValue) if code == config.source else _field(TextValue | None, None)
             for code in every}
    texts["src"] = _field(dict[Translated, Fingerprint] | None, None)
    _set_fields(Text, texts)
    terms = dict(texts)
    terms["forms"] = _field(dict[Code, dict[FormName, str]] | None, None, description=(
        "Grammatical forms per language: " + "; ".join(f"{c}: {' '.join(languages.forms(c))}" for c in every)))
    terms["gender"] = _field(dict[Code, str] | None, None, description=(
        "Grammatical gender per language, for sentences that choose words by it "
        "({supervisor:gender|masculine=…|feminine=…}): " + "; ".join(
            f"{c}: {' '.join(languages.genders(c))}" for c in every if languages.genders(c))))
    terms["indeclinable"] = _field(list[Code] | None, None, description=(
        "Languages in which the name never changes (an abbreviation such as ООО «Ромашка»): "
        "every form a sentence asks for is the name as written"))
    _set_fields(Term, terms)
    _set_fields(Named, {code: _field(NameText, None, description=f"The name in {languages.english_name(code)} (optional)")
                        for code in every}, keep_first=("name",))
    _set_fields(Article, {"language": _field(Code)}, keep_first=("file", "part"), replace=("language",))
    _set_fields(GlossaryTerm, {"avoid": _field(dict[Code, list[str]], {}, description=(
        "Per language, words not to use for this term; validation flags them in playbooks "
        "(each word matches as a stem; end a word with $ to match only the whole word)"))},
        keep_first=("id", "term", "meaning"), replace=("avoid",))
    # Every model that holds a text must see the new fields: rebuild them all, in the order
    # they are defined (a model is rebuilt after the ones it contains).
    for module in (text, playbook, settings, sources):
        for model in [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, BaseModel)
                      and v.__module__ == module.__name__]:
            model.model_rebuild(force=True)

