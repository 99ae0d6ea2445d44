"""playbook/settings.yaml: the company's names and figures, roles, situations, languages."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from generator.model.text import Id, Strict, Term, Text


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



SETTINGS_NUMBERS = ("concede_limit", "department_limit", "rating_target", "follow_up_days")
SETTINGS_AMOUNTS = ("concede_limit", "department_limit")
SETTINGS_TEXTS = ("supervisor", "security_contact")
SETTINGS_VALUES = ("emergency_number",)  # shown as written, in every language
SETTINGS_PLACEHOLDERS = SETTINGS_NUMBERS + SETTINGS_VALUES + SETTINGS_TEXTS + ("gifts", "company")
