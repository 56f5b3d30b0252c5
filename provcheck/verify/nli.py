"""The project's trained cross-encoder verifier: (claim, evidence) -> NLI scores.

The model lives in ``models/verifier/`` (trained by ``provcheck.train``; see
its MODEL_CARD.md). It runs on ONNX Runtime when the folder holds
``model.onnx`` (the int8 graph exported by ``python -m provcheck.train onnx``),
otherwise on torch from ``model.safetensors``. torch, transformers and
onnxruntime are imported only when a verifier is built, so ``import
provcheck`` stays fast.

>>> verifier = CrossEncoderVerifier()  # doctest: +SKIP
>>> [s] = verifier.score([("Kick-off was at 3pm.", "The match kicked off at 3pm.")])  # doctest: +SKIP
>>> s.supported > s.contradicted  # doctest: +SKIP
True
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from provcheck.errors import ModelError
from provcheck.schema import NliScores

__all__ = ["DEFAULT_MODEL_DIR", "ONNX_FILE", "Backend", "CrossEncoderVerifier", "predict_probabilities"]

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "verifier"
ONNX_FILE = "model.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_RETRAIN = "retrain it with `python -m provcheck.train train`"

Backend = Literal["auto", "onnx", "torch"]
Logits = Callable[[dict[str, np.ndarray]], np.ndarray]


class CrossEncoderVerifier:
    """Scores (claim, evidence) pairs with the fine-tuned MiniLM cross-encoder.

    Args:
        model_dir: folder holding ``config.json``, the tokenizer and the
            weights (``model.onnx`` and/or ``model.safetensors``).
        batch_size: pairs per forward pass; default 1 on ONNX Runtime (the int8
            graph scales its activations per batch, so a pair scored beside
            others could shift by up to 0.19; one at a time it is also faster,
            with no padding) and 32 on torch.
        max_length: tokens per pair; the longer side is truncated first.
        threads: CPU threads (None: ONNX Runtime's / torch's default).
        backend: ``onnx`` (ONNX Runtime on ``model.onnx``), ``torch`` (fp32 from
            ``model.safetensors``) or ``auto`` (onnx when the file is there).
        quantize: torch only: int8 dynamic quantisation of the linear layers
            at load time.

    ``pairs_scored`` and ``seconds`` add up the work done, for benchmarks.
    """

    name = "nli"  # its registry name: one name for the verifier in settings, reports and the ledger

    def __init__(
        self,
        model_dir: Path = DEFAULT_MODEL_DIR,
        *,
        batch_size: int | None = None,
        max_length: int = 256,
        threads: int | None = None,
        backend: Backend = "auto",
        quantize: bool = False,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.max_length = max_length
        if not (self.model_dir / "config.json").is_file():
            raise ModelError(f"no verifier model in {self.model_dir}; {_RETRAIN}")
        if backend == "auto":
            backend = "onnx" if (self.model_dir / ONNX_FILE).is_file() and not quantize else "torch"
        self.backend: Backend = backend
        self.batch_size = batch_size or (1 if backend == "onnx" else 32)
        self._tokenizer = _tokenizer(self.model_dir)
        if backend == "onnx":
            self._logits = _onnx_logits(self.model_dir / ONNX_FILE, threads)
        else:
            self._logits = _torch_logits(self.model_dir, threads, quantize=quantize)
        self.pairs_scored = 0
        self.seconds = 0.0

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[NliScores]:
        """One :class:`NliScores` per ``(claim, evidence)`` pair, in input order."""
        began = time.perf_counter()
        probs = predict_probabilities(
            self._logits, self._tokenizer, pairs, batch_size=self.batch_size, max_length=self.max_length
        )
        self.seconds += time.perf_counter() - began
        self.pairs_scored += len(pairs)
        return [_to_scores(row) for row in probs]


def _to_scores(row: Sequence[float]) -> NliScores:
    supported, contradicted = (min(max(float(v), 0.0), 1.0) for v in row[:2])
    neutral = max(0.0, 1.0 - supported - contradicted)
    return NliScores(supported=supported, contradicted=contradicted, neutral=neutral)


def _tokenizer(model_dir: Path) -> Any:
    try:
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot load the verifier's tokenizer from {model_dir}: {err}; {_RETRAIN}") from err


def _threads_from_environment() -> int | None:
    """``OMP_NUM_THREADS``, which torch obeys, for ONNX Runtime too (None when unset or not a number)."""
    import os

    value = os.environ.get("OMP_NUM_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _onnx_logits(path: Path, threads: int | None) -> Logits:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.inter_op_num_threads = 1
    threads = threads if threads is not None else _threads_from_environment()
    if threads is not None:
        options.intra_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as err:  # onnxruntime raises its own untyped errors for a bad graph
        raise ModelError(f"cannot load the verifier from {path}: {err}; {_RETRAIN}") from err
    wanted = [i.name for i in session.get_inputs()]

    def logits(batch: dict[str, np.ndarray]) -> np.ndarray:
        return np.asarray(session.run(None, {k: batch[k].astype(np.int64) for k in wanted})[0], dtype=np.float32)

    return logits


def _torch_logits(model_dir: Path, threads: int | None, *, quantize: bool) -> Logits:
    try:
        import torch
        from transformers import AutoModelForSequenceClassification

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

    def logits(batch: dict[str, np.ndarray]) -> np.ndarray:
        if threads is not None:
            torch.set_num_threads(threads)
        with torch.inference_mode():
            tensors = {k: torch.from_numpy(v.astype(np.int64)) for k, v in batch.items() if k in INPUTS}
            return np.asarray(model(**tensors).logits.float().numpy())

    return logits


def predict_probabilities(
    logits: Logits,
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
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    result: list[list[float]] = [[]] * len(pairs)
    for begin in range(0, len(order), batch_size):
        chunk = order[begin : begin + batch_size]
        batch = tokenizer(
            [pairs[i][0] for i in chunk],
            [pairs[i][1] for i in chunk],
            truncation="longest_first",
            max_length=max_length,
            padding=True,
            return_tensors="np",
        )
        raw = logits(dict(batch))
        shifted = np.exp(raw - raw.max(axis=1, keepdims=True))
        probs = (shifted / shifted.sum(axis=1, keepdims=True)).tolist()
        for index, row in zip(chunk, probs, strict=True):
            result[index] = row
    return result
