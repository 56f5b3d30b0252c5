"""The verifier protocol: (claim, evidence) pairs in, NLI probabilities out.

>>> class Always:
...     name = "always"
...     def score(self, pairs):
...         return [NliScores(supported=1.0, contradicted=0.0, neutral=0.0) for _ in pairs]
>>> Always().score([("a", "a")])[0].supported
1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from provcheck.schema import NliScores

__all__ = ["Verifier"]


@runtime_checkable
class Verifier(Protocol):
    """Scores whether each evidence passage supports, contradicts or ignores a claim."""

    name: str

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[NliScores]:
        """One NliScores per ``(claim, evidence)`` pair, in order."""
        ...
