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

    A log line or a form field is one passage; an abbreviation does not end a sentence:

    >>> text = "10:42 - PC 2231 reports approx. 30 fans. Good natured.\\nDeployment: 64 officers incl. two PSUs"
    >>> [text[s:e] for s, e in split_passages(text)]
    ['10:42 - PC 2231 reports approx. 30 fans. Good natured.', 'Deployment: 64 officers incl. two PSUs']
    >>> text = "Insp. K. Whitcombe led it. About 30 fans came."
    >>> [text[s:e] for s, e in split_passages(text)]
    ['Insp. K. Whitcombe led it.', 'About 30 fans came.']
    """
    spans: list[tuple[int, int]] = []
    blocks = [piece for block in text_blocks(text) for piece in _lines(*block)]
    records = [b for b in blocks if _is_record(b[1])]
    prose = [b for b in blocks if not _is_record(b[1])]
    for offset, line in records:  # a log line or a form field is one passage, its time or label with it
        start = offset + len(line) - len(line.lstrip())
        spans.extend(_cap(start, start + len(line.strip())))
    for (offset, _), doc in zip(prose, _sentencizer().pipe(b for _, b in prose), strict=True):
        for start, end in _joined(doc.text, [(s.start_char, s.end_char) for s in doc.sents]):
            piece = doc.text[start:end]
            stripped = piece.strip()
            if len(stripped) < 2:
                continue
            begin = offset + start + (len(piece) - len(piece.lstrip()))
            spans.extend(_cap(begin, begin + len(stripped)))
    return sorted(spans)


# a line of a control-room log ("10:42 - PC 2231 reports ..."), a form field ("Deployment: 64 officers")
_RECORD = re.compile(r"^\s*(?:[-*\u2022]\s*)?(?:\d{1,2}[:.]\d{2}(?::\d{2})?\b|\d{4}\s?(?:hrs|h)\b"
                     r"|[A-Z][\w/&()' -]{0,40}:\s)")
# a sentence that ends in one of these is not over: "approx. 30", "incl. two PSUs", "Insp. K. Whitcombe"
_ABBREVIATION = re.compile(
    r"(?:\b(?:approx|incl|insp|supt|sgt|ch|det|pc|no|nos|st|vs|mr|mrs|ms|dr|est|nr|rd|c|ca|e\.g|i\.e|etc|op|ref|"
    r"tel|dept|det|con|cllr|gen|col|capt|lt|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.|\b[A-Z]\.)$", re.I)


def _is_record(line: str) -> bool:
    """A log line (up to a passage's length) or a short "Label: value" field: one passage."""
    match = _RECORD.match(line) if "\n" not in line.strip() else None
    if match is None:
        return False
    limit = _MAX_CHARS if match.group(0).rstrip().endswith(tuple("0123456789sh")) else 250
    return len(line) <= limit


def _joined(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences with a break after an abbreviation undone."""
    joined: list[tuple[int, int]] = []
    for start, end in sentences:
        if joined and _ABBREVIATION.search(text[joined[-1][0]:joined[-1][1]].rstrip()):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


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
