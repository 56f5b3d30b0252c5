"""Briefing text -> Claims: sentences, split at coordinated clauses, with atoms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from provcheck.claims.atoms import parse_date, parse_number, parse_time
from provcheck.claims.lexicon import NEGATIONS, hedge_in, not_checkable_reason
from provcheck.claims.nlp import load_nlp
from provcheck.schema import Atom, AtomKind, Certainty, Claim

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["extract_claims", "text_blocks"]

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
_NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
_MARKUP = re.compile(r"^(\s*(?:[-*+>]|\d+[.)]|#+)\s+)")
_MIN_CLAUSE_TOKENS = 3
_CLOCK = re.compile(r"\d\s*(?:[:.]\d\d\s*)?(?:am|pm|a\.m\.|p\.m\.|hrs)\b|\d:\d\d", re.I)


def text_blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each paragraph or list item, markup prefixes and headings left out.

    >>> list(text_blocks("# Title\\n\\n- Fans arrived.\\nThey sang."))
    [(11, 'Fans arrived.\\nThey sang.')]
    """
    for match in re.finditer(r"[^\n]+(?:\n(?![ \t]*(?:\n|[-*+>#]\s|\d+[.)]\s))[^\n]+)*", text):
        block, start = match.group(0), match.start()
        if block.lstrip().startswith("#") or block.strip() in {"---", "***"}:
            continue
        prefix = _MARKUP.match(block)
        if prefix:
            block, start = block[prefix.end():], start + prefix.end()
        stripped = block.rstrip()
        lead = len(block) - len(block.lstrip())
        if stripped.strip():
            yield start + lead, stripped[lead:]


def extract_claims(text: str) -> list[Claim]:
    """Every claim in ``text``; ``text[claim.start:claim.end] == claim.text``.

    >>> claims = extract_claims("About 1,200 fans travelled, and police made no arrests.")
    >>> [c.text for c in claims]
    ['About 1,200 fans travelled', 'police made no arrests.']
    >>> claims[1].negated
    True
    """
    nlp = load_nlp()
    blocks = list(text_blocks(text))
    claims: list[Claim] = []
    for (offset, _), doc in zip(blocks, nlp.pipe(block for _, block in blocks), strict=True):
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            for clause in _clauses(sent):
                claims.append(_claim(f"c{len(claims) + 1}", clause, sent, offset))
    return claims


def _clauses(sent: SpacySpan) -> list[SpacySpan]:
    """The sentence cut before each coordinated verb that has its own subject."""
    root = sent.root
    cuts = []
    for child in root.children:
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"} and _has_subject(child):
            first = min(t.i for t in child.subtree)
            if first - sent.start >= _MIN_CLAUSE_TOKENS and sent.end - first >= _MIN_CLAUSE_TOKENS:
                cuts.append(first)
    if not cuts:
        return [sent]
    doc = sent.doc
    bounds = [sent.start, *sorted(cuts), sent.end]
    pieces = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        while start < end and doc[start].dep_ in {"cc", "punct"}:
            start += 1
        while end > start + 1 and doc[end - 1].dep_ in {"cc", "punct"} and doc[end - 1].text != ".":
            end -= 1
        if start < end:
            pieces.append(doc[start:end])
    return pieces


def _has_subject(token: object) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in token.children)  # type: ignore[attr-defined]


def _claim(claim_id: str, clause: SpacySpan, sent: SpacySpan, offset: int) -> Claim:
    start = offset + clause.start_char
    reason = not_checkable_reason(sent.text)
    return Claim(
        id=claim_id,
        text=clause.text,
        start=start,
        end=start + len(clause.text),
        sentence=sent.text,
        checkable=reason is None,
        reason_not_checkable=reason,
        certainty=Certainty.HEDGED if hedge_in(clause.text) else Certainty.ASSERTED,
        negated=any(t.dep_ == "neg" or t.lower_ in NEGATIONS for t in clause),
        atoms=_atoms(clause),
        predicate=[clause.root.lower_, clause.root.lemma_.lower()] if clause.root.pos_ == "VERB" else [],
    )


def _atoms(clause: SpacySpan) -> list[Atom]:
    atoms: list[Atom] = []
    covered: set[int] = set()
    for ent in clause.ents:
        atom = _atom_of(ent.text, ent.label_, ent.start_char - clause.start_char)
        if atom is not None:
            atom.unit = _counted(ent.root) if atom.kind is AtomKind.NUMBER else ""
            atoms.append(atom)
            covered.update(range(ent.start, ent.end))
    for token in clause:
        if token.like_num and token.i not in covered and token.pos_ == "NUM":
            value = parse_number(token.text)
            if value is not None:
                begin = token.idx - clause.start_char
                atoms.append(Atom(kind=AtomKind.NUMBER, text=token.text, label="CARDINAL", value=value,
                                  unit=_counted(token), start=begin, end=begin + len(token.text)))
    return atoms


def _counted(token: object) -> str:
    """The noun a number counts ("1,200 away fans" -> "fans"), or ""."""
    head = token
    while getattr(head, "dep_", "") in {"nummod", "quantmod", "compound", "amod"} and head.head is not head:  # type: ignore[attr-defined]
        head = head.head  # type: ignore[attr-defined]
    return head.lemma_.lower() if getattr(head, "pos_", "") in {"NOUN", "PROPN"} and head is not token else ""  # type: ignore[attr-defined]


def _atom_of(text: str, label: str, start: int) -> Atom | None:
    end = start + len(text)
    if label in _NUMBER_LABELS and _CLOCK.search(text):
        label = "TIME"
    if label in _ENTITY_LABELS:
        return Atom(kind=AtomKind.ENTITY, text=text, label=label, start=start, end=end)
    if label in _NUMBER_LABELS or label == "ORDINAL":
        value = parse_number(text)
        if value is None:
            return None
        return Atom(kind=AtomKind.NUMBER, text=text, label=label, value=value, start=start, end=end)
    if label == "TIME" and parse_time(text) is not None:
        return Atom(kind=AtomKind.TIME, text=text, label=label, value=parse_time(text), start=start, end=end)
    if label == "DATE" and parse_date(text) is not None:
        return Atom(kind=AtomKind.DATE, text=text, label=label, start=start, end=end)
    return None
