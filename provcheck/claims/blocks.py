"""The parts of a briefing that hold sentences: paragraphs and list items, without headers and table rules.

>>> list(briefing_blocks("MATCH DAY ASSESSMENT\\nFans arrived early.\\n| Date | Arrests |\\n|---|---|\\n| 3 Oct | 2 |"))
[(21, 'Fans arrived early.'), (43, 'Date | Arrests'), (72, '3 Oct | 2')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from provcheck.claims.extract_blocks import text_blocks

__all__ = ["briefing_blocks", "is_caps_header", "is_table_row"]

_RULE = re.compile(r"^[\s|:+-]+$")


def is_caps_header(line: str) -> bool:
    """An all-capitals heading line ("MATCH DAY ASSESSMENT"), not a sentence.

    >>> is_caps_header("RISK ASSESSMENT: HIGH"), is_caps_header("BTP made 3 arrests.")
    (True, False)
    """
    letters = [c for c in line if c.isalpha()]
    return (len(letters) >= 3 and all(c.isupper() for c in letters) and len(line.split()) <= 12
            and not line.rstrip().endswith("."))


def is_table_row(line: str) -> bool:
    """A row of a pipe table, rule rows included.

    >>> is_table_row("| 3 Oct | 2 arrests |"), is_table_row("Fans | police")
    (True, False)
    """
    return line.count("|") >= 2


def briefing_blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each block of sentences: headers, table rules and pipes left out."""
    for offset, block in text_blocks(text):
        pending: tuple[int, int] | None = None
        for match in re.finditer(r"[^\n]+", block):
            line, start = match.group(0), offset + match.start()
            special = is_caps_header(line) or is_table_row(line)
            if not special:
                pending = (pending[0] if pending else start, start + len(line))
                continue
            if pending:
                yield pending[0], text[pending[0]:pending[1]]
                pending = None
            if is_table_row(line) and not _RULE.match(line):
                yield from _row(text, start, line)
        if pending:
            yield pending[0], text[pending[0]:pending[1]]


def _row(text: str, start: int, line: str) -> Iterator[tuple[int, str]]:
    inner = line.strip()
    lead = start + line.index(inner)
    core = inner.strip("|").strip()
    if core:
        begin = lead + inner.index(core)
        yield begin, text[begin:begin + len(core)]
