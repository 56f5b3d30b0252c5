"""Claim-vs-document pairs from the development files that may be trained on.

Each gold sentence (FactCheck-GPT, WiCE) or summary (SummEdits) becomes a
claim; its evidence is the best-matching source sentences by IDF-weighted
token overlap, joined in document order. Only the training half of each file
(:func:`provcheck.train.split.is_validation` is False) is read for training;
the validation half is built the same way for measuring.

>>> split_sentences('It rained. "Then it stopped." William O. Douglas left.\\nMore.')
['It rained.', '"Then it stopped."', 'William O. Douglas left.', 'More.']
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from provcheck.train.pairs import PairLabel, TrainPair
from provcheck.train.split import is_validation

__all__ = ["TRAINABLE_DEV_FILES", "best_evidence", "dev_pairs", "read_dev", "split_sentences"]

TRAINABLE_DEV_FILES = ("factcheck-gpt", "summedits", "wice")

_SENTENCE = re.compile(
    r"(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bNo\.)"
    r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(\[]?[A-Z0-9])|\n+"
)
_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "by",
        "with",
        "as",
        "from",
        "that",
        "this",
        "it",
        "its",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "has",
        "have",
        "had",
        "not",
        "no",
        "do",
        "does",
        "did",
    ]
)

# Gold sentence labels -> pair labels. "partial" and two-way "unsupported"
# (WiCE, SummEdits) may hide a contradiction: masked two-way negatives.
_LABELS = {
    "factcheck-gpt": {
        "supported": PairLabel.SUPPORTED,
        "contradicted": PairLabel.CONTRADICTED,
        "unsupported": PairLabel.NEUTRAL,
        "partial": PairLabel.NOT_SUPPORTED,
    },
    "wice": {
        "supported": PairLabel.SUPPORTED,
        "partial": PairLabel.NOT_SUPPORTED,
        "unsupported": PairLabel.NOT_SUPPORTED,
    },
    "summedits": {"supported": PairLabel.SUPPORTED, "unsupported": PairLabel.NOT_SUPPORTED},
}


def split_sentences(text: str) -> list[str]:
    """Rough sentence split on end punctuation and line breaks; drops blanks."""
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


def tokens(text: str) -> list[str]:
    """Lower-cased content tokens (stop words dropped)."""
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]


def best_evidence(claim: str, sentences: list[str], *, top: int = 3, max_chars: int = 900) -> str:
    """The ``top`` sentences that best cover the claim's tokens, in document order.

    >>> best_evidence("Paris is in France", ["Rome is big.", "Paris lies in France."], top=1)
    'Paris lies in France.'
    """
    ranked = _rank(claim, sentences)[:top]
    chosen = sorted(ranked)
    text = " ".join(sentences[i] for i in chosen)
    return text[:max_chars]


def _rank(claim: str, sentences: list[str]) -> list[int]:
    docs = [set(tokens(s)) for s in sentences]
    frequency = Counter(t for doc in docs for t in doc)
    weights = {t: math.log(1 + len(docs) / (1 + frequency[t])) for t in set(tokens(claim))}
    total = sum(weights.values()) or 1.0

    def cover(i: int) -> float:
        return sum(w for t, w in weights.items() if t in docs[i]) / total

    return sorted(range(len(sentences)), key=lambda i: (-cover(i), i))


def read_dev(path: Path) -> Iterator[dict[str, object]]:
    """The examples of a benchmark file (see benchmarks/FORMAT.md)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def source_sentences(example: dict[str, object]) -> list[str]:
    """Every sentence of every source of an example, in order."""
    sources = example["sources"]
    assert isinstance(sources, list)
    found = [s for source in sources for s in split_sentences(str(source["text"]))]
    return list(dict.fromkeys(found))


def example_claims(example: dict[str, object]) -> list[tuple[str, str]]:
    """(claim text, gold label) for each gold sentence, or the whole text if none."""
    briefing = str(example["briefing"])
    sentences = example.get("sentences") or []
    assert isinstance(sentences, list)
    if sentences:
        return [(briefing[s["start"] : s["end"]].strip(), str(s["label"])) for s in sentences]
    return [(briefing.strip(), str(example["label"]))]


def dev_pairs(dev_dir: Path, *, validation: bool = False) -> list[TrainPair]:
    """Pairs from the training (or validation) half of every trainable dev file."""
    pairs: list[TrainPair] = []
    for name in TRAINABLE_DEV_FILES:
        for example in read_dev(dev_dir / f"{name}.jsonl"):
            if is_validation(str(example["id"])) == validation:
                pairs.extend(_example_pairs(name, example))
    return pairs


def _example_pairs(name: str, example: dict[str, object]) -> Iterator[TrainPair]:
    sentences = source_sentences(example)
    if not sentences:
        return
    for claim, gold in example_claims(example):
        label = _LABELS[name].get(gold)
        if label is None or not claim:
            continue
        evidence = best_evidence(claim, sentences, top=4 if name == "summedits" else 3)
        yield TrainPair(claim=claim, evidence=evidence, label=label, source=name)
