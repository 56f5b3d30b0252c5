"""What marks a source statement as weakening a briefing: a small lexicon over spaCy lemmas.

The lexicon is data (``data/cues.yaml``): kinds of weakening (no harm, not
identified, no proof, doubt, cooperation, calm, outcome), each with a weight
and the lemmas or phrases that fire it. A cheap test on the raw text comes
first, so that only sentences that can carry a cue are parsed.

>>> from provcheck.claims.nlp import load_nlp
>>> [c.kind for c in cues_in(load_nlp()("No arrests were made during the operation."))]
['no_harm']
>>> [c.kind for c in cues_in(load_nlp()("The organiser cooperated with officers throughout."))]
['cooperation']
>>> [c.words for c in cues_in(load_nlp()("No person at the address has any conviction for drug offences."))]
['No person at the address has any conviction']
>>> cues_in(load_nlp()("Fans arrived at the coach park at 12:20."))
[]
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, Field

from provcheck.claims.lexicon import NEGATIONS, negates
from provcheck.errors import ConfigError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["CUES_FILE", "Cue", "CueKind", "Lexicon", "cues_in", "load_lexicon", "may_carry_cue"]

CUES_FILE = Path(__file__).with_name("data") / "cues.yaml"
_ARGUMENTS = {"dobj", "attr", "nsubj", "nsubjpass", "pobj", "acomp"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_WINDOW = 5  # a negation governs a cue word at most this many tokens after it ("not good enough for an identification")


class CueKind(BaseModel):
    """One kind of weakening: its weight (0-1), its plain reason and what fires it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weight: float = Field(ge=0.0, le=1.0)
    why: str
    negated: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()


class Lexicon(BaseModel):
    """Every kind of weakening, by name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: dict[str, CueKind]


class Cue(BaseModel):
    """A cue found in a sentence: its kind, weight, reason and the words that fired it."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    weight: float = Field(ge=0.0, le=1.0)
    why: str
    words: str


@lru_cache(maxsize=4)
def load_lexicon(path: Path = CUES_FILE) -> Lexicon:
    """The cue lexicon in ``path`` (YAML, see ``data/cues.yaml``)."""
    try:
        return Lexicon.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, yaml.YAMLError) as err:
        problem = " ".join(str(err).split())[:200]
        raise ConfigError(f"{path}: not a cue lexicon ({problem}); see {CUES_FILE} for the format") from err


@lru_cache(maxsize=4)
def _prefilter(path: Path) -> re.Pattern[str]:
    """A regular expression over raw lower-case text that any sentence carrying a cue matches."""
    lexicon = load_lexicon(path)
    stems = {w[:5] for kind in lexicon.kinds.values() for w in kind.words | kind.negated}
    phrases = {p for kind in lexicon.kinds.values() for p in kind.phrases}
    alternatives = sorted(re.escape(s) for s in stems | phrases)
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.I)


def may_carry_cue(text: str, path: Path = CUES_FILE) -> bool:
    """A cheap test on raw text: False means :func:`cues_in` would find nothing.

    >>> may_carry_cue("Nobody was hurt."), may_carry_cue("Coaches left at 17:40.")
    (True, False)
    """
    return bool(_prefilter(path).search(text))


def cues_in(sentence: Doc | Span, path: Path = CUES_FILE) -> list[Cue]:
    """The cues of a parsed sentence, strongest first, one per kind."""
    lexicon = load_lexicon(path)
    found: dict[str, Cue] = {}
    lowered = " ".join(sentence.text.lower().split())
    for name, kind in lexicon.kinds.items():
        words = _fired(sentence, lowered, kind)
        if words:
            found[name] = Cue(kind=name, weight=kind.weight, why=kind.why, words=words)
    return sorted(found.values(), key=lambda c: -c.weight)


def _fired(sentence: Doc | Span, lowered: str, kind: CueKind) -> str | None:
    """The words of ``sentence`` that fire ``kind``, or None."""
    for phrase in kind.phrases:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            return phrase
    for token in sentence:
        if token.lemma_.lower() in kind.words or token.lower_ in kind.words:
            return token.text
    if kind.negated:
        for token in sentence:
            if _is_negation(token):
                hit = _negated_word(token, kind.negated)
                if hit is not None:
                    return hit
    return None


def _is_negation(token: object) -> bool:
    return negates(token) or token.lower_ in NEGATIONS  # type: ignore[arg-type, attr-defined]


def _negated_word(negation: object, words: frozenset[str]) -> str | None:
    """The words from a negation to the cue word it governs (its head, or a word just after it), or None."""
    doc, start = negation.doc, negation.i  # type: ignore[attr-defined]
    head = negation.head  # type: ignore[attr-defined]
    if head.lemma_.lower() in words and abs(head.i - start) <= _WINDOW:
        return str(doc[min(start, head.i):max(start, head.i) + 1].text)
    for child in head.children:  # "None of the messages contains a threat": the verb's object
        if child.dep_ in _ARGUMENTS and child.lemma_.lower() in words:
            return str(doc[min(start, child.i):max(start, child.i) + 1].text)
    if head.dep_ in _SUBJECTS:  # "No person at the address has any conviction": the negated subject's verb
        for child in head.head.children:
            if child.dep_ in _ARGUMENTS and child.i > head.i and child.lemma_.lower() in words:
                return str(doc[start:child.i + 1].text)
    for token in doc[start + 1:min(start + 1 + _WINDOW, len(doc))]:
        if token.is_punct and token.text in {";", ".", ":"}:
            break
        if token.lemma_.lower() in words or token.lower_ in words:
            return str(doc[start:token.i + 1].text)
    return None
