"""Evidence sets: where in the sources each detail of a claim is stated.

A briefing sentence may take its score from the match log and its attendance
from the debrief. For each name, number, time and date of a claim, the
evidence set says whether the claim's best passage states it, another passage
does (preferring the best passage's own document, then any source), or no
source does; values are compared by meaning (:mod:`provcheck.values`), names by
spelling variants.

>>> from provcheck.schema import Atom, AtomKind, Claim, Passage
>>> text = "Full time: City 1, Athletic 1. Attendance: 9,240."
>>> p = Passage(id=1, document="log.txt", sha256="0" * 64, text="Full time: City 1, Athletic 1.", start=0, end=30)
>>> q = Passage(id=2, document="log.txt", sha256="0" * 64, text="Attendance: 9,240.", start=31, end=49)
>>> where = Where(passages={"log.txt": [p, q]}, entity_match=0.85)
>>> atom = Atom(kind=AtomKind.NUMBER, text="9,240", start=0, end=5)
>>> [passage.id for passage in where.stating(atom, "9,240 fans")]
[2]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from provcheck.schema import Atom, AtomKind, Claim, Passage
from provcheck.values import Match, find, mentions, value_at
from provcheck.verify.checks import compare_dates, entity_in
from provcheck.verify.judge import Judgement

__all__ = ["Detail", "Found", "Where", "evidence_set", "set_text"]


class Found(StrEnum):
    """Where a claim's detail is stated."""

    HERE = "here"  # in the passage that best states the claim
    ELSEWHERE = "elsewhere"  # in another passage of the sources
    CLASH = "clash"  # the best passage gives another value for it
    ABSENT = "absent"  # in no source at all


@dataclass
class Detail:
    """One detail of a claim and the passage that states it (None when none does)."""

    atom: Atom
    found: Found
    passage: Passage | None = None


@dataclass
class Where:
    """Every passage of the sources, to look a detail up in; lookups are remembered."""

    passages: dict[str, list[Passage]]
    entity_match: float = 0.85
    _seen: dict[tuple[str, str], list[Passage]] = field(default_factory=dict)

    def stating(self, atom: Atom, claim_text: str, *, first: str | None = None) -> list[Passage]:
        """The passages that state ``atom`` (of a claim worded ``claim_text``), those of ``first`` first."""
        key = (claim_text[atom.start:atom.end] + "\x00" + atom.kind.value, claim_text)
        if key not in self._seen:
            self._seen[key] = [p for ps in self.passages.values() for p in ps if _states(atom, claim_text, p.text,
                                                                                        self.entity_match)]
        found = self._seen[key]
        return sorted(found, key=lambda p: p.document != first) if first else found

    def mentioning(self, atom: Atom, claim_text: str, *, first: str | None = None) -> list[Passage]:
        """The passages that state ``atom``, else those that mention its value whatever it counts.

        "Two Hollinsby men" against "Arrests: 2 x affray": not stated as a count
        of men, but not absent from the sources either.
        """
        found = self.stating(atom, claim_text, first=first)
        value = value_at(claim_text, atom.start, atom.end) if atom.kind in _VALUED else None
        if found or value is None:
            return found
        loose = [p for ps in self.passages.values() for p in ps if mentions(value, p.text) is not None]
        return sorted(loose, key=lambda p: p.document != first) if first else loose

    def naming_most(self, claim: Claim, *, exclude: set[int], keep: int) -> list[Passage]:
        """Up to ``keep`` passages, not in ``exclude``, that state the most (two at least) of ``claim``'s details.

        Retrieval ranks passages by their words; the passage that decides a
        claim ("No arrests were made at Kelder Park on 14 March 2026") may share
        its names and dates but few of its words.
        """
        if keep == 0 or len(claim.atoms) < 2:
            return []
        counts: dict[int, int] = {}
        by_id: dict[int, Passage] = {}
        for atom in claim.atoms:
            for passage in self.stating(atom, claim.text):
                counts[passage.id] = counts.get(passage.id, 0) + 1
                by_id[passage.id] = passage
        ranked = sorted((pid for pid, n in counts.items() if n >= 2 and pid not in exclude),
                        key=lambda pid: (-counts[pid], pid))
        return [by_id[pid] for pid in ranked[:keep]]


_VALUED = (AtomKind.NUMBER, AtomKind.TIME)


def _vague(atom: Atom, claim_text: str) -> bool:
    """"a few minutes later", "several vans": an interval no source states as such, so never absent."""
    value = value_at(claim_text, atom.start, atom.end) if atom.kind in _VALUED else None
    return value is not None and value.vague


def _states(atom: Atom, claim_text: str, text: str, entity_match: float) -> bool:
    if atom.kind is AtomKind.ENTITY:
        return entity_in(atom.text, text, threshold=entity_match)
    if atom.kind is AtomKind.DATE:
        return compare_dates(atom, text)[0]
    value = value_at(claim_text, atom.start, atom.end)
    if value is None:  # Duckling cannot read it: its wording, literally
        return atom.text.lower() in text.lower()
    return find(value, text)[0] is Match.FOUND


def evidence_set(claim: Claim, judgements: list[Judgement], where: Where | None) -> list[Detail]:
    """Each detail of ``claim``: stated by its best passage, by another, clashing, or absent.

    The best passage is the one the verifier (or, without it, the rules) finds
    most supportive.
    """
    if not judgements:
        return [Detail(atom, Found.ABSENT) for atom in claim.atoms]
    best = max(judgements, key=_supportive)
    here_clashing = {c.briefing for c in best.clashes}
    clashing = {c.briefing for j in judgements for c in j.clashes}  # any passage that gives another value
    details = []
    for atom in claim.atoms:
        if atom.text not in best.missing_atoms and not any(atom.text in c for c in here_clashing):
            details.append(Detail(atom, Found.HERE, best.passage))
            continue
        others = where.mentioning(atom, claim.text, first=best.passage.document) if where is not None else []
        if others:
            details.append(Detail(atom, Found.ELSEWHERE, others[0]))
        elif any(atom.text in c for c in clashing):
            details.append(Detail(atom, Found.CLASH))
        elif not _vague(atom, claim.text):
            details.append(Detail(atom, Found.ABSENT))
    return details


def _supportive(j: Judgement) -> float:
    reading = j.in_context().nli
    return reading.supported if reading is not None else j.relatedness


def set_text(details: list[Detail], *, most: int = 4) -> str:
    """The claim's evidence set as one text, for the verifier to read: "" when one passage holds it all.

    The passage that best states the claim comes first, then (up to ``most``
    in all) those that state its other details, each once.

    >>> from provcheck.schema import Passage
    >>> def passage(i, text): return Passage(id=i, document="log.txt", sha256="0" * 64, text=text, start=i, end=i + 1)
    >>> here, there = passage(1, "Full time: City 2, Athletic 1."), passage(2, "Attendance: 9,240.")
    >>> a = Atom(kind=AtomKind.NUMBER, text="9,240", start=0, end=5)
    >>> set_text([Detail(a, Found.HERE, here), Detail(a, Found.ELSEWHERE, there)])
    'Full time: City 2, Athletic 1. Attendance: 9,240.'
    """
    if not any(d.found is Found.ELSEWHERE for d in details):
        return ""
    ordered = sorted((d for d in details if d.passage is not None and d.found in (Found.HERE, Found.ELSEWHERE)),
                     key=lambda d: d.found is not Found.HERE)
    passages = list({d.passage.id: d.passage for d in ordered if d.passage is not None}.values())[:most]
    return " ".join(p.text for p in passages)
