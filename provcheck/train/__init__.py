"""Train the project's verifier: build claim/evidence pairs, fine-tune, measure.

>>> from provcheck.train import is_validation
>>> is_validation("wice/dev00001") in (True, False)
True
"""

from __future__ import annotations

from pathlib import Path

from provcheck.train.build import BuiltPairs, build_pairs, build_shaped
from provcheck.train.measure import measure_model
from provcheck.train.split import is_validation
from provcheck.train.trainer import Stage, TrainResult, TrainSettings, train_verifier

__all__ = [
    "BuiltPairs",
    "Stage",
    "TrainResult",
    "TrainSettings",
    "build_pairs",
    "build_shaped",
    "default_stages",
    "is_validation",
    "measure_model",
    "round2_stages",
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


def round2_stages(pairs_dir: Path, *, max_steps: int | None = None, learning_rate: float = 3e-5) -> list[Stage]:
    """Round 2: one stage ``shaped`` over ``round2-train.jsonl`` (see :func:`build_shaped`).

    Meant to start from the shipped weights (``TrainSettings(base_model=Path("models/verifier"))``);
    ``max_steps`` caps the stage and its learning-rate schedule.

    >>> [(s.name, s.learning_rate) for s in round2_stages(Path("pairs"))]
    [('shaped', 3e-05)]
    """
    return [
        Stage(
            name="shaped",
            pairs=pairs_dir / "round2-train.jsonl",
            epochs=1.0,
            learning_rate=learning_rate,
            max_steps=max_steps,
        )
    ]
