"""A playbook file: steps, decision trees, scripts, checklists, each with its source."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from generator.model.text import Id, Channel, OutcomeKind, Strict, Text


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
