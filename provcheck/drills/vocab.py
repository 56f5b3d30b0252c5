"""Names, dates and phrases from the sources, by kind, for plants that read like the sources.

>>> vocab = Vocabulary(names={"club": ["Eastmoor Rovers", "Harrowgate Town"]}, dates=["Saturday 3 October 2026"])
>>> vocab.others("club", "Eastmoor Rovers")
['Harrowgate Town']
>>> name_kind("Westmarch Constabulary"), name_kind("The Red Lion"), name_kind("Kiln Stand")
('force', 'pub', 'stand')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from provcheck.claims.nlp import load_nlp
from provcheck.schema import Document

__all__ = ["Vocabulary", "build_vocabulary", "find_names", "name_kind"]

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("force", re.compile(r"\b(Police|Constabulary)$")),
    ("club", re.compile(r"\b(Town|Rovers|Albion|Athletic|United|City|County|Wanderers|Rangers)$")),
    ("company", re.compile(r"\b(Services|Coaches|Ltd)$")),
    ("stand", re.compile(r"\b(Stand|End)$")),
    ("street", re.compile(r"\b(Street|Road|Lane|Junction|Yard)$")),
    ("ground", re.compile(r"\bPark$")),
    ("pub", re.compile(r"^The [A-Z][a-z]+(?: [A-Z][a-z]+)?$")),
)
_TITLES = re.compile(r"^(?:(?:Chief )?(?:Inspector|Superintendent|Sergeant|Constable)|PC|DC|Mr|Mrs|Ms|Dr)\s+")
_NOT_PERSON = re.compile(r"^The |\b(Officer|Manager|Division|Unit|Office|Team)$")
_NAME = re.compile(r"^(?:The )?[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+){0,3}$")
_FULL_DATE = re.compile(
    r"\b(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) )?\d{1,2} "
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d\b")


class Vocabulary(BaseModel):
    """Real names from the sources by kind (person, club, force, pub, street, ...) and their full dates."""

    model_config = ConfigDict(extra="forbid")

    names: dict[str, list[str]] = Field(default_factory=dict)
    dates: list[str] = Field(default_factory=list)

    def kind_of(self, name: str) -> str | None:
        """The kind of a known name, or None."""
        return next((kind for kind, names in self.names.items() if name in names), None)

    def others(self, kind: str, *exclude: str) -> list[str]:
        """Names of ``kind`` other than ``exclude`` (none of which contains another)."""
        return [n for n in self.names.get(kind, []) if not any(n in e or e in n for e in exclude)]

    def all_names(self) -> list[str]:
        """Every known name, longest first."""
        return sorted({n for names in self.names.values() for n in names}, key=lambda n: (-len(n), n))


def name_kind(name: str, label: str = "") -> str | None:
    """The kind of a name from its form, or "person" for a two- or three-word PERSON entity."""
    for kind, pattern in _KINDS:
        if pattern.search(name):
            return kind
    if label == "PERSON" and 2 <= len(name.split()) <= 3 and not _NOT_PERSON.search(name):
        return "person"
    return None


def _clean(text: str) -> list[str]:
    pieces = re.split(r"\n+| v | on | in |, ", text)
    out = []
    for piece in pieces:
        piece = _TITLES.sub("", re.sub(r"'s$", "", piece.strip()))
        piece = re.sub(r"^the ", "", piece)
        if _NAME.match(piece) and not re.search(r"\d", piece):
            out.append(piece)
    return out


def build_vocabulary(documents: Sequence[Document]) -> Vocabulary:
    """Names and full dates that the sources use, found with spaCy and sorted for determinism."""
    nlp = load_nlp()
    names: dict[str, set[str]] = {}
    dates: set[str] = set()
    for doc in nlp.pipe(d.text for d in sorted(documents, key=lambda d: d.path)):
        for ent in doc.ents:
            for name in _clean(ent.text):
                kind = name_kind(name, ent.label_)
                if kind:
                    names.setdefault(kind, set()).add(name)
        dates.update(m.group(0) for m in _FULL_DATE.finditer(doc.text))
    return Vocabulary(names={k: sorted(v) for k, v in sorted(names.items())}, dates=sorted(dates))


def find_names(text: str, vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """(start, end, name) of each known name in ``text``, longest match first, never overlapping.

    >>> find_names("Eastmoor Rovers host Harrowgate Town.", Vocabulary(names={"club": ["Harrowgate Town"]}))
    [(21, 36, 'Harrowgate Town')]
    """
    taken: list[tuple[int, int, str]] = []
    for name in vocab.all_names():
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not any(match.start() < e and s < match.end() for s, e, _ in taken):
                taken.append((match.start(), match.end(), name))
    return sorted(taken)
