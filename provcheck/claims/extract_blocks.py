"""Paragraphs and list items of a text, with their offsets (shared with the corpus stage)."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["text_blocks"]

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
