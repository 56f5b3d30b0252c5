"""The gold set of briefing sentences: atom precision / recall and claim-boundary F1 are guarded."""

from __future__ import annotations

from pathlib import Path

import pytest

from provcheck.claims.measure import GoldClaim, GoldItem, load_gold, score_gold, sentences_per_second

GOLD = Path(__file__).parent / "data" / "claims" / "gold.jsonl"


@pytest.fixture(scope="module")
def gold() -> list[GoldItem]:
    return load_gold(GOLD)


def test_gold_set_is_large_enough(gold: list[GoldItem]) -> None:
    assert len(gold) >= 150
    assert sum(len(item.atoms) for item in gold) >= 150
    assert all(span in item.text for item in gold for claim in item.claims for span in claim.spans)


def test_atoms_and_claim_boundaries_meet_their_targets(gold: list[GoldItem]) -> None:
    score = score_gold(gold)
    print(f"\natom precision {score.atom_precision:.3f}, atom recall {score.atom_recall:.3f}, "
          f"claim precision {score.claim_precision:.3f}, claim recall {score.claim_recall:.3f}, "
          f"claim F1 {score.claim_f1:.3f}, checkable {score.checkable_accuracy:.3f}, "
          f"attribution {score.attribution_accuracy:.3f}")
    assert score.atom_precision >= 0.9 and score.atom_recall >= 0.9, score.misses
    assert score.claim_f1 >= 0.9, score.misses
    assert score.checkable_accuracy >= 0.95 and score.attribution_accuracy >= 0.95


def test_scoring_counts_a_wrong_cut_and_a_wrong_value() -> None:
    item = GoldItem(text="Police made arrests in Leeds and York.",
                    claims=[GoldClaim(spans=["Police made arrests in Leeds and York."])],
                    atoms=[{"kind": "entity", "text": "Leeds"}, {"kind": "number", "text": "Leeds", "value": 3}])
    score = score_gold([item])
    assert score.claim_precision == 0.0 and score.claim_recall == 0.0
    assert score.atom_recall == 0.5


def test_speed_counts_every_sentence(gold: list[GoldItem]) -> None:
    speed = sentences_per_second([item.text for item in gold[:20]], repeat=1)
    print(f"\n{speed.per_second:.0f} sentences/s, {speed.per_cpu_second:.0f} per CPU second")
    assert speed.sentences == 20 and speed.per_second > 0
