"""The project's trained cross-encoder verifier: (claim, evidence) -> NLI scores.

The model lives in ``models/verifier/`` (trained by ``provcheck.train``; see
its MODEL_CARD.md). torch and transformers are imported only when a verifier
is built, so ``import provcheck`` stays fast.

>>> verifier = CrossEncoderVerifier()  # doctest: +SKIP
>>> [s] = verifier.score([("Kick-off was at 3pm.", "The match kicked off at 3pm.")])  # doctest: +SKIP
>>> s.supported > s.contradicted  # doctest: +SKIP
True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provcheck.errors import ModelError
from provcheck.schema import NliScores

__all__ = ["DEFAULT_MODEL_DIR", "CrossEncoderVerifier", "predict_probabilities"]

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "verifier"
_RETRAIN = "retrain it with `provcheck train` (or `python -m provcheck.train`)"


class CrossEncoderVerifier:
    """Scores (claim, evidence) pairs with the fine-tuned MiniLM cross-encoder.

    Args:
        model_dir: folder holding ``config.json``, the weights and the tokenizer.
        batch_size: pairs per forward pass.
        max_length: tokens per pair; the evidence is truncated first.
        threads: torch CPU threads (None leaves torch's default).
        quantize: int8 dynamic quantisation of the linear layers at load time
            (off by default: on the held-out sets it cost 4-8 points of accuracy
            for about 25 % more speed; see MODEL_CARD.md).
    """

    name = "cross-encoder"

    def __init__(
        self,
        model_dir: Path = DEFAULT_MODEL_DIR,
        *,
        batch_size: int = 32,
        max_length: int = 256,
        threads: int | None = None,
        quantize: bool = False,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.batch_size = batch_size
        self.max_length = max_length
        self._threads = threads
        self._model, self._tokenizer = _load(self.model_dir, quantize=quantize)

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[NliScores]:
        """One :class:`NliScores` per ``(claim, evidence)`` pair, in input order."""
        if self._threads is not None:
            import torch

            torch.set_num_threads(self._threads)
        probs = predict_probabilities(
            self._model,
            self._tokenizer,
            pairs,
            batch_size=self.batch_size,
            max_length=self.max_length,
        )
        return [_to_scores(row) for row in probs]


def _to_scores(row: Sequence[float]) -> NliScores:
    supported, contradicted = (min(max(float(v), 0.0), 1.0) for v in row[:2])
    neutral = max(0.0, 1.0 - supported - contradicted)
    return NliScores(supported=supported, contradicted=contradicted, neutral=neutral)


def _load(model_dir: Path, *, quantize: bool) -> tuple[Any, Any]:
    if not (model_dir / "config.json").is_file():
        raise ModelError(f"no verifier model in {model_dir}; {_RETRAIN}")
    try:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(
            str(model_dir), local_files_only=True, dtype=torch.float32
        )
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot load the verifier from {model_dir}: {err}; {_RETRAIN}") from err
    model.eval()
    if quantize:
        with warnings.catch_warnings():  # torch marks quantised tensors as deprecated
            warnings.simplefilter("ignore", UserWarning)
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return model, tokenizer


def predict_probabilities(
    model: Any,
    tokenizer: Any,
    pairs: Sequence[tuple[str, str]],
    *,
    batch_size: int = 32,
    max_length: int = 256,
) -> list[list[float]]:
    """Softmax probabilities [supported, contradicted, neutral] for each pair.

    Pairs are sorted by length so that each batch pads little, then put back
    in input order.
    """
    import torch

    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    result: list[list[float]] = [[]] * len(pairs)
    with torch.inference_mode():
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            batch = tokenizer(
                [pairs[i][0] for i in chunk],
                [pairs[i][1] for i in chunk],
                truncation="longest_first",
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            )
            probs = torch.softmax(model(**batch).logits.float(), dim=-1).tolist()
            for index, row in zip(chunk, probs, strict=True):
                result[index] = row
    return result
