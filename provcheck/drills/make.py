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
from provcheck.drills.records import Plant, PlantType
from provcheck.drills.vocab import Vocabulary
from provcheck.errors import InputError
from provcheck.schema import Flag, Report, Verdict

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


def plan_plants(text: str, report: Report, vocab: Vocabulary, *, count: int, seed: int) -> list[Choice]:
    """Choose ``count`` plants, at most one per sentence, among the sentences the sources support."""
    rng = random.Random(seed)
    eligible = _eligible(text, report)
    kinds = list(PlantType)
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
        plants.append(Plant(id=f"p{number}", type=c.type, start=new_start, end=new_end, sentence_start=sent_start,
                            sentence_end=sent_end, original=text[start:end], planted=c.edit.text.strip(),
                            **_says(c)))
        delta, pos = delta + growth, end
    pieces.append(text[pos:])
    return "".join(pieces), plants


def _says(choice: Choice) -> dict[str, str | None]:
    quote, source = choice.sentence.source_says, choice.sentence.source
    if choice.type is PlantType.INVENTED_INCIDENT:
        return {"source_says": "No source describes this incident; its names and date are real, the event is not.",
                "source": None}
    if choice.type is PlantType.ADDED_DETAIL:
        return {"source_says": f"No source has this detail. The source says only: {quote}", "source": source}
    return {"source_says": quote, "source": source}
