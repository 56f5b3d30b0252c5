"""Circular reporting: sources that are one report copied or lightly edited into another.

Two documents share an origin when most of the word trigrams of the shorter
one are also in the longer one. Corroboration counts origins, not documents.

>>> a = "Unconfirmed reports say about 60 risk supporters plan to travel by train to Eastmoor on Saturday."
>>> b = "Officers were told that about 60 risk supporters plan to travel by train to Eastmoor on Saturday."
>>> c = "The ticket office sold 1,200 away tickets for the match at Kelder Park."
>>> same_origin(a, b), same_origin(a, c)
(True, False)
>>> origins(["a", "b", "c"], {"a": a, "b": b, "c": c})
[['a', 'b'], ['c']]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

__all__ = ["contained", "group_by_origin", "origins", "same_origin", "shingles"]

_CONTAINMENT = 0.5
_MIN_SHINGLES = 12


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """The word ``size``-grams of ``text``, lower-cased."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + size]) for i in range(max(0, len(words) - size + 1))}


def same_origin(a: str, b: str, *, containment: float = _CONTAINMENT) -> bool:
    """Whether one text is (mostly) a copy of the other."""
    return contained(shingles(a), shingles(b), containment=containment)


def contained(first: set[tuple[str, ...]], second: set[tuple[str, ...]], *, containment: float = _CONTAINMENT) -> bool:
    """Whether most shingles of the smaller set are in the larger one."""
    smaller = min(len(first), len(second))
    if smaller < _MIN_SHINGLES:
        return False
    return len(first & second) / smaller >= containment


def origins(documents: Iterable[str], texts: Mapping[str, str]) -> list[list[str]]:
    """The documents grouped by origin (copies together), in first-seen order."""
    return group_by_origin(documents, lambda a, b: same_origin(texts.get(a, ""), texts.get(b, "")))


def group_by_origin(documents: Iterable[str], copies: Callable[[str, str], bool]) -> list[list[str]]:
    """Group documents with any member of a group that ``copies`` says they share an origin with."""
    groups: list[list[str]] = []
    for document in dict.fromkeys(documents):
        home = next((g for g in groups if any(copies(document, d) for d in g)), None)
        if home is None:
            groups.append([document])
        else:
            home.append(document)
    return groups
