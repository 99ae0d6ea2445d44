"""Which playbook part carries each section of each source article, and which parts are the
company's own policy (from provenance fields)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Playbook
from generator.validate.checker import iter_sources
from generator.validate.corpus import Corpus


@dataclass(frozen=True)
class Citation:
    playbook: Playbook
    path: tuple  # e.g. ("steps", 3, "source") or ("trees", 0, "nodes", "illegal", "source")

    @property
    def anchor(self) -> str:
        """The page anchor of the cited part."""
        kind, index = self.path[0], self.path[1] if len(self.path) > 1 else None
        if kind in ("steps", "trees", "scripts", "checklists") and isinstance(index, int):
            item = getattr(self.playbook, kind)[index]
            prefix = {"steps": "step", "trees": "tree", "scripts": "script", "checklists": "checklist"}[kind]
            return f"{prefix}-{item.id}"
        return "do-dont" if kind in ("do", "dont") else ""

    def label_source(self) -> str:
        """What the coverage page shows of the cited part, as a key: its title or text."""
        kind, part = self.part
        text = getattr(part, "title", None) or getattr(part, "outcome", None) or getattr(part, "question", None) \
            or getattr(part, "text", None)
        return text.model_dump_json() if text is not None else ""

    @property
    def part(self) -> tuple[str, object]:
        """(kind of part, the part): what the coverage page names."""
        kind = self.path[0]
        if kind in ("do", "dont"):
            return kind, getattr(self.playbook, kind)[self.path[1]]
        item = getattr(self.playbook, kind)[self.path[1]]
        if kind == "trees" and len(self.path) > 3 and self.path[2] == "nodes":
            return "node", item.nodes[self.path[3]]
        return kind[:-1], item


def coverage(corpus: Corpus) -> dict[str, dict[str, list[Citation]]]:
    """article key (file, or FILE#PART) -> section -> citations, in the order sources.yaml lists them."""
    table = {a.key: {s: [] for s in a.section_names} for a in corpus.sources.articles}
    for pb in corpus.playbooks:
        for path, src in iter_sources(pb):
            if src.section is None:  # company policy: counted by policies()
                continue
            article = src.article or pb.source.article
            table.get(article, {}).setdefault(src.section, []).append(Citation(pb, path[:-1] if path[-1] == "source" else path))
    return table


def policies(corpus: Corpus) -> dict[str, list[Citation]]:
    """role id -> the parts that are the company's own policy, owned by that role."""
    table: dict[str, list[Citation]] = {}
    for pb in corpus.playbooks:
        for path, src in iter_sources(pb):
            if src.policy is not None:
                table.setdefault(src.policy, []).append(Citation(pb, path[:-1]))
    return dict(sorted(table.items()))


def gaps(corpus: Corpus) -> list[tuple[str, str]]:
    return [(article, section) for article, sections in coverage(corpus).items()
            for section, cites in sections.items() if not cites]
