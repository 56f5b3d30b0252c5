"""A name swapped for another: "at The Crown" where the source says "at The Lamplighter".

Names are runs of capitalised words. A claim's name is swapped when the
passage lacks it but has another name, not in the claim, beside the same word.

>>> swapped_name("Police arrested Tom Hale outside The Crown.", "Police arrested Tom Hale outside The Lamplighter.",
...              entity_match=0.85)
('The Crown', 'The Lamplighter')
>>> swapped_name("Eastmoor Rovers beat Millbrook Albion at Kelder Park.",
...              "Eastmoor Rovers beat Harrowgate Town at Kelder Park.", entity_match=0.85)
('Millbrook Albion', 'Harrowgate Town')
>>> swapped_name("Fans met at The Crown.", "Fans met at The Crown with Tom Hale.", entity_match=0.85) is None
True
"""

from __future__ import annotations

import re

from provcheck.verify.checks import entity_in

__all__ = ["names_in", "swapped_name"]

# words of one name are on one line: "PT\nWASHINGTON" is a time zone and a dateline
_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’.&-]*(?:[ \t]+(?:of[ \t]+|the[ \t]+|and[ \t]+)?[A-Z][\w'’.&-]*)*")
_CALENDAR = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
))


def names_in(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each capitalised run of words, the first word of the text and dates left out.

    >>> names_in("Police met Gemma Riley at The Lamplighter on Saturday.")
    [('Gemma Riley', 11, 22), ('The Lamplighter', 26, 41)]
    """
    found = []
    for match in _NAME.finditer(text):
        words = match.group(0).lower().split()
        if match.start() == len(text) - len(text.lstrip()) and len(words) == 1:
            continue
        if all(w.strip(".,") in _CALENDAR for w in words):
            continue
        found.append((match.group(0).rstrip("."), match.start(), match.start() + len(match.group(0).rstrip("."))))
    return found


def swapped_name(claim: str, passage: str, *, entity_match: float) -> tuple[str, str] | None:
    """(claim's name, passage's name) when one name of the claim stands where the passage has another."""
    claim_names, passage_names = names_in(claim), names_in(passage)
    missing = [n for n in claim_names if not entity_in(n[0], passage, threshold=entity_match)]
    extra = [n for n in passage_names if not entity_in(n[0], claim, threshold=entity_match)]
    if len(missing) != 1 or not extra:
        return None
    name, start, end = missing[0]
    before, after = _neighbours(claim, start, end)
    for other, other_start, other_end in extra:
        other_before, other_after = _neighbours(passage, other_start, other_end)
        if (before and before == other_before) or (after and after == other_after):
            return name, other
    return None


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    before = re.findall(r"[a-z0-9]+", text[max(0, start - 30):start].lower())
    after = re.findall(r"[a-z0-9]+", text[end:end + 30].lower())
    return (before[-1] if before else ""), (after[0] if after else "")
