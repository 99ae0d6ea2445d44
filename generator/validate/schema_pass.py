"""Validate, first pass: YAML data into the typed model (types, required and unknown keys).

Each pydantic error becomes a Problem with file, line, column, the path in the playbook
and a fix an editor can act on.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator import languages
from generator.errors import Problem, format_path, suggest
from generator.load.yamlfile import Document
from generator.messages import mark, msg
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


def _too_small(kind: str, limit) -> str:
    """Pydantic's "input should be greater than (or equal to) N", as a message."""
    if kind == "greater_than_equal":
        return msg("input should be greater than or equal to {limit}", limit=limit)
    return msg("input should be greater than {limit}", limit=limit)


def _type_name(value: Any) -> str:
    names = {bool: mark("true/false"), int: mark("a number"), float: mark("a number"), str: mark("text"),
             list: mark("a list"), dict: mark("a mapping"), type(None): mark("nothing"),
             datetime.date: mark("a date"), datetime.datetime: mark("a date and time")}
    return msg(names[type(value)]) if type(value) in names else type(value).__name__


_DATE_KINDS = ("date_type", "date_parsing", "date_from_datetime_inexact", "date_from_datetime_parsing")
# A value of the wrong kind: per pydantic error kind, what the editor is told and the fix.
_WRONG_TYPE = {
    ("model_type", "model_attributes_type", "dict_type"): (
        mark("expected a mapping (`key: value` lines), got {got}"), mark("indent the keys that belong here under this key")),
    ("list_type",): (mark("expected a list, got {got}"), mark("write each item on its own line starting with `- `")),
    ("int_type", "float_type", "int_from_float"): (
        mark("expected a number, got {got}"), mark("write a plain number such as 50 or 4.6, without quotes or currency")),
    ("bool_type",): (mark("expected true or false, got {got}"), mark("write `true` or `false`")),
    _DATE_KINDS: (mark("expected a date, got {got}"), mark("write the date as YYYY-MM-DD, e.g. 2027-06-30")),
}


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
                           msg("unknown key `{key}`: did you mean `{meant}`? (`{meant}` is required here)",
                               key=loc[-1], meant=err['meant']),
                           msg("rename `{key}:` to `{meant}:`", key=loc[-1], meant=err['meant']))
        codes = languages.current().codes
        if parent is not None and set(codes) <= set(allowed) and _looks_like_language(loc[-1]) \
                and not suggest(str(loc[-1]), [k for k in allowed if k not in codes and k not in languages.packs()]):
            return _foreign_language(doc.name, line, col, path, str(loc[-1]))
        close = suggest(loc[-1], allowed)
        keys = ", ".join(allowed)
        if close:
            hint = msg("did you mean `{option}`? (allowed keys here: {keys})", option=close.args["option"], keys=keys)
        else:
            hint = msg("allowed keys here: {keys}", keys=keys) if allowed else ""
        return Problem(doc.name, line, col, path, msg("unknown key `{key}`", key=loc[-1]), hint)
    line, col = doc.where(loc)
    if kind == "empty_name":
        lang = loc[-1] if loc and loc[-1] in languages.current().codes else None
        if lang:
            return Problem(doc.name, line, col, path, msg("the `{lang}` name is empty", lang=lang),
                           msg("write the name in that language after `{lang}:`, or delete the `{lang}:` line "
                               "to show only the original name", lang=lang))
        return Problem(doc.name, line, col, path, msg("the name is empty"),
                       msg("write the name exactly as the article heads it"))
    if kind == "missing":
        line, col = doc.where(loc[:-1])
        field_name = loc[-1]
        hint = msg("add `{key}:`", key=field_name)
        if field_name in languages.current().codes:
            hint = msg("add the `{key}` translation", key=field_name)
        return Problem(doc.name, line, col, format_path(loc[:-1]),
                       msg("required key `{key}` is missing", key=field_name), hint)
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern == ID_PATTERN:
            return Problem(doc.name, line, col, path, _bad_id_message(value),
                           msg("use lowercase letters a-z, digits and single hyphens, e.g. `angry-customer`"))
        if "A-Z]{3}" in pattern:
            return Problem(doc.name, line, col, path, msg("`{value}` is not a currency code", value=value),
                           msg("write the three-letter ISO code in capitals, e.g. EUR, USD, SAR, RUB"))
        return Problem(doc.name, line, col, path, msg("`{value}` is not a valid name here", value=value),
                       msg("use lowercase letters a-z, digits and `_`, starting with a letter, e.g. `customer_name`"))
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        hint = suggest(value, options) or msg("use one of: {options}", options=", ".join(options))
        return Problem(doc.name, line, col, path, msg("`{value}` is not allowed here", value=value), hint)
    if kind == "too_short":
        return Problem(doc.name, line, col, path, msg("this list is empty"), msg("add at least one item"))
    got = _type_name(value)
    if kind == "string_type":
        return Problem(doc.name, line, col, path, msg("expected text, got {got}", got=got),
                       msg("put the value in double quotes") if value is not None
                       else msg("write the text after the colon"))
    if kind in _DATE_KINDS and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
        return Problem(doc.name, line, col, path,  # 2027-13-30: the shape of a date, but no such day
                       msg("`{value}` is not a date in the calendar (check the month and the day)", value=value),
                       msg("write the date as YYYY-MM-DD, e.g. 2027-06-30"))
    for kinds, (message, fix) in _WRONG_TYPE.items():
        if kind in kinds:
            return Problem(doc.name, line, col, path, msg(message, got=got), msg(fix))
    if kind in ("greater_than_equal", "greater_than"):
        limit = (err.get("ctx") or {}).get("ge", (err.get("ctx") or {}).get("gt"))
        return Problem(doc.name, line, col, path, msg("{value} is too small: {reason}", value=value,
                                                      reason=_too_small(kind, limit) if limit is not None
                                                      else err["msg"].lower()),
                       msg("use a larger number"))
    if kind == "string_too_long":
        return Problem(doc.name, line, col, path, msg("this id is too long (64 characters at most)"),
                       msg("shorten it"))
    if kind == "plural_category":
        return Problem(doc.name, line, col, path, msg("`{key}` is not a plural category",
                                                      key=(err.get("ctx") or {}).get("key")), "")
    return Problem(doc.name, line, col, path, err["msg"], "")


def _looks_like_language(key: Any) -> bool:
    # `de`, `sv`, `en-GB`, `EN`: a language code, as opposed to a misspelt `name`
    return isinstance(key, str) and bool(re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", key))


def _foreign_language(file: str, line: int, col: int, path: str, key: str) -> Problem:
    low = key.lower().replace("_", "-").split("-")[0]
    codes = languages.current().codes
    if low in codes:
        return Problem(file, line, col, path, msg("`{key}` is not written the way this site names its languages",
                                                  key=key),
                       msg("rename `{key}:` to `{meant}:`", key=key, meant=low))
    codes = ", ".join(codes)
    return Problem(file, line, col, path, msg("`{key}` is not one of the site's languages: names can be translated "
                                              "into {codes}", key=key, codes=codes),
                   msg("delete the `{key}:` line, or rename it to one of: {codes}", key=key, codes=codes))


def _bad_id_message(value: Any) -> str:
    if not isinstance(value, str):
        return msg("expected an id, got {got}", got=_type_name(value))
    hidden = [c for c in value if unicodedata.category(c) in _INVISIBLE]
    if hidden:
        names = ", ".join(sorted({unicodedata.name(c, f'U+{ord(c):04X}') for c in hidden}))
        return msg("the id `{id}` contains invisible characters ({names})",
                   id=value.encode('unicode_escape').decode(), names=names)
    if "/" in value or "\\" in value or ".." in value:
        return msg("the id `{id}` is not safe as a file name or web address (it contains a path)", id=value)
    if any(c.isspace() for c in value):
        return msg("the id `{id}` contains spaces", id=value)
    if value != value.lower():
        return msg("the id `{id}` contains uppercase letters", id=value)
    if not value.isascii():
        return msg("the id `{id}` contains non-ASCII letters", id=value)
    return msg("`{id}` is not a valid id", id=value)


def parse(doc: Document, model: type[BaseModel], problems: list[Problem], salvage: bool = False):
    """Validate one document against a model class; append problems, return the object or None.

    With `salvage`, a document with schema problems still yields a partial object (its
    invalid parts set to None, list items kept in place), so that the semantic pass can
    report the rest of the file's mistakes in the same run.
    """
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.name, 1, 1, "",
                                msg("the file must be a mapping of keys (`id:`, `title:` …), not {got}",
                                    got=_type_name(doc.data)),
                                msg("start the file with `id: …` at the left margin, without `- `")))
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
