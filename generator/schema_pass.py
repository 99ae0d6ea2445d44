"""Validate, first pass: YAML data into the typed model (types, required and unknown keys).

Each pydantic error becomes a Problem with file, line, column, the path in the playbook
and a fix an editor can act on.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator import LANGUAGES
from generator.errors import Problem, format_path, suggest
from generator.loader import Document
from generator.model import ID_PATTERN

_INVISIBLE = {"Cf"}  # format characters: zero-width spaces, bidi overrides, BOMs


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated/list/dict down to the model class a path step leads to."""
    while True:
        origin = get_origin(annotation)
        if origin is None:
            return annotation
        args = [a for a in get_args(annotation) if a is not type(None)]
        if origin in (list, dict):
            annotation = args[-1]
        elif origin is Union or str(origin) in ("typing.Annotated", "types.UnionType") or len(args) >= 1:
            annotation = args[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        if part in current.model_fields:
            current = _unwrap(current.model_fields[part].annotation)
        # a dict key (node id, channel): stay on the dict's value type, already unwrapped
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping", type(None): "nothing"}.get(type(value), type(value).__name__)


def _schema_problem(doc: Document, model: type[BaseModel], err: dict) -> Problem:
    loc = tuple(p for p in err["loc"] if p != "[key]")
    kind, value = err["type"], err.get("input")
    path = format_path(loc)
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        line, col = doc.where(loc, key=True)
        if err.get("meant"):
            return Problem(doc.name, line, col, path,
                           f"unknown key `{loc[-1]}`: did you mean `{err['meant']}`? (`{err['meant']}` is required here)",
                           f"rename `{loc[-1]}:` to `{err['meant']}:`")
        if parent is not None and set(LANGUAGES) <= set(allowed) and _looks_like_language(loc[-1]) \
                and not suggest(str(loc[-1]), [k for k in allowed if k not in LANGUAGES]):
            return _foreign_language(doc.name, line, col, path, str(loc[-1]))
        hint = suggest(loc[-1], allowed) or (f"allowed keys here: {', '.join(allowed)}" if allowed else "")
        if hint.startswith("did you mean"):
            hint = f"{hint} (allowed keys here: {', '.join(allowed)})"
        return Problem(doc.name, line, col, path, f"unknown key `{loc[-1]}`", hint)
    line, col = doc.where(loc)
    if kind == "empty_name":
        lang = loc[-1] if loc and loc[-1] in LANGUAGES else None
        if lang:
            return Problem(doc.name, line, col, path, f"the `{lang}` name is empty",
                           f"write the name in {_LANGUAGE_NAMES[lang]} after `{lang}:`, or delete the `{lang}:` line "
                           "to show only the original name")
        return Problem(doc.name, line, col, path, "the name is empty",
                       "write the name exactly as the article heads it")
    if kind == "missing":
        line, col = doc.where(loc[:-1])
        field_name = loc[-1]
        hint = f"add `{field_name}:`"
        if field_name in LANGUAGES:
            hint = f"add the `{field_name}` translation"
        return Problem(doc.name, line, col, format_path(loc[:-1]), f"required key `{field_name}` is missing", hint)
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern == ID_PATTERN:
            return Problem(doc.name, line, col, path, _bad_id_message(value),
                           "use lowercase letters a-z, digits and single hyphens, e.g. `angry-customer`")
        if "A-Z]{3}" in pattern:
            return Problem(doc.name, line, col, path, f"`{value}` is not a currency code",
                           "write the three-letter ISO code in capitals, e.g. EUR, USD, SAR, RUB")
        return Problem(doc.name, line, col, path, f"`{value}` is not a valid name here",
                       "use lowercase letters a-z, digits and `_`, starting with a letter, e.g. `customer_name`")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        hint = suggest(value, options) or f"use one of: {', '.join(options)}"
        return Problem(doc.name, line, col, path, f"`{value}` is not allowed here", hint)
    if kind == "too_short":
        return Problem(doc.name, line, col, path, "this list is empty", "add at least one item")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Problem(doc.name, line, col, path, f"expected a mapping (`key: value` lines), got {_type_name(value)}",
                       "indent the keys that belong here under this key")
    if kind == "list_type":
        return Problem(doc.name, line, col, path, f"expected a list, got {_type_name(value)}",
                       "write each item on its own line starting with `- `")
    if kind == "string_type":
        return Problem(doc.name, line, col, path, f"expected text, got {_type_name(value)}",
                       "put the value in double quotes" if value is not None else "write the text after the colon")
    if kind in ("int_type", "float_type", "int_from_float"):
        return Problem(doc.name, line, col, path, f"expected a number, got {_type_name(value)}",
                       "write a plain number such as 50 or 4.6, without quotes or currency")
    if kind == "bool_type":
        return Problem(doc.name, line, col, path, f"expected true or false, got {_type_name(value)}",
                       "write `true` or `false`")
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return Problem(doc.name, line, col, path, f"expected a date, got {_type_name(value)}",
                       "write the date as YYYY-MM-DD, e.g. 2027-06-30")
    if kind in ("greater_than_equal", "greater_than"):
        return Problem(doc.name, line, col, path, f"{value} is too small: {err['msg'].lower()}", "use a larger number")
    if kind == "string_too_long":
        return Problem(doc.name, line, col, path, "this id is too long (64 characters at most)", "shorten it")
    return Problem(doc.name, line, col, path, err["msg"], "")


_LANGUAGE_NAMES = {"en": "English", "fi": "Finnish", "ru": "Russian", "ar": "Arabic"}


def _looks_like_language(key: Any) -> bool:
    # `de`, `sv`, `en-GB`, `EN`: a language code, as opposed to a misspelt `name`
    return isinstance(key, str) and bool(re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", key))


def _foreign_language(file: str, line: int, col: int, path: str, key: str) -> Problem:
    low = key.lower().replace("_", "-").split("-")[0]
    langs = ", ".join(f"`{code}` ({name})" for code, name in _LANGUAGE_NAMES.items())
    if low in LANGUAGES:
        return Problem(file, line, col, path, f"`{key}` is not written the way this site names its languages",
                       f"rename `{key}:` to `{low}:`")
    return Problem(file, line, col, path, f"`{key}` is not one of the site's languages: names can be translated "
                   f"into {langs}", f"delete the `{key}:` line, or rename it to one of: {', '.join(LANGUAGES)}")


def _bad_id_message(value: Any) -> str:
    if not isinstance(value, str):
        return f"expected an id, got {_type_name(value)}"
    hidden = [c for c in value if unicodedata.category(c) in _INVISIBLE]
    if hidden:
        names = ", ".join(sorted({unicodedata.name(c, f'U+{ord(c):04X}') for c in hidden}))
        return f"the id `{value.encode('unicode_escape').decode()}` contains invisible characters ({names})"
    if "/" in value or "\\" in value or ".." in value:
        return f"the id `{value}` is not safe as a file name or web address (it contains a path)"
    if any(c.isspace() for c in value):
        return f"the id `{value}` contains spaces"
    if value != value.lower():
        return f"the id `{value}` contains uppercase letters"
    if not value.isascii():
        return f"the id `{value}` contains non-ASCII letters"
    return f"`{value}` is not a valid id"


def parse(doc: Document, model: type[BaseModel], problems: list[Problem], salvage: bool = False):
    """Validate one document against a model class; append problems, return the object or None.

    With `salvage`, a document with schema problems still yields a partial object (its
    invalid parts set to None, list items kept in place), so that the semantic pass can
    report the rest of the file's mistakes in the same run.
    """
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.name, 1, 1, "",
                                f"the file must be a mapping of keys (`id:`, `title:` …), not {_type_name(doc.data)}",
                                "start the file with `id: …` at the left margin, without `- `"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_schema_problem(doc, model, e) for e in _one_per_typo(exc.errors()))
        return _salvage(model, doc.data) if salvage else None


def _one_per_typo(errors: list[dict]) -> list[dict]:
    """An unknown key that is a misspelling of a missing required one (`titel` for `title`) is
    one mistake: report the unknown key, naming the one meant, and not the missing one too."""
    def parent(err):
        return tuple(p for p in err["loc"] if p != "[key]")[:-1]

    unknown = {(parent(e), str(e["loc"][-1])): e for e in errors if e["type"] == "extra_forbidden"}
    out = []
    for err in errors:
        if err["type"] == "missing":
            wanted = str(err["loc"][-1])
            typo = next((e for (where, key), e in unknown.items() if where == parent(err)
                         and not e.get("meant") and suggest(key, [wanted])), None)
            if typo is not None:
                typo["meant"] = wanted
                continue
        out.append(err)
    return out


def _salvage(model: type[BaseModel], data: dict) -> BaseModel:
    from pydantic import TypeAdapter

    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            values[name] = None if info.is_required() else info.get_default(call_default_factory=True)
            continue
        raw = data[name]
        try:
            values[name] = TypeAdapter(info.annotation).validate_python(raw, strict=True)
            continue
        except ValidationError:
            pass
        item_type = _unwrap(info.annotation)
        is_list = get_origin(_strip_annotated(info.annotation)) is list
        if isinstance(raw, list) and is_list:
            values[name] = [_try(item_type, item) for item in raw]
        elif is_list:
            values[name] = []
        else:
            values[name] = None if info.is_required() else info.get_default(call_default_factory=True)
    return model.model_construct(**values)


def _strip_annotated(annotation: Any) -> Any:
    while str(get_origin(annotation)) == "typing.Annotated" or hasattr(annotation, "__metadata__"):
        annotation = get_args(annotation)[0]
    return annotation


def _try(model: Any, raw: Any):
    try:
        return model.model_validate(raw) if isinstance(model, type) and issubclass(model, BaseModel) else raw
    except ValidationError:
        return None
