"""The atoms of a claim from spaCy's entities and numbers: typed, normalised, inside the claim's spans.

>>> from provcheck.claims.nlp import load_nlp
>>> doc = load_nlp()("Between 30 and 40 fans were arrested last Saturday.")
>>> [(a.kind.value, a.text, a.value, a.low, a.high) for a in atoms_in(doc[:], [(0, len(doc.text))])][:1]
[('number', 'Between 30 and 40', 35.0, 30.0, 40.0)]
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from provcheck.claims.atoms import parse_time
from provcheck.claims.dates import resolve_date
from provcheck.claims.quantities import quantity
from provcheck.schema import Atom, AtomKind

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["atoms_in"]

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
_NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
_CLOCK = re.compile(r"\d\s*(?:[:.]\d\d\s*)?(?:am|pm|a\.m\.|p\.m\.|hrs)\b|\d:\d\d", re.I)
_APPROX_TIME = re.compile(r"\b(about|around|approximately|just after|just before|shortly after|shortly before|"
                          r"roughly|circa|c\.|by|from)\b", re.I)
_QUALIFIERS = {"about", "around", "approximately", "roughly", "some", "nearly", "almost", "over", "under",
               "between", "circa", "c.", "approx", "approx."}
_QUALIFIERS_2 = {"more than", "fewer than", "less than", "up to", "at least", "at most", "just after",
                 "just before", "shortly after", "shortly before", "just over", "just under", "an estimated"}
_DAY = re.compile(r"\b(?:(?:last|next|this|on)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                  r"yesterday|today|tonight)\b", re.I)
_NOT_A_DATE = re.compile(r"(between|about|around|some|up to)?\s*\d{1,3}(,\d{3})*\s*(and|to|-|–)?\s*(\d{1,3})?", re.I)
_VAGUE = re.compile(r"\b(dozens|scores|hundreds|thousands|several|a handful|a few)\b(?=\s+of\b|\s+\w)", re.I)


def atoms_in(clause: SpacySpan, spans: list[tuple[int, int]], *, as_of: date | None = None) -> list[Atom]:
    """Atoms of ``clause`` that lie inside ``spans`` (offsets relative to the clause text)."""
    atoms: list[Atom] = []
    covered: set[int] = set()
    for ent in clause.ents:
        end = _extend(ent.end, clause) if ent.label_ in _ENTITY_LABELS else ent.end
        start = ent.start if ent.label_ in _ENTITY_LABELS else _extend_left(ent.start, clause)
        while end - start > 1 and clause.doc[end - 1].text in {".", ",", ";", ":", ")"}:
            end -= 1
        span = clause.doc[start:end]
        atom = _atom_of(span.text, ent.label_, span.start_char - clause.start_char, as_of)
        if atom is not None and _inside(atom, spans):
            atom.unit = _unit(span) if atom.kind is AtomKind.NUMBER else ""
            atoms.append(atom)
            if atom.kind is AtomKind.TIME:
                atoms += [a for a in _day_in_time(atom, as_of) if _inside(a, spans)]
        covered.update(range(start, end))
    atoms += [a for a in _loose_numbers(clause, covered) if _inside(a, spans)]
    return sorted(atoms, key=lambda a: a.start)


def _inside(atom: Atom, spans: list[tuple[int, int]]) -> bool:
    return any(start <= atom.start and atom.end <= end for start, end in spans)


def _extend(end: int, clause: SpacySpan) -> int:
    """Carry an entity over the proper nouns that follow it ("Harrowgate" + "Town")."""
    doc = clause.doc
    while end < clause.end and doc[end].pos_ == "PROPN" and doc[end].is_title and doc[end].ent_type_ == "":
        end += 1
    return end


def _unit(span: SpacySpan) -> str:
    """The counted noun: from the parse, else the noun right after the number."""
    unit = _counted(span.root)
    if not unit and span.end < len(span.doc) and span.doc[span.end].pos_ == "NOUN":
        unit = span.doc[span.end].lemma_.lower()
    return unit


def _day_in_time(atom: Atom, as_of: date | None) -> list[Atom]:
    """The day inside a time phrase ("9pm last Saturday") as a date atom of its own."""
    match = _DAY.search(atom.text)
    if not match:
        return []
    start = atom.start + match.start()
    return [Atom(kind=AtomKind.DATE, text=match.group(0), label="DATE", start=start, end=start + len(match.group(0)),
                 resolved=resolve_date(match.group(0), as_of=as_of))]


def _extend_left(start: int, clause: SpacySpan) -> int:
    """Take in the words that qualify a number or time ("about", "just after", "£")."""
    doc = clause.doc
    while start > clause.start:
        before = doc[start - 1]
        two = doc[start - 2:start].text.lower() if start - 2 >= clause.start else ""
        if two in _QUALIFIERS_2:
            start -= 2
        elif before.lower_ in _QUALIFIERS or before.text in {"£", "$", "€"}:
            start -= 1
        else:
            break
    return start


def _loose_numbers(clause: SpacySpan, covered: set[int]) -> list[Atom]:
    """Numbers spaCy did not tag, and vague quantities ("dozens of fans")."""
    atoms = []
    for token in clause:
        if token.i in covered:
            continue
        if token.like_num and token.pos_ == "NUM":
            atoms.append(_number(token.text, "CARDINAL", token.idx - clause.start_char, _counted(token)))
    for match in _VAGUE.finditer(clause.text):
        start = match.start()
        if not any(clause.doc[i].idx - clause.start_char == start for i in covered):
            head = clause.char_span(match.start(), match.end())
            unit = _counted(head.root) if head is not None else ""
            atoms.append(_number(match.group(0), "CARDINAL", start, unit))
    return [a for a in atoms if a.value is not None]


def _number(text: str, label: str, start: int, unit: str = "") -> Atom:
    value = quantity(text)
    return Atom(kind=AtomKind.NUMBER, text=text, label=label, value=value.value, unit=unit, start=start,
                end=start + len(text), low=value.low, high=value.high, approximate=value.approximate)


def _counted(token: Token) -> str:
    """The noun a number counts ("1,200 away fans" -> "fan"; "dozens of fans" -> "fan"), or ""."""
    head = token
    while head.dep_ in {"nummod", "quantmod", "compound", "amod"} and head.head is not head:
        head = head.head
    if head is token and token.dep_ in {"nsubj", "dobj", "pobj", "nsubjpass", "ROOT"}:
        of = next((c for c in token.children if c.lower_ == "of"), None)
        objects = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
        if objects:
            return objects[0].lemma_.lower()
    return head.lemma_.lower() if head.pos_ in {"NOUN", "PROPN"} and head is not token else ""


def _atom_of(text: str, label: str, start: int, as_of: date | None) -> Atom | None:
    end = start + len(text)
    if label in _NUMBER_LABELS and _CLOCK.search(text):
        label = "TIME"
    if label == "DATE" and _NOT_A_DATE.fullmatch(text):
        label = "CARDINAL"
    if label in _ENTITY_LABELS:
        return Atom(kind=AtomKind.ENTITY, text=text, label=label, start=start, end=end)
    if label in _NUMBER_LABELS or label == "ORDINAL":
        atom = _number(text, label, start)
        return atom if atom.value is not None else None
    if label == "TIME":
        minutes = parse_time(text)
        if minutes is None:
            return None
        return Atom(kind=AtomKind.TIME, text=text, label=label, value=minutes, start=start, end=end,
                    approximate=bool(_APPROX_TIME.search(text)))
    if label == "DATE":
        resolved = resolve_date(text, as_of=as_of)
        if resolved is None and not re.search(r"\d|day\b|january|february|march|april|may|june|july|august|"
                                              r"september|october|november|december", text, re.I):
            return None
        return Atom(kind=AtomKind.DATE, text=text, label=label, start=start, end=end, resolved=resolved)
    return None
