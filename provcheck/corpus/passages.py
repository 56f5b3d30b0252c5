"""Documents -> passages: sentences with their exact offsets in the document text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from provcheck.claims.extract import text_blocks

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["split_passages"]

_MAX_CHARS = 600


@lru_cache(maxsize=1)
def _sentencizer() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000
    return nlp


def split_passages(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence-sized passage of ``text``.

    >>> text = "Fans arrived at 2pm. Police made no arrests."
    >>> [text[s:e] for s, e in split_passages(text)]
    ['Fans arrived at 2pm.', 'Police made no arrests.']
    """
    spans: list[tuple[int, int]] = []
    blocks = [piece for block in text_blocks(text) for piece in _lines(*block)]
    for (offset, _), doc in zip(blocks, _sentencizer().pipe(b for _, b in blocks), strict=True):
        for sent in doc.sents:
            stripped = sent.text.strip()
            if len(stripped) < 2:
                continue
            start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            spans.extend(_cap(start, start + len(stripped)))
    return spans


def _lines(offset: int, block: str) -> list[tuple[int, str]]:
    """Split a block at line breaks that end a field or heading, not at wrapped prose."""
    pieces, start = [], 0
    for match in re.finditer(r"\n", block):
        line = block[start:match.start()]
        if len(line) < 70 or re.search(r"[.!?:;0-9)]\s*$", line):
            pieces.append((offset + start, line))
            start = match.end()
    pieces.append((offset + start, block[start:]))
    return [(o, t) for o, t in pieces if t.strip()]


def _cap(start: int, end: int) -> list[tuple[int, int]]:
    """Cut over-long sentences (flattened tables, lists) into bounded pieces."""
    return [(s, min(s + _MAX_CHARS, end)) for s in range(start, end, _MAX_CHARS)]
