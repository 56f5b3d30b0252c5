"""Names spelled with characters that look like others, or that do not show: ``lookalike_name``.

A Cyrillic "о" in "Hоllinsby" looks like the Latin "o", and a zero-width
space or a right-to-left override inside a name does not show at all, so a
fuzzy match would take such a spelling for the name without a word. Here a
word's *skeleton* is what it looks like: each look-alike letter replaced by
the letter it imitates and each invisible character dropped. Two spellings
with one skeleton that differ are flagged, with each odd character named by
its Unicode name and code point.

Odd characters are the format controls (category Cf: zero-width spaces and
joiners, bidirectional marks and overrides, soft hyphens), a letter of
another script than the rest of its word that the Unicode confusables data
(the ``confusable-homoglyphs`` package) says looks like a letter of that
script, and a letter with a one-letter compatibility form (fullwidth "Ｈ",
mathematical "𝐇"). Accented letters ("Zoë", "Müller") and ligatures are
ordinary letters.

>>> odd_characters("Hоllinsby")
['CYRILLIC SMALL LETTER O (U+043E)']
>>> odd_characters("Zoë Müller"), odd_characters("Hollin\\u200bsby")
([], ['ZERO WIDTH SPACE (U+200B)'])
>>> (note,) = lookalike_notes("Hollinsby fans met.", Spellings({"log.txt": "Hоllinsby fans met."}))
>>> note.flag.value, note.briefing, note.document, odd_characters(note.source)
('lookalike_name', 'Hollinsby', 'log.txt', ['CYRILLIC SMALL LETTER O (U+043E)'])
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping

from provcheck.schema import Flag, FlagNote

__all__ = ["Spellings", "describe", "lookalike_notes", "odd_characters", "skeleton", "visible"]

_WORD = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"['’]s$")
_NO_SCRIPT = frozenset(("COMMON", "INHERITED", "Unknown"))
_SHOWN_DOCUMENTS = 3
_BIDI_CONTROLS = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))


def describe(char: str) -> str:
    """A character by its Unicode name and code point.

    >>> describe("\\u202e")
    'RIGHT-TO-LEFT OVERRIDE (U+202E)'
    """
    return f"{unicodedata.name(char, 'UNNAMED CHARACTER')} (U+{ord(char):04X})"


def visible(text: str) -> str:
    """``text`` with each invisible character written as its code point, so that it shows in a report.

    >>> visible("Hollin\\u200bsby")
    'Hollin[U+200B]sby'
    """
    return "".join(f"[U+{ord(c):04X}]" if unicodedata.category(c) == "Cf" else c for c in text)


def odd_characters(text: str) -> list[str]:
    """Each odd character of ``text`` once, described (:func:`describe`), in order."""
    found = [text[m.start() + i] for m in _WORD.finditer(text) for i in _replacements(m.group(0))]
    return [describe(c) for c in dict.fromkeys(found)]


def skeleton(word: str) -> str:
    """What ``word`` looks like: look-alike letters as the letters they imitate, invisible characters gone.

    >>> skeleton("Hоllin\\u200bsby") == "Hollinsby"
    True
    """
    swaps = _replacements(word)
    return "".join(swaps.get(i, c) for i, c in enumerate(word))


def _replacements(word: str) -> dict[int, str]:
    """Position -> what the character there looks like, for each odd character of one word."""
    if word.isascii():
        return {}
    from confusable_homoglyphs.categories import alias

    scripts = Counter(alias(c) for c in word if c.isalpha() and alias(c) not in _NO_SCRIPT)
    main = max(scripts, key=lambda s: (scripts[s], s == "LATIN")) if scripts else "LATIN"
    swaps = {}
    for i, char in enumerate(word):
        like = _looks_like(char, main)
        if like is not None:
            swaps[i] = like
    return swaps


def _looks_like(char: str, script: str) -> str | None:
    """The letter of ``script`` that ``char`` imitates ("" for an invisible one), or None for an ordinary one."""
    if unicodedata.category(char) == "Cf":
        return ""
    if not char.isalpha():
        return None
    compatible = unicodedata.normalize("NFKC", char)
    if compatible != char and len(compatible) == 1 and compatible.isalpha():
        return compatible
    from confusable_homoglyphs.categories import alias
    from confusable_homoglyphs.confusables import confusables_data

    if alias(char) in (script, "COMMON", "INHERITED"):
        return None
    for glyph in confusables_data.get(char, []):
        if len(glyph["c"]) == 1 and glyph["c"].isalpha() and alias(glyph["c"]) == script:
            return str(glyph["c"])
    return None


def _trimmed(token: str) -> str:
    """A word without the punctuation around it or a possessive "'s" (invisible characters kept)."""
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return _POSSESSIVE.sub("", token[start:end])


class Spellings:
    """The sources' words by what they look like: for each skeleton, its spellings and the documents with each.

    Built once for a check; the words with odd characters are gathered on first
    use, every word of every source only when a claim's word has odd characters.
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts
        self._index: dict[bool, dict[str, dict[str, list[str]]]] = {}

    def of(self, key: str, *, odd_only: bool) -> dict[str, list[str]]:
        """Spelling -> the documents that have it, for the words whose case-folded skeleton is ``key``."""
        if odd_only not in self._index:
            self._index[odd_only] = self._gather(odd_only)
        return self._index[odd_only].get(key, {})

    def _gather(self, odd_only: bool) -> dict[str, dict[str, list[str]]]:
        index: dict[str, dict[str, list[str]]] = {}
        for document, text in self._texts.items():
            for match in _WORD.finditer(text):
                if odd_only and match.group(0).isascii():
                    continue
                word = _trimmed(match.group(0))
                if word and (not odd_only or _replacements(word)):
                    documents = index.setdefault(skeleton(word).casefold(), {}).setdefault(word, [])
                    if document not in documents:
                        documents.append(document)
        return index


def _words(text: str) -> Iterator[str]:
    """The words of a claim that may be names: capitalised ones, and any with an odd character."""
    for match in _WORD.finditer(text):
        word = _trimmed(match.group(0))
        shown = skeleton(word)
        if len(shown) > 1 and (shown[:1].isupper() or shown != word):
            yield word


def lookalike_notes(claim: str, sources: Spellings) -> list[FlagNote]:
    """A ``lookalike_name`` note for each word of ``claim`` that a source spells with other-looking characters,
    and for each word of ``claim`` that has odd characters itself (with both spellings where a source has one)."""
    notes = []
    for word in dict.fromkeys(_words(claim)):
        odd = word != skeleton(word)
        spelled = sources.of(skeleton(word).casefold(), odd_only=not odd)
        others = {s: docs for s, docs in spelled.items() if s != word and (odd or s != skeleton(s))}
        notes += [_differs(word, spelling, docs) for spelling, docs in sorted(others.items())]
        if odd and not others:
            notes.append(_odd(word, spelled.get(word, [])))
    return notes


def _differs(word: str, spelling: str, documents: list[str]) -> FlagNote:
    details = "; ".join(f"\u201c{visible(w)}\u201d has {_named(w)}" for w in dict.fromkeys((word, spelling))
                        if w != skeleton(w))
    return FlagNote(
        flag=Flag.LOOKALIKE_NAME, briefing=visible(word), source=visible(spelling), document=documents[0],
        reason=(f"The briefing\u2019s \u201c{visible(word)}\u201d and \u201c{visible(spelling)}\u201d in "
                f"{_listed(documents)} look alike but are spelled differently: {details}."),
    )


def _odd(word: str, documents: list[str]) -> FlagNote:
    where = f"as {_listed(documents)} does" if documents else "and no source spells it so"
    reordered = any(unicodedata.bidirectional(c) in _BIDI_CONTROLS for c in word)  # shown in another order
    looks = "" if reordered else f"; it looks like \u201c{skeleton(word)}\u201d"
    return FlagNote(
        flag=Flag.LOOKALIKE_NAME, briefing=visible(word), source=visible(word) if documents else None,
        document=documents[0] if documents else None,
        reason=f"The briefing\u2019s \u201c{visible(word)}\u201d has {_named(word)}, {where}{looks}.",
    )


def _named(word: str) -> str:
    described = odd_characters(word)
    return described[0] if len(described) == 1 else ", ".join(described[:-1]) + " and " + described[-1]


def _listed(documents: list[str]) -> str:
    shown = sorted(dict.fromkeys(documents))
    more = len(shown) - _SHOWN_DOCUMENTS
    return ", ".join(shown[:_SHOWN_DOCUMENTS]) + (f" and {more} more" if more > 0 else "")
