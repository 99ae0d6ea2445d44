"""Where a project keeps its parts: mkdocs.yml, playbook/, docs/, site/ (every stage reads it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The theme MkDocs builds with (mkdocs.yml's `custom_dir`): Material's overrides and the page scripts.
THEME = Path(__file__).parent / "site" / "theme"


@dataclass
class Project:
    """The fixed layout of a project: mkdocs.yml, playbook/, docs/, site/."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "playbook"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def config(self, lang: str) -> Path:
        return self.docs / f"mkdocs.{lang}.yml"
