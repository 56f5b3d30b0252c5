"""The bare verifier's reading of whole briefing sentences.

For each spaCy sentence: the 5 source passages nearest by dense cosine, each
read alone and with one neighbour either side; the sentence's score is the
best P(supported) of those 10 readings. ``eval --mode verifier-only`` scores
this reading alone; the pipeline's fitted decision takes it as one feature.
"""

from __future__ import annotations

import numpy as np

from provcheck.corpus import Store
from provcheck.errors import EmptyInputError

__all__ = ["bare_scores"]

_NEAREST = 5


def bare_scores(briefing: str, store: Store, embedder: object, verifier: object) -> list[tuple[int, int, float]]:
    """The bare verifier's reading of each spaCy sentence of ``briefing`` against an open index.

    The full pipeline takes it as one feature of its decision, so the decision
    sees everything this reading sees.
    """
    from provcheck.claims.nlp import load_nlp

    sentences = [(s.start_char, s.end_char, s.text.strip()) for s in load_nlp()(briefing).sents if s.text.strip()]
    passages = [p for ps in store.passages_by_document().values() for p in ps]
    if not passages or not sentences:
        raise EmptyInputError("nothing to read: no sentence or no source passage")
    matrix = store.vectors([p.id for p in passages])
    vectors = embedder.embed([text for _, _, text in sentences])  # type: ignore[attr-defined]
    readings = []
    for (_, _, text), vector in zip(sentences, vectors, strict=True):
        nearest = [passages[i] for i in np.argsort(-(matrix @ vector))[:_NEAREST]]
        readings.append([(text, p.text) for p in nearest] + [(text, store.window(p, 1)) for p in nearest])
    unique = list(dict.fromkeys(pair for pairs in readings for pair in pairs))
    scored = dict(zip(unique, verifier.score(unique), strict=True))  # type: ignore[attr-defined]
    return [(start, end, max(scored[pair].supported for pair in pairs))
            for (start, end, _), pairs in zip(sentences, readings, strict=True)]
