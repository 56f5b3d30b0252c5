"""How well claims are cut and atoms found, against a gold file; and how fast.

A gold file holds one JSON record a line: the ``text`` (one or a few sentences), its
``as_of`` date, the expected ``claims`` (each the list of its span texts) and ``atoms``
(kind, text, and where it matters value / low / high / resolved date).

Run ``python -m provcheck.claims.measure tests/data/claims/gold.jsonl`` to print the scores.

>>> score = score_gold([GoldItem(text="Fans sang.", claims=[GoldClaim(spans=["Fans sang."])])])
>>> score.claim_f1, score.items
(1.0, 1)
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from provcheck.claims.dates import as_of_date
from provcheck.claims.extract import extract_claims
from provcheck.schema import Atom, Claim

__all__ = ["GoldAtom", "GoldClaim", "GoldItem", "GoldScore", "Speed", "load_gold", "score_gold",
           "sentences_per_second"]


class GoldClaim(BaseModel):
    """An expected claim: its span texts, check-worthiness and attributed source."""

    model_config = ConfigDict(extra="forbid")
    spans: list[str]
    checkable: bool = True
    attribution: str | None = None


class GoldAtom(BaseModel):
    """An expected atom; value fields left out are not compared."""

    model_config = ConfigDict(extra="forbid")
    kind: str
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    resolved: str | None = None


class GoldItem(BaseModel):
    """One gold record."""

    model_config = ConfigDict(extra="forbid")
    text: str
    as_of: str | None = None
    claims: list[GoldClaim]
    atoms: list[GoldAtom] = Field(default_factory=list)


class GoldScore(BaseModel):
    """Atom precision / recall, claim-boundary F1, and agreement on check-worthiness and attribution."""

    items: int
    atom_precision: float
    atom_recall: float
    claim_precision: float
    claim_recall: float
    claim_f1: float
    checkable_accuracy: float
    attribution_accuracy: float
    misses: list[str] = Field(default_factory=list)


def load_gold(path: Path) -> list[GoldItem]:
    """The records of a gold JSONL file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [GoldItem.model_validate_json(line) for line in lines if line.strip()]


def score_gold(items: Iterable[GoldItem]) -> GoldScore:
    """Extract each item's claims and compare them with the gold ones."""
    counts = dict.fromkeys(("atom_tp", "atom_pred", "atom_gold", "claim_tp", "claim_pred", "claim_gold",
                            "matched", "checkable_ok", "attribution_ok"), 0)
    misses: list[str] = []
    total = 0
    for item in items:
        total += 1
        claims = extract_claims(item.text, as_of=as_of_date(item.as_of))
        _count_claims(item, claims, counts, misses)
        _count_atoms(item, claims, counts, misses)
    return _score(total, counts, misses)


def _key(spans: Iterable[str]) -> tuple[str, ...]:
    return tuple(s.strip(" .,;:") for s in spans)


def _count_claims(item: GoldItem, claims: list[Claim], counts: dict[str, int], misses: list[str]) -> None:
    predicted = {_key(item.text[s.start:s.end] for s in c.spans): c for c in claims}
    gold = {_key(g.spans): g for g in item.claims}
    hits = predicted.keys() & gold.keys()
    counts["claim_tp"] += len(hits)
    counts["claim_pred"] += len(predicted)
    counts["claim_gold"] += len(gold)
    for key in hits:
        counts["matched"] += 1
        counts["checkable_ok"] += predicted[key].checkable == gold[key].checkable
        counts["attribution_ok"] += (predicted[key].attribution or None) == gold[key].attribution
    misses += [f"claim missed: {' + '.join(k)}" for k in gold.keys() - hits]


def _count_atoms(item: GoldItem, claims: list[Claim], counts: dict[str, int], misses: list[str]) -> None:
    predicted = {(a.kind.value, a.text): a for c in claims for a in c.atoms}
    gold = {(g.kind, g.text): g for g in item.atoms}
    good = {k for k in predicted.keys() & gold.keys() if _agrees(predicted[k], gold[k])}
    counts["atom_tp"] += len(good)
    counts["atom_pred"] += len(predicted)
    counts["atom_gold"] += len(gold)
    misses += [f"atom missed: {k[0]}:{k[1]} in {item.text!r}" for k in gold.keys() - good]
    misses += [f"atom extra: {k[0]}:{k[1]} in {item.text!r}" for k in predicted.keys() - gold.keys()]


def _agrees(atom: Atom, gold: GoldAtom) -> bool:
    pairs = ((atom.value, gold.value), (atom.low, gold.low), (atom.high, gold.high))
    numbers_ok = all(want is None or (got is not None and abs(got - want) < 1e-6) for got, want in pairs)
    return numbers_ok and (gold.resolved is None or atom.resolved == gold.resolved)


def _score(items: int, c: dict[str, int], misses: list[str]) -> GoldScore:
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    precision, recall = ratio(c["claim_tp"], c["claim_pred"]), ratio(c["claim_tp"], c["claim_gold"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return GoldScore(items=items, atom_precision=ratio(c["atom_tp"], c["atom_pred"]),
                     atom_recall=ratio(c["atom_tp"], c["atom_gold"]), claim_precision=precision,
                     claim_recall=recall, claim_f1=f1, checkable_accuracy=ratio(c["checkable_ok"], c["matched"]),
                     attribution_accuracy=ratio(c["attribution_ok"], c["matched"]), misses=misses)


class Speed(BaseModel):
    """Sentences per wall-clock second and per CPU second of this process (the latter ignores other load)."""

    sentences: int
    per_second: float
    per_cpu_second: float


def sentences_per_second(texts: list[str], *, repeat: int = 3) -> Speed:
    """Sentences extracted per second over ``texts`` joined into one briefing (spaCy loaded beforehand)."""
    briefing = "\n\n".join(texts)
    extract_claims("Warm-up on Saturday at 3pm.")
    sentences = sum(1 for text in texts for _ in _sentences(text))
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        extract_claims(briefing)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Speed(sentences=sentences, per_second=sentences * repeat / wall, per_cpu_second=sentences * repeat / cpu)


def _sentences(text: str) -> list[str]:
    from provcheck.claims.nlp import load_nlp

    return [s.text for s in load_nlp()(text).sents]


def main(argv: list[str]) -> None:
    """Print the scores on a gold file, the misses, and the speed."""
    items = load_gold(Path(argv[0]) if argv else Path("tests/data/claims/gold.jsonl"))
    score = score_gold(items)
    for line in score.misses:
        print(line)
    print(json.dumps(score.model_dump(exclude={"misses"}), indent=1))
    speed = sentences_per_second([i.text for i in items])
    print(f"sentences: {speed.sentences}, per second: {speed.per_second:.1f}, "
          f"per CPU second: {speed.per_cpu_second:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
