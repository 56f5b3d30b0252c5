"""Documents -> passages -> one SQLite index (FTS5 + vectors); hybrid search over it.

>>> from provcheck.corpus.embed import HashingEmbedder
>>> Store(":memory:", HashingEmbedder()).passage_count()
0
"""

from __future__ import annotations

from provcheck.corpus.embed import Embedder, HashingEmbedder, MiniLMEmbedder
from provcheck.corpus.search import hybrid_search, reciprocal_rank_fusion
from provcheck.corpus.store import IndexStats, Store

__all__ = ["Embedder", "HashingEmbedder", "IndexStats", "MiniLMEmbedder", "Store", "hybrid_search",
           "reciprocal_rank_fusion"]
