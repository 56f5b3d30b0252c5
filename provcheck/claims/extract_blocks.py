"""Paragraphs and list items of a text, with their offsets (shared with the corpus stage)."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["PIECE_CHARS", "pieces", "text_blocks"]

# The longest text parsed as one: a longer block or briefing is parsed in pieces (see ``pieces``) so that
# spaCy's working memory stays flat (a batch of provcheck.claims.nlp.PIPE_BATCH pieces at most).
PIECE_CHARS = 4_000
_MARKUP = re.compile(r"^(\s*(?:[-*+>]|\d+[.)]|#+)\s+)")


def text_blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each paragraph or list item, markup prefixes and headings left out.

    >>> list(text_blocks("# Title\\n\\n- Fans arrived.\\nThey sang."))
    [(11, 'Fans arrived.\\nThey sang.')]
    >>> list(text_blocks("# Title\\nFans arrived."))  # prose straight under a heading is kept
    [(8, 'Fans arrived.')]
    """
    for match in re.finditer(r"[^\n]+(?:\n(?![ \t]*(?:\n|[-*+>]\s|#+\s|\d+[.)]\s))[^\n]+)*", text):
        block, start = match.group(0), match.start()
        if block.lstrip().startswith("#"):  # a heading: leave out its line, keep the prose under it
            heading_end = block.find("\n")
            if heading_end < 0:
                continue
            block, start = block[heading_end + 1:], start + heading_end + 1
        if block.strip() in {"---", "***"}:
            continue
        prefix = _MARKUP.match(block)
        if prefix:
            block, start = block[prefix.end():], start + prefix.end()
        stripped = block.rstrip()
        lead = len(block) - len(block.lstrip())
        if stripped.strip():
            yield start + lead, stripped[lead:]


def pieces(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) of ``text`` in pieces of at most ``size`` characters, so a huge text is parsed piece by piece.

    Each cut falls at the last blank line before the limit, else the last line break, else the
    last sentence end (". "), else the last space; a text no longer than ``size`` is one piece.

    >>> list(pieces("Fans met.\\n\\nPolice made no arrests. All went home.", 30))
    [(0, 'Fans met.\\n\\n'), (11, 'Police made no arrests. '), (35, 'All went home.')]
    """
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = _cut(window)
        yield start, window[:cut]
        start += cut
    yield start, text[start:]


def _cut(window: str) -> int:
    """Where to end a piece of ``window``: after its last blank line, line break, sentence end or space."""
    blank = max((m.end() for m in re.finditer(r"\n[ \t]*\n", window)), default=0)
    if blank:
        return blank
    for mark in ("\n", ". ", " "):
        at = window.rfind(mark)
        if at > 0:
            return at + len(mark)
    return len(window)

