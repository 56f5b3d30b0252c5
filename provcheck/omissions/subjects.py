"""What a briefing is about: its sentences, its conclusion, its names, the documents it rests on.

>>> from provcheck.ledger.testing import tiny_report
>>> report = tiny_report("No arrests were made. We recommend a banning order.", verdict="supported")
>>> [(s.text, s.conclusion) for s in briefing_sentences(report)]
[('No arrests were made.', False), ('We recommend a banning order.', True)]
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from provcheck.claims.extract import text_blocks
from provcheck.claims.extract_blocks import PIECE_CHARS, pieces
from provcheck.claims.lexicon import is_english, negates, not_checkable_reason
from provcheck.claims.nlp import load_nlp
from provcheck.omissions.cues import cues_in, may_carry_cue
from provcheck.schema import AtomKind, ClaimResult, Report

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = ["BriefingSentence", "Subjects", "briefing_sentences", "content_lemmas", "subjects_of"]

_CONCLUDING = ("a recommendation", "an opinion", "a forecast")
_CONCLUSION_WORDS = re.compile(
    r"\b(we assess|it is assessed|is assessed as|assessment is|in conclusion|we conclude|concluded that|"
    r"therefore|was responsible|were responsible|are responsible|is responsible|the case for|banning order|"
    r"should be (barred|banned|refused|restricted|charged|arrested))\b", re.I)
_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"}
_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}


class BriefingSentence(BaseModel):
    """One sentence of the briefing, with its offsets, its claims and whether it concludes."""

    model_config = ConfigDict(extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    claim_ids: list[str] = Field(default_factory=list)
    conclusion: bool = False
    english: bool = True
    lemmas: frozenset[str] = frozenset()
    negated: bool = False
    cues: frozenset[str] = Field(frozenset(), description="the kinds of weakening cue the sentence itself carries")


class Subjects(BaseModel):
    """The names a briefing speaks of and the source documents its claims' evidence comes from."""

    model_config = ConfigDict(extra="forbid")

    names: list[str] = Field(default_factory=list)
    relied_on: set[str] = Field(default_factory=set)


def briefing_sentences(report: Report) -> list[BriefingSentence]:
    """Every sentence of the report's briefing (headings and front matter left out), in order."""
    text = report.briefing_text
    blocks = [(offset + at, piece) for offset, block in text_blocks(text) for at, piece in pieces(block, PIECE_CHARS)]
    order = sorted(range(len(report.claims)), key=lambda i: report.claims[i].start)
    starts = [report.claims[i].start for i in order]
    found: list[BriefingSentence] = []
    for (offset, _), doc in zip(blocks, load_nlp().pipe(b for _, b in blocks), strict=True):
        for sent in doc.sents:
            if sent.text.strip():
                start = offset + sent.start_char
                inside = order[bisect.bisect_left(starts, start):bisect.bisect_left(starts, start + len(sent.text))]
                found.append(_sentence(start, sent, [report.claims[i] for i in sorted(inside)]))
    return found


def _sentence(start: int, sent: SpacySpan, claims: list[ClaimResult]) -> BriefingSentence:
    """The sentence starting at ``start``, with the claims that start in it (found by a binary search)."""
    end, text = start + len(sent.text), sent.text
    concluding = any(c.reason_not_checkable in _CONCLUDING for c in claims) or (
        not_checkable_reason(text) in _CONCLUDING and not any(c.attribution for c in claims))
    lemmas, negated = content_lemmas(sent)
    cues = frozenset(q.kind for q in cues_in(sent)) if may_carry_cue(text) else frozenset()
    return BriefingSentence(start=start, end=end, text=text, claim_ids=[c.id for c in claims],
                            conclusion=concluding or bool(_CONCLUSION_WORDS.search(text)),
                            english=is_english(text), lemmas=lemmas, negated=negated, cues=cues)


def content_lemmas(sentence: Doc | SpacySpan) -> tuple[frozenset[str], bool]:
    """The lower-case lemmas of a parsed sentence's content words, and whether it holds a negation.

    >>> lemmas, negated = content_lemmas(load_nlp()("No arrests were made at Kelder Park."))
    >>> sorted(lemmas), negated
    (['arrest', 'kelder', 'make', 'park'], True)
    """
    lemmas = frozenset(t.lemma_.lower() for t in sentence if t.pos_ in _CONTENT)
    return lemmas, any(negates(t) for t in sentence)


_GENERIC = frozenset({
    "the", "town", "city", "united", "rovers", "athletic", "county", "street", "road", "lane", "close", "court",
    "park", "station", "police", "constabulary", "council", "club", "school", "academy", "service", "services",
    "team", "unit", "north", "south", "east", "west", "new", "old", "saint", "st"})


def _parts(name: str) -> set[str]:
    """The first and last words of a name of two or three words ("Paul Kerr": "Paul", "Kerr"), generic ones left out.

    >>> sorted(_parts("Paul Kerr")), sorted(_parts("Harrowgate Town"))
    (['Kerr', 'Paul'], ['Harrowgate'])
    """
    words = name.split()
    if not 2 <= len(words) <= 3:
        return set()
    return {w for w in (words[0], words[-1]) if len(w) > 3 and w[:1].isupper() and w.lower() not in _GENERIC}


def subjects_of(report: Report) -> Subjects:
    """The briefing's names (the claims' entities and spaCy's) and the documents its evidence comes from."""
    names = {a.text.strip() for c in report.claims for a in c.atoms if a.kind is AtomKind.ENTITY}
    head = [piece for _, piece in pieces(report.briefing_text[:100_000], PIECE_CHARS)]
    names |= {e.text.strip() for doc in load_nlp().pipe(head, batch_size=1) for e in doc.ents if e.label_ in _LABELS}
    names = {n for n in names if len(n) > 2 and not n.isdigit()}
    names |= {part for n in names for part in _parts(n)}
    relied = {ev.source for c in report.claims for ev in c.evidence if ev.stance != "contradicts"}
    return Subjects(names=sorted(names, key=lambda n: (-len(n), n)), relied_on=relied)
