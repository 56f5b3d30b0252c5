"""One fabrication per sentence: each planter returns an edit of the sentence, or None.

Edits are sentence-local ``(start, end, replacement)``; the planted text is never empty.

>>> import random
>>> from provcheck.claims.nlp import load_nlp
>>> sent = next(load_nlp()("Central Rail Police will deploy 8 officers on the train.").sents)
>>> negation(sent, Context(rng=random.Random(1), vocab=Vocabulary()))
Edit(start=20, end=24, text='will not')
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from provcheck.claims.atoms import parse_number
from provcheck.drills.records import PlantType
from provcheck.drills.vocab import Vocabulary, find_names
from provcheck.drills.wording import DETAILS, HEDGE_PATTERNS, INCIDENTS, INTENSITY, number_words, shift_date

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["PLANTERS", "Context", "Edit"]


@dataclass(frozen=True)
class Edit:
    """Replace ``sentence[start:end]`` with ``text``."""

    start: int
    end: int
    text: str


@dataclass
class Context:
    """What planters draw on: the seeded random generator and the sources' vocabulary."""

    rng: random.Random
    vocab: Vocabulary


def _local(sent: SpacySpan, token: object) -> int:
    return int(token.idx) - sent.start_char  # type: ignore[attr-defined]


def number(sent: SpacySpan, ctx: Context) -> Edit | None:
    """Inflate or change a count: "about 1,200" -> "about 3,600"."""
    skip = {t.i for e in sent.ents if e.label_ in {"DATE", "TIME"} for t in e}
    candidates = [t for t in sent if t.like_num and t.i not in skip and re.fullmatch(r"\d[\d,]*|[A-Za-z]+", t.text)
                  and (parse_number(t.text) or 0) >= 2 and not re.fullmatch(r"(19|20)\d\d", t.text)
                  and not any(w.lower_ == "between" for w in t.doc[max(sent.start, t.i - 3):t.i])]
    if not candidates:
        return None
    token = ctx.rng.choice(candidates)
    value = parse_number(token.text) or 0
    factor = ctx.rng.choice([2, 3, 4, 5] if value < 100 else [1.5, 2, 3])
    new = int(round(value * factor, -1 if value >= 100 else 0))
    text = number_words(new, token.text) if token.is_alpha else (f"{new:,}" if new >= 1000 else str(new))
    return Edit(_local(sent, token), _local(sent, token) + len(token.text), text)


def date_time(sent: SpacySpan, ctx: Context) -> Edit | None:
    """Move a date by days (keeping the weekday right) or a clock time by minutes."""
    options: list[Edit] = []
    for match in re.finditer(r"\b([01]?\d|2[0-3]):([0-5]\d)\b", sent.text):
        minutes = int(match.group(1)) * 60 + int(match.group(2)) + ctx.rng.choice([-90, -60, 60, 90, 120, 180])
        minutes = minutes % (24 * 60)
        options.append(Edit(match.start(), match.end(), f"{minutes // 60:02d}:{minutes % 60:02d}"))
    for ent in sent.ents:
        if ent.label_ == "DATE":
            shifted = shift_date(ent.text, ctx.rng.choice([-7, -2, -1, 1, 2, 7, 14]))
            if shifted:
                start = ent.start_char - sent.start_char
                options.append(Edit(start, start + len(ent.text), shifted))
    return ctx.rng.choice(options) if options else None


def swap(sent: SpacySpan, ctx: Context) -> Edit | None:
    """Put another real name of the same kind (person, club, force, pub...) in place of one."""
    found = find_names(sent.text, ctx.vocab)
    options = []
    for start, end, name in found:
        kind = ctx.vocab.kind_of(name)
        others = ctx.vocab.others(kind, *(n for _, _, n in found)) if kind else []
        if others:
            options.append(Edit(start, end, ctx.rng.choice(others)))
    return ctx.rng.choice(options) if options else None


def dropped_hedge(sent: SpacySpan, ctx: Context) -> Edit | None:
    """Drop "reportedly", "unconfirmed reports suggest that", "a caller alleged that"..."""
    for pattern, keep in HEDGE_PATTERNS:
        match = re.search(pattern, sent.text)
        if match:
            text = match.expand(keep)
            if match.start() == 0:
                text = text[:1].upper() + text[1:]
            return Edit(match.start(), match.end(), text)
    return None


def exaggeration(sent: SpacySpan, ctx: Context) -> Edit | None:
    """Raise the intensity of a word: "minor injury" -> "serious injury", "ran towards" -> "charged at"."""
    options = [Edit(m.start(), m.end(), stronger) for pattern, stronger in INTENSITY
               for m in re.finditer(pattern, sent.text)]
    return ctx.rng.choice(options) if options else None


def added_detail(sent: SpacySpan, ctx: Context) -> Edit | None:
    """Append a plausible detail no source has, made of the sources' names."""
    text = sent.text.rstrip()
    if not text.endswith(".") or len(sent) < 6:
        return None
    present = [n for _, _, n in find_names(text, ctx.vocab)]
    template = ctx.rng.choice(DETAILS)
    filled = _fill(template, ctx, present)
    if filled is None:
        return None
    last = text[:-1].rstrip().rsplit(" ", 1)[-1]
    start = len(text) - 1 - len(last)
    return Edit(start, len(text), f"{last}{filled}.")


def invented_incident(sent: SpacySpan, ctx: Context) -> Edit | None:
    """Add, after the sentence, an incident that never happened, told with real names and a real date."""
    filled = _fill(ctx.rng.choice(INCIDENTS), ctx, [])
    if filled is None or not sent.text.rstrip().endswith("."):
        return None
    end = len(sent.text.rstrip())
    return Edit(end, end, " " + filled[:1].upper() + filled[1:])


def negation(sent: SpacySpan, ctx: Context) -> Edit | None:
    """Reverse the sentence: insert "not" (with do-support) or drop an existing negation."""
    for token in sent:
        if token.dep_ == "neg" and token.i > sent.start:
            before = token.doc[token.i - 1]
            return Edit(_local(sent, before), _local(sent, token) + len(token.text), before.text)
        if token.lower_ == "no" and token.dep_ == "det" and token.i + 1 < sent.end:
            after = token.doc[token.i + 1]
            word = after.text if token.i > sent.start else after.text[:1].upper() + after.text[1:]
            return Edit(_local(sent, token), _local(sent, after) + len(after.text), word)
        if token.lower_ in {"nothing", "never", "nobody"}:
            return None
    root = sent.root
    aux = [c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.lower_ != "to" and c.i < root.i]
    if aux:
        return Edit(_local(sent, aux[0]), _local(sent, aux[0]) + len(aux[0].text), f"{aux[0].text} not")
    if root.lemma_ == "be":
        return Edit(_local(sent, root), _local(sent, root) + len(root.text), f"{root.text} not")
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(root.tag_)
    if do is None or root.pos_ != "VERB":
        return None
    return Edit(_local(sent, root), _local(sent, root) + len(root.text), f"{do} not {root.lemma_}")


def _fill(template: str, ctx: Context, exclude: list[str]) -> str | None:
    """Fill {club}, {club2}, {force}, {pub}, {street}, {person}, {stand}, {date}, {n} from the vocabulary."""
    chosen: list[str] = list(exclude)
    values: dict[str, str] = {}
    for key in re.findall(r"\{(\w+)\}", template):
        if key == "n":
            values[key] = ctx.rng.choice(["three", "four", "five", "six", "nine"])
            continue
        if key == "date":
            if not ctx.vocab.dates:
                return None
            values[key] = ctx.rng.choice(ctx.vocab.dates)
            continue
        others = ctx.vocab.others(key.rstrip("2"), *chosen)
        if not others:
            return None
        values[key] = ctx.rng.choice(others)
        chosen.append(values[key])
    return template.format(**values)


Planter = Callable[["SpacySpan", Context], "Edit | None"]

PLANTERS: dict[PlantType, Planter] = {
    PlantType.INVENTED_INCIDENT: invented_incident,
    PlantType.NUMBER: number,
    PlantType.DATE_TIME: date_time,
    PlantType.SWAP: swap,
    PlantType.DROPPED_HEDGE: dropped_hedge,
    PlantType.EXAGGERATION: exaggeration,
    PlantType.ADDED_DETAIL: added_detail,
    PlantType.NEGATION: negation,
}
