"""Training pairs shaped like the product's work (round 2 of the verifier).

From documents given as lists of sentences (the allowed dev files' training
halves and ``corpora/*/sources``), deterministically for a seed:

- ``shaped-multi``: a claim joining a clause of each of two or three
  sentences of one window is supported by the window, and not by the same
  window with one of those sentences removed (neutral); with one clause's
  value changed it is contradicted;
- ``shaped-values``: a sentence with one value written another way (number
  words, times in words, approximations) is supported by its window; with
  the value changed, contradicted;
- ``shaped-edits``: summary-style edits of a sentence against its window:
  an antonym or a toggled negation (contradicted), a word swapped for one
  from elsewhere in the document or two names swapped (roles; masked
  two-way negative), an added detail, a dropped hedge or attribution
  (neutral), and the sentence itself (supported);
- ``shaped-structured``: log lines, forms and table rows against the prose
  that states them (see :mod:`provcheck.train.records`).

Evidence is a window of consecutive sentences (up to ``max_words``) holding
the claim's sentences, or the sentence alone.

>>> doc = ["The council met on Monday.", "It approved 40 new homes.", "The vote was 7 to 2."]
>>> pairs = multi_sentence_pairs(doc, random.Random(0))
>>> [p.label.value for p in pairs][:2]
['supported', 'neutral']
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator, Sequence

from provcheck.train.devsets import tokens
from provcheck.train.pairs import PairLabel, TrainPair
from provcheck.train.records import record_pairs
from provcheck.train.synthetic import change_number, drop_hedge, swap_entity, toggle_negation
from provcheck.train.values import rewrite_value

__all__ = [
    "add_detail",
    "drop_attribution",
    "edit_pairs",
    "flip_antonym",
    "join_clauses",
    "multi_sentence_pairs",
    "shaped_pairs",
    "swap_roles",
    "value_pairs",
    "window_around",
]

_ANTONYM_PAIRS = (  # noqa: SIM905
    "increased/decreased rose/fell won/lost before/after first/last more/fewer higher/lower arrived/left "
    "opened/closed approved/rejected home/away north/south east/west largest/smallest earlier/later "
    "older/younger above/below inside/outside always/never male/female men/women increase/decrease "
    "began/ended allowed/banned accepted/refused early/late maximum/minimum entered/left bought/sold "
    "gained/lost supported/opposed public/private started/stopped highest/lowest"
).split()
_ANTONYMS = {w: pair.split("/")[1 - i] for pair in _ANTONYM_PAIRS for i, w in enumerate(pair.split("/"))}
_ANTONYM = re.compile(r"\b(" + "|".join(sorted(_ANTONYMS, key=len, reverse=True)) + r")\b")
_DETAILS = (
    "on a Tuesday", "for the second time", "after a long delay", "despite heavy rain", "in front of a large crowd",
    "under police escort", "without any warning", "for the first time in ten years", "at the request of the mayor",
    "by a narrow margin", "after a formal complaint", "with the help of volunteers",
)  # fmt: skip
_ATTRIBUTION = re.compile(
    r"^(?P<who>[A-Z][\w.'-]*(?: [\w.'-]+){0,5}) (?:said|says|claimed|claims|alleged|alleges|reported|reports|"
    r"stated|told \w+|believes|believed|suggested|suggests) (?:that )?(?P<what>[\w\"'].{20,})$"
)
_ACCORDING = re.compile(r"^According to [^,]{3,60}, (?P<what>.{20,})$")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b")
_LOWER_FIRST = frozenset(
    "The A An It He She They This That These Those In On At His Her Their Its There After Before During To We You "  # noqa: SIM905
    "Our When While If As For Some Many Most".split()
)
_CALENDAR = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "  # noqa: SIM905
    "September October November December".split()
)
_CONNECTIVE = re.compile(r"^(?:And|But|So|Also|However|Meanwhile|Moreover|In addition|Additionally),?\s+")


def window_around(
    sentences: Sequence[str], indices: Sequence[int], rng: random.Random, *, max_words: int = 170
) -> list[int]:
    """Consecutive sentence indices holding all ``indices``, grown at random up to ``max_words``."""
    low, high = min(indices), max(indices)
    budget = max_words - sum(len(sentences[i].split()) for i in range(low, high + 1))
    target = rng.randint(0, max(0, budget))
    while target > 0:
        grow = [i for i in (low - 1, high + 1) if 0 <= i < len(sentences) and len(sentences[i].split()) <= target]
        if not grow:
            break
        pick = rng.choice(grow)
        low, high, target = min(low, pick), max(high, pick), target - len(sentences[pick].split())
    return list(range(low, high + 1))


def _text(sentences: Sequence[str], indices: Iterable[int]) -> str:
    return " ".join(sentences[i] for i in indices)


def _clause(sentence: str) -> str:
    """The sentence's first clause (up to a comma or semicolon when that leaves 5+ words), no end stop."""
    body = _CONNECTIVE.sub("", sentence.strip()).rstrip(".!?\"'")
    body = body[:1].upper() + body[1:]
    for mark in ("; ", ", "):
        head = body.split(mark, 1)[0]
        if len(head.split()) >= 5:
            return head
    return body


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in _LOWER_FIRST else text


def join_clauses(sentences: Sequence[str]) -> str:
    """One claim from a clause of each sentence: 'A, and b.' / 'A; b, and c.'

    >>> join_clauses(["The council met on Monday.", "It approved 40 new homes."])
    'The council met on Monday, and it approved 40 new homes.'
    """
    clauses = [_clause(s) for s in sentences]
    rest = [_lower_first(c) for c in clauses[1:]]
    if len(rest) == 1:
        return f"{clauses[0]}, and {rest[0]}."
    return f"{clauses[0]}; " + ", ".join(rest[:-1]) + f", and {rest[-1]}."


def _usable(sentence: str) -> bool:
    """A sentence worth a claim: 5-45 words, mostly letters, no question, no web address."""
    words = sentence.split()
    if not 5 <= len(words) <= 45 or sentence.rstrip().endswith("?") or "http" in sentence or "www." in sentence:
        return False
    return sum(c.isalpha() for c in sentence) > 0.6 * len(sentence)


def _covered(clause: str, evidence: str) -> bool:
    """True when the evidence still holds most of the clause's content words."""
    wanted, have = set(tokens(clause)), set(tokens(evidence))
    return not wanted or len(wanted & have) >= 0.7 * len(wanted)


def multi_sentence_pairs(sentences: Sequence[str], rng: random.Random, *, per_document: int = 2) -> list[TrainPair]:
    """Claims joining 2-3 nearby sentences' clauses: supported, neutral (one removed), contradicted."""
    usable = [i for i, s in enumerate(sentences) if _usable(s)]
    pairs: list[TrainPair] = []
    for _ in range(per_document):
        if len(usable) < 2:
            break
        start = rng.randrange(len(usable) - 1)
        chosen = [i for i in usable[start : start + rng.choice((2, 2, 3))] if i - usable[start] <= 4]
        if len(chosen) < 2:
            continue
        pairs.extend(_multi(sentences, chosen, rng))
    return pairs


def _multi(sentences: Sequence[str], chosen: list[int], rng: random.Random) -> Iterator[TrainPair]:
    claim = join_clauses([sentences[i] for i in chosen])
    window = window_around(sentences, chosen, rng)
    yield _pair(claim, _text(sentences, window), PairLabel.SUPPORTED, "shaped-multi")
    removed = rng.choice(chosen)
    rest = _text(sentences, [i for i in window if i != removed])
    if not _covered(_clause(sentences[removed]), rest):
        yield _pair(claim, rest, PairLabel.NEUTRAL, "shaped-multi")
    changed = change_number(claim, rng) or toggle_negation(claim)
    if changed is not None and changed != claim:
        yield _pair(changed, _text(sentences, window), PairLabel.CONTRADICTED, "shaped-multi")


def _pair(claim: str, evidence: str, label: PairLabel, source: str) -> TrainPair:
    return TrainPair(claim=claim, evidence=evidence, label=label, source=source)


def value_pairs(sentences: Sequence[str], rng: random.Random, *, per_document: int = 3) -> list[TrainPair]:
    """Sentences with one value rewritten (supported) or changed (contradicted), against a window."""
    found = [(i, r) for i, s in enumerate(sentences) if _usable(s) and (r := rewrite_value(s, rng)) is not None]
    pairs: list[TrainPair] = []
    for index, (same, other) in rng.sample(found, min(per_document, len(found))):
        evidence = _evidence(sentences, index, rng)
        pairs.append(_pair(same, evidence, PairLabel.SUPPORTED, "shaped-values"))
        pairs.append(_pair(other, evidence, PairLabel.CONTRADICTED, "shaped-values"))
    return pairs


def _evidence(sentences: Sequence[str], index: int, rng: random.Random) -> str:
    """The sentence alone (a third of the time) or a window of sentences around it."""
    if rng.random() < 0.33:
        return sentences[index]
    return _text(sentences, window_around(sentences, [index], rng))


def flip_antonym(sentence: str, rng: random.Random) -> str | None:
    """One word replaced by its opposite ('rose' -> 'fell'), or None."""
    found = list(_ANTONYM.finditer(sentence))
    if not found:
        return None
    match = rng.choice(found)
    return sentence[: match.start()] + _ANTONYMS[match.group()] + sentence[match.end() :]


def add_detail(sentence: str, rng: random.Random) -> str:
    """The sentence with a detail its source does not give ('... despite heavy rain.')."""
    body = sentence.rstrip()
    stop = body[-1] if body and body[-1] in ".!?" else ""
    return f"{body.rstrip('.!?')} {rng.choice(_DETAILS)}{stop or '.'}"


def drop_attribution(sentence: str) -> str | None:
    """What someone said, stated as fact ('X said that Y' -> 'Y'), or None."""
    match = _ATTRIBUTION.match(sentence) or _ACCORDING.match(sentence)
    if match is None:
        return None
    what = match.group("what").strip()
    return what[:1].upper() + what[1:]


def swap_roles(sentence: str) -> str | None:
    """Two different names in the sentence swapped (who did what to whom), or None."""
    names = [m for m in _NAME.finditer(sentence) if m.group().split()[0] not in _LOWER_FIRST | _CALENDAR]
    first = names[0] if names else None
    second = next((m for m in names[1:] if m.group() != first.group()), None) if first else None
    if first is None or second is None:
        return None
    a, b = first.group(), second.group()
    return sentence[: first.start()] + b + sentence[first.end() : second.start()] + a + sentence[second.end() :]


def _swap_word(sentence: str, vocabulary: Sequence[str], rng: random.Random) -> str | None:
    """One content word replaced by another content word of the document (a SummEdits-style edit)."""
    words = [m for m in re.finditer(r"\b[a-z]{5,}\b", sentence) if m.group() in set(tokens(sentence))]
    others = [w for w in vocabulary if w not in sentence]
    if not words or not others:
        return None
    match = rng.choice(words)
    return sentence[: match.start()] + rng.choice(others) + sentence[match.end() :]


def _edits(sentence: str, vocabulary: Sequence[str], rng: random.Random) -> list[tuple[str | None, PairLabel]]:
    return [
        (sentence, PairLabel.SUPPORTED),
        (flip_antonym(sentence, rng) or toggle_negation(sentence), PairLabel.CONTRADICTED),
        (swap_roles(sentence), PairLabel.NOT_SUPPORTED),
        (_swap_word(sentence, vocabulary, rng), PairLabel.NOT_SUPPORTED),
        (add_detail(sentence, rng), PairLabel.NEUTRAL),
        (drop_hedge(sentence), PairLabel.NEUTRAL),
        (drop_attribution(sentence), PairLabel.NEUTRAL),
    ]


def edit_pairs(sentences: Sequence[str], rng: random.Random, *, per_document: int = 2) -> list[TrainPair]:
    """Summary-style edits of ``per_document`` sentences, three pairs each at most, against a window."""
    vocabulary = sorted({w for s in sentences for w in re.findall(r"\b[a-z]{5,}\b", s)})
    names = sorted({m.group() for s in sentences for m in _NAME.finditer(s) if " " in m.group()})
    usable = [i for i, s in enumerate(sentences) if _usable(s)]
    pairs: list[TrainPair] = []
    for index in rng.sample(usable, min(per_document, len(usable))):
        evidence, sentence = _evidence(sentences, index, rng), sentences[index]
        made = [
            (c, label)
            for c, label in _edits(sentence, vocabulary, rng)
            if c and (c == sentence) == (label is PairLabel.SUPPORTED)
        ]
        if (swapped := swap_entity(sentence, names, rng)) is not None:
            made.append((swapped, PairLabel.CONTRADICTED))
        keep = [made[0]] + rng.sample(made[1:], min(2, len(made) - 1)) if made else []
        pairs.extend(_pair(claim, evidence, label, "shaped-edits") for claim, label in keep)
    return pairs


def shaped_pairs(
    documents: Iterable[Sequence[str]], *, seed: int = 13, per_document: int = 2, records: int = 2000
) -> list[TrainPair]:
    """Every kind of shaped pair from ``documents``, plus ``records`` structured records; shuffled by seed."""
    rng = random.Random(seed)
    pairs: list[TrainPair] = []
    for document in documents:
        sentences = list(dict.fromkeys(document))
        pairs.extend(multi_sentence_pairs(sentences, rng, per_document=per_document))
        pairs.extend(value_pairs(sentences, rng, per_document=per_document))
        pairs.extend(edit_pairs(sentences, rng, per_document=per_document))
    pairs.extend(record_pairs(rng, count=records))
    rng.shuffle(pairs)
    return pairs
