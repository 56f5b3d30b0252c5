"""Train the project's verifier: build claim/evidence pairs, fine-tune, measure.

>>> from provcheck.train import is_validation
>>> is_validation("wice/dev00001") in (True, False)
True
"""

from __future__ import annotations

from pathlib import Path

from provcheck.train.build import BuiltPairs, build_pairs
from provcheck.train.measure import measure_model
from provcheck.train.split import is_validation
from provcheck.train.trainer import Stage, TrainResult, TrainSettings, train_verifier

__all__ = [
    "BuiltPairs",
    "Stage",
    "TrainResult",
    "TrainSettings",
    "build_pairs",
    "default_stages",
    "is_validation",
    "measure_model",
    "train_verifier",
]


def default_stages(pairs_dir: Path) -> list[Stage]:
    """The two stages of the shipped model: general NLI, then claim-vs-document pairs.

    Stage 1 is one epoch of the NLI mix (2,213 steps of 32 pairs), stage 2 400
    steps of the claim-vs-document pairs: about 95 minutes at the 15-17 pairs a
    second measured on two cores (see models/verifier/MODEL_CARD.md).

    >>> [s.name for s in default_stages(Path("pairs"))]
    ['general', 'documents']
    """
    return [
        Stage(name="general", pairs=pairs_dir / "general-train.jsonl", epochs=1.0, learning_rate=7e-5),
        Stage(
            name="documents",
            pairs=pairs_dir / "documents-train.jsonl",
            epochs=1.0,
            learning_rate=4e-5,
            max_steps=400,
        ),
    ]
