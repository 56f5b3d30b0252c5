"""Quoted text for reading: the Markdown markup of a Markdown file's quote is dropped on the page.

The report's JSON keeps every quote verbatim (its offsets slice back to it);
the HTML report shows ``**Subject:** Kick-off moved`` as "Subject: Kick-off
moved". Inline markup is read with markdown-it (rich's own Markdown parser);
only a heading's leading ``#`` is taken off by hand, since reading whole blocks
would turn a year at the start of a line ("2026. The club ...") into a list number.

>>> readable("**Subject:** Kick-off _moved_ to `12:30`.", "email.md")
'Subject: Kick-off moved to 12:30.'
>>> readable("## Arrests\\n#5 seed", "log.md")
'Arrests\\n#5 seed'
>>> readable("**not markup** in a text file", "log.txt")
'**not markup** in a text file'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["MARKDOWN_SUFFIXES", "readable"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
_KEPT = {"text", "code_inline", "html_inline"}


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def readable(text: str, path: str = "") -> str:
    """``text`` without Markdown markup when ``path`` is a Markdown file; other text unchanged."""
    if not path.lower().endswith(MARKDOWN_SUFFIXES):
        return text
    lines = [_plain_line(line) for line in text.split("\n")]
    return "\n".join(lines)


def _plain_line(line: str) -> str:
    stripped = line.lstrip()
    hashes = len(stripped) - len(stripped.lstrip("#"))
    if 1 <= hashes <= 6 and stripped[hashes:hashes + 1] in {"", " "}:  # "## Heading", not "#5 seed"
        stripped = stripped[hashes:].lstrip()
    tokens = _parser().parseInline(stripped)
    children = tokens[0].children or [] if tokens else []
    return "".join(t.content for t in children if t.type in _KEPT) if children else stripped
