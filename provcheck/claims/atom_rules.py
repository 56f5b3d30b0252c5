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

from provcheck.claims.atoms import parse_number, parse_time
from provcheck.claims.dates import resolve_date
from provcheck.claims.quantities import quantity
from provcheck.schema import Atom, AtomKind
from provcheck.values import ValueKind, values_in

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["atoms_in"]

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
_NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
_CLOCK = re.compile(r"\d\s*(?:[:.]\d\d\s*)?(?:am|pm|a\.m\.|p\.m\.|hrs)\b|\d:\d\d", re.I)
_LOOSE_TIME = re.compile(r"\b(?:\d{1,2}:\d{2}(?:\s*[ap]m)?|\d{1,2}(?:\.\d{2})?\s*[ap]m|noon|midday|midnight)\b", re.I)
_COUNT_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety")
_DURATION = re.compile(rf"(\d[\d,.]*|{_COUNT_WORDS})(?:st|nd|rd|th)?[\s-]*"
                       r"(minute|min|hour|hr|second|day|week|month)s?\b", re.I)
_APPROX_TIME = re.compile(r"\b(about|around|approximately|just after|just before|shortly after|shortly before|"
                          r"roughly|circa|c\.|by|from)\b", re.I)
_QUALIFIERS = {"about", "around", "approximately", "roughly", "some", "nearly", "almost", "over", "under",
               "between", "circa", "c.", "approx", "approx."}
_QUALIFIERS_2 = {"more than", "fewer than", "less than", "up to", "at least", "at most", "just after",
                 "just before", "shortly after", "shortly before", "just over", "just under", "an estimated"}
_YEAR = re.compile(r"(19|20)\d\d")
_YEAR_PREPS = {"in", "since", "until", "before", "after", "of", "by", "from", "during"}
_DAY = re.compile(r"\b(?:(?:last|next|this|on)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                  r"yesterday|today|tonight)\b", re.I)
_DATE_WORDS = re.compile(r"\d|\b(?:january|february|march|april|may|june|july|august|september|october|november|"
                         r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|"
                         r"friday|saturday|sunday|yesterday|today|tonight|tomorrow|ago)\b|"
                         r"\b(?:last|next|this)\s+(?:week|month|year|season|weekend)\b", re.I)
_NOT_A_DATE = re.compile(r"(between|about|around|some|up to)?\s*\d{1,3}(,\d{3})*\s*(and|to|-|–)?\s*(\d{1,3})?", re.I)
_VAGUE = re.compile(r"\b(dozens|scores|hundreds|thousands|several|a handful|a few)\b(?=\s+of\b|\s+\w)", re.I)
_TRAILING = {"CCONJ", "VERB", "ADP", "AUX", "PART"}


def atoms_in(clause: SpacySpan, spans: list[tuple[int, int]], *, as_of: date | None = None) -> list[Atom]:
    """Atoms of ``clause`` that lie inside ``spans`` (offsets relative to the clause text)."""
    tense = _tense(clause)
    atoms: list[Atom] = []
    covered: set[int] = set()
    for ent in clause.ents:
        label = _label(ent, clause)
        start, end = _bounds(ent.start, ent.end, label, clause)
        covered.update(range(min(start, ent.start), max(end, ent.end)))
        if start >= end:
            continue
        span = clause.doc[start:end]
        atom = _atom_of(span, label, span.start_char - clause.start_char, as_of, tense)
        if atom is not None:
            atoms.append(atom)
            if atom.kind is AtomKind.TIME:
                atoms += _day_in_time(atom, as_of, tense)
    atoms += _loose_numbers(clause, covered) + _loose_times(clause, atoms) + _proper_names(clause, covered)
    atoms = _by_meaning(clause.text, atoms)
    return sorted((a for a in atoms if _inside(a, spans)), key=lambda a: a.start)


_VALUE_ATOM = {ValueKind.TIME: AtomKind.TIME}


def _by_meaning(text: str, atoms: list[Atom]) -> list[Atom]:
    """Atoms for the values Duckling reads (:mod:`provcheck.values`) where spaCy's atoms miss or misread them.

    "twenty past six" becomes a time, "a 19-year-old" an age (not a date),
    "1-1" one score (not two numbers). A spaCy atom of the same kind over the
    same words stays as it is (its wording and unit); names stay as found.
    """
    kept = list(atoms)
    for value in values_in(text):
        kind = _VALUE_ATOM.get(value.kind, AtomKind.NUMBER)
        over = [a for a in kept if a.kind is not AtomKind.ENTITY and a.start < value.end and value.start < a.end]
        if any(a.kind is kind for a in over) and value.kind not in _NOT_DATES:
            continue
        if not over and value.kind is ValueKind.NUMBER and _BARE_DIGITS.fullmatch(value.text):
            continue  # a bare figure spaCy does not take for a count ("alert(2)", "PC 2231") is no detail
        wrong = [a for a in over if a.kind is not AtomKind.DATE or value.kind in _NOT_DATES]
        kept = [a for a in kept if a not in wrong]
        kept.append(Atom(kind=kind, text=value.text, label=value.kind.value.upper(), value=value.anchor,
                         low=value.low, high=value.high, approximate=not value.exact,
                         start=value.start, end=value.end))
    return kept


_NOT_DATES = {ValueKind.AGE, ValueKind.SCORE}
_BARE_DIGITS = re.compile(r"[\d,.]+")


def _tense(clause: SpacySpan) -> str | None:
    if any(t.lower_ in {"will", "shall", "'ll"} and t.tag_ == "MD" for t in clause):
        return "future"
    if clause.root.tag_ in {"VBD", "VBN"} or any(t.dep_ in {"aux", "auxpass"} and t.tag_ == "VBD" for t in clause):
        return "past"
    return None


def _label(ent: SpacySpan, clause: SpacySpan) -> str:
    label = ent.label_
    before = clause.doc[ent.start - 1].lower_ if ent.start > clause.start else ""
    if label in _NUMBER_LABELS and _YEAR.fullmatch(ent.text) and before in _YEAR_PREPS:
        return "DATE"
    if label in _NUMBER_LABELS and _CLOCK.search(ent.text):
        return "TIME"
    if label == "DATE" and _NOT_A_DATE.fullmatch(ent.text) and not _YEAR.fullmatch(ent.text):
        return "CARDINAL"
    return label


def _bounds(start: int, end: int, label: str, clause: SpacySpan) -> tuple[int, int]:
    """Entity edges tidied: proper nouns carried on, "the" and "'s" dropped, qualifiers taken in."""
    doc = clause.doc
    if label in _ENTITY_LABELS:
        while end < clause.end and doc[end].pos_ == "PROPN" and doc[end].is_title and doc[end].ent_type_ == "":
            end += 1
        while start < end and doc[start].lower_ == "the":
            start += 1
        while end > start and doc[end - 1].text in {"'s", "’s", "'"}:
            end -= 1
        return start, end
    start = _extend_left(start, clause)
    while end - start > 1 and (doc[end - 1].pos_ in _TRAILING or doc[end - 1].text in {".", ",", ";", ":", ")"}):
        end -= 1
    while end - start > 1 and doc[start].lower_ == "the":
        start += 1
    return start, end


def _inside(atom: Atom, spans: list[tuple[int, int]]) -> bool:
    return any(start <= atom.start and atom.end <= end for start, end in spans)


def _unit(span: SpacySpan) -> str:
    """The counted noun: from the parse, else the noun right after the number."""
    unit = _counted(span.root)
    if not unit and span.end < len(span.doc) and span.doc[span.end].pos_ == "NOUN":
        unit = span.doc[span.end].lemma_.lower()
    return unit


def _day_in_time(atom: Atom, as_of: date | None, tense: str | None) -> list[Atom]:
    """The day inside a time phrase ("9pm last Saturday") as a date atom of its own."""
    match = _DAY.search(atom.text)
    if not match:
        return []
    start = atom.start + match.start()
    return [Atom(kind=AtomKind.DATE, text=match.group(0), label="DATE", start=start, end=start + len(match.group(0)),
                 resolved=resolve_date(match.group(0), as_of=as_of, tense=tense))]


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
        if token.i in covered or not (token.like_num and token.pos_ == "NUM") or _LOOSE_TIME.fullmatch(token.text):
            continue
        start = token.idx - clause.start_char
        before = clause.doc[token.i - 1].lower_ if token.i > clause.start else ""
        if _YEAR.fullmatch(token.text) and before in _YEAR_PREPS:
            atoms.append(Atom(kind=AtomKind.DATE, text=token.text, label="DATE", start=start,
                              end=start + len(token.text), resolved=token.text))
        else:
            atoms.append(_number(token.text, "CARDINAL", start, _counted(token)))
    for match in _VAGUE.finditer(clause.text):
        if not any(clause.doc[i].idx - clause.start_char == match.start() for i in covered):
            head = clause.char_span(match.start(), match.end())
            atoms.append(_number(match.group(0), "CARDINAL", match.start(), _counted(head.root) if head else ""))
    return [a for a in atoms if a.value is not None or a.kind is AtomKind.DATE]


def _loose_times(clause: SpacySpan, found: list[Atom]) -> list[Atom]:
    """Clock times and "noon" that the entity recogniser missed ("the 10:04 service")."""
    atoms = []
    for match in _LOOSE_TIME.finditer(clause.text):
        if any(a.start <= match.start() < a.end for a in found):
            continue
        lead = re.search(r"(?:(?:just|shortly)\s+(?:after|before)|about|around|approximately)\s+$",
                         clause.text[:match.start()], re.I)
        start = lead.start() if lead else match.start()
        text = clause.text[start:match.end()]
        atoms.append(Atom(kind=AtomKind.TIME, text=text, label="TIME", value=parse_time(match.group(0)),
                          start=start, end=match.end(), approximate=bool(lead)))
    return [a for a in atoms if a.value is not None]


def _proper_names(clause: SpacySpan, covered: set[int]) -> list[Atom]:
    """Runs of capitalised proper nouns the small model left untagged ("Southvale", "Station Road")."""
    atoms, run = [], []
    for token in [*clause, None]:
        if token is not None and token.pos_ == "PROPN" and token.is_title and token.i not in covered:
            run.append(token)
            continue
        if run and not (len(run) == 1 and run[0].is_sent_start):
            span = clause.doc[run[0].i:run[-1].i + 1]
            start = span.start_char - clause.start_char
            atoms.append(Atom(kind=AtomKind.ENTITY, text=span.text, label="PROPN", start=start,
                              end=start + len(span.text)))
        run = []
    return atoms


def _number(text: str, label: str, start: int, unit: str = "") -> Atom:
    value = quantity(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text))
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


def _atom_of(span: SpacySpan, label: str, start: int, as_of: date | None, tense: str | None) -> Atom | None:
    text = span.text
    end = start + len(text)
    if label in _ENTITY_LABELS:
        if not any(c.isupper() for c in text) or not any(t.pos_ == "PROPN" for t in span):
            return None
        return Atom(kind=AtomKind.ENTITY, text=text, label=label, start=start, end=end)
    if label in {"TIME", "DATE"} and _DURATION.fullmatch(text) and parse_time(text) is None:
        match = _DURATION.fullmatch(text)
        assert match is not None
        atom = _number(text, "QUANTITY", start, match.group(2).lower())
        if atom.value is None:
            atom.value = parse_number(match.group(1))
        return atom if atom.value is not None else None
    if label in _NUMBER_LABELS or label == "ORDINAL":
        atom = _number(text, label, start, _unit(span))
        return atom if atom.value is not None else None
    if label == "TIME":
        minutes = parse_time(text)
        if minutes is None:
            return None
        return Atom(kind=AtomKind.TIME, text=text, label=label, value=minutes, start=start, end=end,
                    approximate=bool(_APPROX_TIME.search(text)))
    if label == "DATE" and _DATE_WORDS.search(text):
        text = text.rstrip(".")
        return Atom(kind=AtomKind.DATE, text=text, label=label, start=start, end=start + len(text),
                    resolved=resolve_date(text, as_of=as_of, tense=tense))
    return None
