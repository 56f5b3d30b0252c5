"""Hybrid retrieval: BM25 and dense candidates fused by reciprocal rank."""

from __future__ import annotations

import numpy as np

from provcheck.corpus.store import Store
from provcheck.schema import Passage

__all__ = ["hybrid_search", "reciprocal_rank_fusion"]


def reciprocal_rank_fusion(rankings: list[list[Passage]], *, k: int = 60) -> list[Passage]:
    """Merge ranked lists: each passage scores the sum of ``1 / (k + rank)``.

    >>> a = Passage(id=1, document="d", sha256="", text="x", start=0, end=1)
    >>> b = Passage(id=2, document="d", sha256="", text="y", start=1, end=2)
    >>> [p.id for p in reciprocal_rank_fusion([[a, b], [b]])]
    [2, 1]
    """
    scores: dict[int, float] = {}
    first: dict[int, Passage] = {}
    for ranking in rankings:
        for rank, passage in enumerate(ranking, start=1):
            scores[passage.id] = scores.get(passage.id, 0.0) + 1.0 / (k + rank)
            first.setdefault(passage.id, passage)
    order = sorted(scores, key=lambda pid: (-scores[pid], pid))
    return [first[pid].model_copy(update={"score": scores[pid]}) for pid in order]


def hybrid_search(
    store: Store, query: str, vector: np.ndarray, *, top_k: int, candidates: int, rrf_k: int = 60
) -> list[Passage]:
    """The ``top_k`` passages for ``query`` by BM25 and dense similarity, fused."""
    lexical = store.lexical_search(query, limit=candidates)
    dense = store.dense_search(vector, limit=candidates)
    return reciprocal_rank_fusion([lexical, dense], k=rrf_k)[:top_k]
