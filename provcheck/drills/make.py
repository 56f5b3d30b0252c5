"""A sound briefing + its sources -> a doctored briefing with seeded plants and its answer key.

>>> [(s.start, s.span.text) for s in sentences("# Brief\\n\\nFans came. Police watched.")]
[(9, 'Fans came.'), (20, 'Police watched.')]
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from provcheck.claims.extract import text_blocks
from provcheck.claims.nlp import load_nlp
from provcheck.drills.plants import PLANTERS, Context, Edit
from provcheck.drills.records import FABRICATIONS, Plant, PlantType
from provcheck.drills.vocab import Vocabulary
from provcheck.errors import InputError
from provcheck.schema import Certainty, Flag, Report, Verdict

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["Choice", "Sentence", "apply_plants", "plan_plants", "reads_cleanly", "sentences"]


@dataclass
class Sentence:
    """A briefing sentence, its offset in the briefing, and what the sources say about it."""

    start: int
    span: SpacySpan
    source_says: str = ""
    source: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    hedged: bool = False

    @property
    def end(self) -> int:
        """Offset just past the sentence's last character."""
        return self.start + len(self.span.text)


@dataclass
class Choice:
    """A plant chosen for a sentence, before it is applied."""

    type: PlantType
    sentence: Sentence
    edit: Edit


def sentences(text: str) -> list[Sentence]:
    """Every sentence of the briefing with its absolute offset (headings and list markers left out)."""
    blocks = list(text_blocks(text))
    found: list[Sentence] = []
    for (offset, _), doc in zip(blocks, load_nlp().pipe(b for _, b in blocks), strict=True):
        found.extend(Sentence(offset + s.start_char, s) for s in doc.sents if s.text.strip())
    return found


def reads_cleanly(sentence: str) -> bool:
    """No doubled word ("not not"), no doubled space, and one sentence as spaCy parses it.

    >>> reads_cleanly("Fans did not travel."), reads_cleanly("Fans did not not travel.")
    (True, False)
    """
    import re

    if re.search(r"\b(\w+)\s+\1\b", sentence, re.I) or "  " in sentence:
        return False
    return len(list(load_nlp()(sentence).sents)) == 1


def plan_plants(text: str, report: Report, vocab: Vocabulary, *, count: int, seed: int,
                omit: int = 0) -> list[Choice]:
    """Choose ``count`` fabrications and ``omit`` omissions, at most one per sentence, among the supported sentences.

    An omission takes out a sentence that carries a weakening cue ("No arrests
    were made", "found nothing to corroborate the claim"); the fabrications
    are chosen first, so ``omit`` leaves them as they are for the same seed.
    """
    rng = random.Random(seed)
    eligible = _eligible(text, report)
    chosen = _fabrications(eligible, vocab, rng, count=count)
    return chosen + _omissions(text, [s for s in eligible if all(s is not c.sentence for c in chosen)], rng,
                               omit=omit)


def _fabrications(eligible: list[Sentence], vocab: Vocabulary, rng: random.Random, *, count: int) -> list[Choice]:
    kinds = list(FABRICATIONS)
    rng.shuffle(kinds)
    chosen: list[Choice] = []
    for i in range(count):
        choice = None
        for kind in kinds[i % len(kinds):] + kinds[:i % len(kinds)]:
            choice = _try(kind, [s for s in eligible if all(s is not c.sentence for c in chosen)], vocab, rng)
            if choice:
                break
        if choice is None:
            raise InputError(f"only {len(chosen)} of {count} plants fit this briefing (it has {len(eligible)} "
                             "sentences that the sources support); ask for fewer with --count")
        chosen.append(choice)
    return chosen


def _omissions(text: str, pool: list[Sentence], rng: random.Random, *, omit: int) -> list[Choice]:
    """``omit`` asserted sentences that carry a weakening cue, each with the edit that takes it out of ``text``.

    A hedged sentence ("Unconfirmed reports suggest...") is a claim of its own, not a mitigating fact.
    """
    from provcheck.omissions.cues import cues_in

    if omit <= 0:
        return []
    fits = [(s, e) for s in pool if s.source and not s.hedged and cues_in(s.span)
            and (e := _removal(text, s)) is not None]
    if len(fits) < omit:
        raise InputError(f"only {len(fits)} of {omit} omissions fit this briefing (it has {len(fits)} supported "
                         "sentences that say something in the subjects' favour, beside another sentence); "
                         "ask for fewer with --omit")
    return [Choice(PlantType.OMISSION, s, e) for s, e in rng.sample(fits, omit)]


def _removal(text: str, sentence: Sentence) -> Edit | None:
    """The edit that takes the sentence out with the spaces after it (or before it, at a paragraph's end).

    None for a sentence alone in its paragraph: taking it out would leave an empty one.
    """
    after = len(text[sentence.end:]) - len(text[sentence.end:].lstrip(" "))
    if after and text[sentence.end + after:sentence.end + after + 1] not in {"", "\n"}:
        return Edit(0, len(sentence.span.text) + after, "")
    before = len(text[:sentence.start]) - len(text[:sentence.start].rstrip(" "))
    if before and text[sentence.start - before - 1:sentence.start - before] not in {"", "\n"}:
        return Edit(-before, len(sentence.span.text), "")
    return None


def _try(kind: PlantType, pool: list[Sentence], vocab: Vocabulary, rng: random.Random) -> Choice | None:
    order = list(pool)
    rng.shuffle(order)
    for sentence in order:
        edit = PLANTERS[kind](sentence.span, Context(rng=rng, vocab=vocab))
        if edit is None:
            continue
        text = sentence.span.text
        changed = text[:edit.start] + edit.text + text[edit.end:]
        planted = changed[edit.start:].strip() if kind is PlantType.INVENTED_INCIDENT else changed
        if changed != text and reads_cleanly(planted):
            return Choice(kind, sentence, edit)
    return None


def _eligible(text: str, report: Report) -> list[Sentence]:
    """Sentences whose every claim the sources support (no hedge raised), with the evidence."""
    out = []
    for sentence in sentences(text):
        claims = [c for c in report.claims if c.start < sentence.end and sentence.start < c.end]
        if claims and all(c.verdict is Verdict.SUPPORTED and Flag.CERTAINTY_RAISED not in c.flags for c in claims):
            best = claims[0].evidence[0] if claims[0].evidence else None
            sentence.source_says = best.quote if best else ""
            sentence.source = best.source if best else None
            sentence.source_start, sentence.source_end = (best.start, best.end) if best else (None, None)
            sentence.hedged = any(c.certainty is Certainty.HEDGED for c in claims)
            out.append(sentence)
    return out


def apply_plants(text: str, choices: list[Choice]) -> tuple[str, list[Plant]]:
    """The doctored text and one :class:`Plant` per choice, spans in the doctored text."""
    pieces, plants, pos, delta = [], [], 0, 0
    for number, c in enumerate(sorted(choices, key=lambda c: c.sentence.start + c.edit.start), start=1):
        start, end = c.sentence.start + c.edit.start, c.sentence.start + c.edit.end
        pieces += [text[pos:start], c.edit.text]
        growth = len(c.edit.text) - (end - start)
        new_start, new_end = start + delta, start + delta + len(c.edit.text)
        sent_start, sent_end = c.sentence.start + delta, c.sentence.end + delta + growth
        if c.type is PlantType.INVENTED_INCIDENT:
            new_start = sent_start = new_start + 1
            sent_end = new_end
        if c.type is PlantType.OMISSION:
            sent_start = sent_end = new_start
        original = c.sentence.span.text if c.type is PlantType.OMISSION else text[start:end]
        plants.append(Plant(id=f"p{number}", type=c.type, start=new_start, end=new_end, sentence_start=sent_start,
                            sentence_end=sent_end, original=original, planted=c.edit.text.strip(), **_says(c)))
        delta, pos = delta + growth, end
    pieces.append(text[pos:])
    return "".join(pieces), plants


def _says(choice: Choice) -> dict[str, str | int | None]:
    quote, source = choice.sentence.source_says, choice.sentence.source
    if choice.type is PlantType.OMISSION:
        return {"source_says": quote, "source": source, "source_start": choice.sentence.source_start,
                "source_end": choice.sentence.source_end}
    if choice.type is PlantType.INVENTED_INCIDENT:
        return {"source_says": "No source describes this incident; its names and date are real, the event is not.",
                "source": None}
    if choice.type is PlantType.ADDED_DETAIL:
        return {"source_says": f"No source has this detail. The source says only: {quote}", "source": source}
    return {"source_says": quote, "source": source}
