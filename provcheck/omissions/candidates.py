"""Candidate selection: the source passages about the briefing's subjects that carry a weakening cue.

Cheap tests come first (a regular expression for cues, a substring test for
names), spaCy parses only the best few times ``limit`` of those, and at most
``limit`` candidates go on to the verifier: the cost is bounded however long
the sources are.

>>> from provcheck.schema import Passage
>>> from provcheck.omissions.subjects import Subjects
>>> p = Passage(id=1, document="log.txt", sha256="0", text="No arrests were made at Kelder Park.", start=0, end=36)
>>> q = Passage(id=2, document="log.txt", sha256="0", text="Coaches left at 17:40.", start=37, end=59)
>>> [c.passage.id for c in select_candidates({"log.txt": [p, q]}, {}, Subjects(names=["Kelder Park"]), limit=5)]
[1]
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from provcheck.claims.nlp import load_nlp
from provcheck.omissions.cues import CUES_FILE, Cue, cues_in, may_carry_cue
from provcheck.omissions.subjects import Subjects, content_lemmas
from provcheck.schema import Passage

__all__ = ["Candidate", "names_in", "select_candidates"]

_PARSE_FACTOR = 4  # passages parsed per candidate kept


class Candidate(BaseModel):
    """A source passage that may be a material omission, with what selection found in it."""

    model_config = ConfigDict(extra="forbid")

    passage: Passage
    cues: list[Cue] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    relied_on: bool = False
    grading: str | None = None
    lemmas: frozenset[str] = frozenset()
    negated: bool = False

    @property
    def cue_weight(self) -> float:
        """The weight of its strongest cue, 0-1."""
        return max((c.weight for c in self.cues), default=0.0)


def names_in(text: str, names: list[str]) -> list[str]:
    """The briefing names that ``text`` mentions (case-insensitive, whole words).

    >>> names_in("Gemma Riley met PC Hart at the coach park.", ["Gemma Riley", "Kelder Park", "Hart"])
    ['Gemma Riley', 'Hart']
    """
    import re

    lowered = text.casefold()
    return [n for n in names if re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", lowered)]


def select_candidates(passages: Mapping[str, list[Passage]], gradings: Mapping[str, str | None],
                      subjects: Subjects, *, limit: int, cues_file: Path = CUES_FILE) -> list[Candidate]:
    """At most ``limit`` passages about the briefing's subjects that carry a cue, the likeliest first.

    A passage is about the subjects when its document names one of the briefing's
    names or is one the claims' evidence comes from.
    """
    pool = []
    for document, items in passages.items():
        relied = document in subjects.relied_on
        about = relied or any(names_in(p.text, subjects.names) for p in items)
        for passage in items:
            if not may_carry_cue(passage.text, cues_file):
                continue
            names = names_in(passage.text, subjects.names)
            if about:
                pool.append(Candidate(passage=passage, names=names, relied_on=relied,
                                      grading=gradings.get(document)))
    pool.sort(key=lambda c: (-(c.relied_on + min(len(c.names), 3) / 3), c.passage.document, c.passage.start))
    parsed = pool[:limit * _PARSE_FACTOR]
    for candidate, (cues, lemmas, negated) in zip(parsed, _read([c.passage.text for c in parsed], cues_file),
                                                  strict=True):
        candidate.cues, candidate.lemmas, candidate.negated = list(cues), lemmas, negated
    kept = [c for c in parsed if c.cues]
    kept.sort(key=lambda c: (-(c.cue_weight + c.relied_on + min(len(c.names), 3) / 3), c.passage.id))
    return kept[:limit]


_READ: dict[tuple[str, Path], tuple[tuple[Cue, ...], frozenset[str], bool]] = {}
_READ_MOST = 20_000  # passages remembered: the sources of a session, not an archive


def _read(texts: list[str], cues_file: Path) -> list[tuple[tuple[Cue, ...], frozenset[str], bool]]:
    """Each source passage's cues, content lemmas and negation, parsed once per process.

    Sources change far less often than briefings: the web app, ``bench``
    and ``audit`` check many briefings against the same passages.
    """
    known = {t: _READ[(t, cues_file)] for t in dict.fromkeys(texts) if (t, cues_file) in _READ}
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    for text, doc in zip(missing, load_nlp().pipe(missing), strict=True):
        known[text] = (tuple(cues_in(doc, cues_file)), *content_lemmas(doc))
    if len(_READ) + len(missing) > _READ_MOST:
        _READ.clear()
    _READ.update({(t, cues_file): known[t] for t in missing})
    return [known[t] for t in texts]
