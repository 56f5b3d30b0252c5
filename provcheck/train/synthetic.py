"""Synthetic claim/evidence pairs made by rule from source text.

From each chosen source sentence (with its neighbours as context):

- supported: the sentence itself, or a rule paraphrase of it (number words,
  a dropped opening connective, its first clause);
- contradicted: a changed number, a shifted date or month, a toggled
  negation, or a name swapped for another name from the same document;
- neutral: the sentence against another, non-overlapping part of the same
  document (on topic, but silent), or a dropped hedge ("reportedly" gone).

>>> import random
>>> change_number("Police made 12 arrests.", random.Random(1)) != "Police made 12 arrests."
True
>>> toggle_negation("The match was cancelled.")
'The match was not cancelled.'
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from provcheck.train.pairs import PairLabel, TrainPair

__all__ = [
    "change_number",
    "drop_hedge",
    "shift_date",
    "swap_entity",
    "synthetic_pairs",
    "toggle_negation",
]

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w.]\d)")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_NEGATABLE = re.compile(r"\b(is|was|are|were|has|had|will|can|could|would|should|did|does)\b(?! not)")
_NEGATED = re.compile(r"\b(is|was|are|were|has|had|will|can|could|would|should|did|does) not\b")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
_HEDGE = re.compile(r"\b(reportedly|allegedly|probably|possibly|apparently|may|might|likely)\s+")
_WORDS = {
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
    "9": "nine",
    "10": "ten",
}
_OPENERS = re.compile(r"^(However|Meanwhile|Also|In addition|Additionally|Moreover|But),\s+")


def change_number(sentence: str, rng: random.Random) -> str | None:
    """The sentence with one number (not a year) changed, or None if it has none."""
    found = [m for m in _NUMBER.finditer(sentence) if not _YEAR.fullmatch(m.group())]
    if not found:
        return None
    match = rng.choice(found)
    value = float(match.group().replace(",", ""))
    factor = rng.choice((0.5, 2.0, 3.0, 1.5, 0.25, 10.0))
    new = value * factor if value > 1 else value + rng.randint(1, 5)
    text = f"{new:,.0f}" if float(new).is_integer() or new >= 10 else f"{new:.1f}"
    if text == match.group():
        text = str(int(value) + 7)
    return sentence[: match.start()] + text + sentence[match.end() :]


def shift_date(sentence: str, rng: random.Random) -> str | None:
    """The sentence with a year or a month moved, or None if it has neither."""
    if (year := _YEAR.search(sentence)) is not None:
        shifted = int(year.group()) + rng.choice((-3, -2, -1, 1, 2, 4))
        return sentence[: year.start()] + str(shifted) + sentence[year.end() :]
    if (month := _MONTH.search(sentence)) is not None:
        other = rng.choice([m for m in _MONTHS if m != month.group()])
        return sentence[: month.start()] + other + sentence[month.end() :]
    return None


def toggle_negation(sentence: str) -> str | None:
    """Insert or remove one ``not`` after an auxiliary verb, or None if there is none."""
    if (negated := _NEGATED.search(sentence)) is not None:
        return sentence[: negated.start()] + negated.group(1) + sentence[negated.end() :]
    if (verb := _NEGATABLE.search(sentence)) is not None:
        return sentence[: verb.end()] + " not" + sentence[verb.end() :]
    return None


def swap_entity(sentence: str, names: Sequence[str], rng: random.Random) -> str | None:
    """Replace one multi-word name with another name from the same document."""
    found = list(_NAME.finditer(sentence))
    if not found:
        return None
    match = rng.choice(found)
    others = [n for n in names if n != match.group() and n not in sentence]
    if not others:
        return None
    return sentence[: match.start()] + rng.choice(others) + sentence[match.end() :]


def drop_hedge(sentence: str) -> str | None:
    """The sentence without its hedge word ("reportedly", "may"...), or None."""
    if _HEDGE.search(sentence) is None:
        return None
    return _HEDGE.sub("", sentence, count=1)


def paraphrase(sentence: str, rng: random.Random) -> str:
    """A meaning-preserving rewrite by rule; the sentence itself if no rule applies."""
    options: list[str] = []
    digits = [d for d in re.findall(r"(?<![\w.,])\d{1,2}(?![\w.,]\d)", sentence) if d in _WORDS]
    if digits:
        options.append(re.sub(rf"(?<![\w.,]){digits[0]}(?![\w.,]\d)", _WORDS[digits[0]], sentence, count=1))
    if _OPENERS.match(sentence):
        stripped = _OPENERS.sub("", sentence)
        options.append(stripped[:1].upper() + stripped[1:])
    first, sep, _ = sentence.partition(", and ")
    if sep and len(first.split()) >= 5:
        options.append(first + ".")
    return rng.choice(options) if options else sentence


def _usable(sentence: str) -> bool:
    words = sentence.split()
    return 6 <= len(words) <= 60 and sum(c.isalpha() for c in sentence) > 0.6 * len(sentence)


def _window(sentences: Sequence[str], index: int, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return sentences[index]
    return " ".join(sentences[max(0, index - 1) : index + 2])


def _far_window(sentences: Sequence[str], index: int, rng: random.Random) -> str | None:
    far = [i for i in range(len(sentences)) if abs(i - index) > 2]
    if not far:
        return None
    pick = rng.choice(far)
    return " ".join(sentences[max(0, pick - 1) : pick + 2])


def _contradictions(sentence: str, names: Sequence[str], rng: random.Random) -> list[Callable[[], str | None]]:
    return [
        lambda: change_number(sentence, rng),
        lambda: shift_date(sentence, rng),
        lambda: toggle_negation(sentence),
        lambda: swap_entity(sentence, names, rng),
    ]


def document_pairs(
    sentences: Sequence[str], source: str, rng: random.Random, *, per_document: int = 6
) -> Iterator[TrainPair]:
    """Up to ``per_document`` sentences of one document, three or four pairs each."""
    names = sorted({m.group() for s in sentences for m in _NAME.finditer(s)})
    usable = [i for i, s in enumerate(sentences) if _usable(s)]
    for index in rng.sample(usable, min(per_document, len(usable))):
        sentence, evidence = sentences[index], _window(sentences, index, rng)
        yield TrainPair(claim=paraphrase(sentence, rng), evidence=evidence, label=PairLabel.SUPPORTED, source=source)
        makers = _contradictions(sentence, names, rng)
        rng.shuffle(makers)
        changed = next((c for c in (make() for make in makers) if c and c != sentence), None)
        if changed is not None:
            yield TrainPair(claim=changed, evidence=evidence, label=PairLabel.CONTRADICTED, source=source)
        far = _far_window(sentences, index, rng)
        if far is not None and sentence not in far:
            yield TrainPair(claim=sentence, evidence=far, label=PairLabel.NEUTRAL, source=source)
        if (unhedged := drop_hedge(sentence)) is not None:
            yield TrainPair(claim=unhedged, evidence=evidence, label=PairLabel.NEUTRAL, source=source)


def synthetic_pairs(
    documents: Iterable[Sequence[str]], *, source: str, seed: int = 13, per_document: int = 6
) -> list[TrainPair]:
    """Synthetic pairs from documents given as lists of sentences, deterministic per seed.

    Each document also lends one sentence as an off-topic neutral claim to the next.

    >>> docs = [["The council met on 3 May 2021 and approved 40 new homes in Leeds."] * 1,
    ...         ["Officers from West Yorkshire Police were not called to the ground."]]
    >>> [p.label.value for p in synthetic_pairs(docs, source="demo")][:2]
    ['supported', 'contradicted']
    """
    rng = random.Random(seed)
    pairs: list[TrainPair] = []
    previous: str | None = None
    for document in documents:
        sentences = list(dict.fromkeys(document))
        pairs.extend(document_pairs(sentences, source, rng, per_document=per_document))
        usable = [s for s in sentences if _usable(s)]
        if previous is not None and usable:
            pairs.append(TrainPair(claim=previous, evidence=rng.choice(usable), label=PairLabel.NEUTRAL, source=source))
        previous = rng.choice(usable) if usable else previous
    return pairs
