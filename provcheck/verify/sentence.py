"""The bare verifier's reading of whole briefing sentences.

For each spaCy sentence: the 5 source passages nearest by dense cosine, each
read alone and with one neighbour either side; the sentence's score is the
best P(supported) of those 10 readings. ``eval --mode verifier-only`` scores
this reading alone; the pipeline's fitted decision takes it as one feature.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from provcheck.corpus import Store
from provcheck.errors import EmptyInputError

__all__ = ["bare_scores", "read_sentences", "sentence_spans"]

_NEAREST = 5


def sentence_spans(briefing: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each spaCy sentence of ``briefing``, in order.

    A briefing longer than a piece is parsed piece by piece, cut at blank lines
    (where a sentence ends anyway; :func:`~provcheck.claims.extract_blocks.pieces`),
    so a 5 MB briefing is never one spaCy document and memory stays flat.

    >>> sentence_spans("Fans met at noon. Police made no arrests.")
    [(0, 17, 'Fans met at noon.'), (18, 41, 'Police made no arrests.')]
    """
    from provcheck.claims.extract_blocks import PIECE_CHARS, pieces
    from provcheck.claims.nlp import load_nlp

    parts = list(pieces(briefing, PIECE_CHARS))
    spans = []
    for (offset, _), doc in zip(parts, load_nlp().pipe(text for _, text in parts), strict=True):
        spans += [(offset + s.start_char, offset + s.end_char, s.text.strip()) for s in doc.sents if s.text.strip()]
    return spans


def read_sentences(sentences: Sequence[str], store: Store, embedder: object, verifier: object) -> list[float]:
    """The bare verifier's best P(supported) for each sentence against its nearest passages of an open index."""
    passages = [p for ps in store.passages_by_document().values() for p in ps]
    if not passages or not sentences:
        raise EmptyInputError("nothing to read: no sentence or no source passage")
    matrix = store.vectors([p.id for p in passages])
    vectors = embedder.embed(list(sentences))  # type: ignore[attr-defined]
    readings = []
    for text, vector in zip(sentences, vectors, strict=True):
        nearest = [passages[i] for i in np.argsort(-(matrix @ vector))[:_NEAREST]]
        readings.append([(text, p.text) for p in nearest] + [(text, store.window(p, 1)) for p in nearest])
    unique = list(dict.fromkeys(pair for pairs in readings for pair in pairs))
    scored = dict(zip(unique, verifier.score(unique), strict=True))  # type: ignore[attr-defined]
    return [max(scored[pair].supported for pair in pairs) for pairs in readings]


def bare_scores(briefing: str, store: Store, embedder: object, verifier: object) -> list[tuple[int, int, float]]:
    """The bare verifier's reading of each spaCy sentence of ``briefing`` against an open index.

    The full pipeline takes it as one feature of its decision, so the decision
    sees everything this reading sees.
    """
    spans = sentence_spans(briefing)
    if not spans:
        raise EmptyInputError("nothing to read: no sentence or no source passage")
    scores = read_sentences([text for _, _, text in spans], store, embedder, verifier)
    return [(start, end, score) for (start, end, _), score in zip(spans, scores, strict=True)]
