"""Rule-based reference resolution within a paragraph, for the standalone text of a claim.

Pronouns and "the club" / "the force" are replaced by the last name of the matching kind
met earlier in the paragraph; nothing is guessed across paragraphs.

>>> memory = Mentions()
>>> memory.see("Gemma Riley met Harrowgate Town officials.", [("Gemma Riley", "PERSON"), ("Harrowgate Town", "ORG")])
>>> memory.resolve("She said the club had sold 5,000 tickets.")
'Gemma Riley said Harrowgate Town had sold 5,000 tickets.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["Mentions", "kind_of"]

_CLUB = re.compile(
    r"\b(Town|United|City|Rovers|Albion|Athletic|FC|County|Wanderers|Rangers|Celtic|Villa|Hotspur|Forest|"
    r"Argyle|Palace|Wednesday|Orient|Academicals|Thistle|Dynamos?)$"
)
_FORCE = re.compile(r"\b(Police|Constabulary|Service|BTP)$")
_PATTERNS = {
    "person": re.compile(r"\b(he|she|him|her)\b(?!\s+own)", re.I),
    "person_poss": re.compile(r"\b(his|her)\b(?=\s+\w)", re.I),
    "club": re.compile(r"\bthe club\b", re.I),
    "club_poss": re.compile(r"\bthe club's\b", re.I),
    "force": re.compile(r"\bthe force\b", re.I),
}


def kind_of(name: str, label: str) -> str | None:
    """'person', 'club' or 'force' for a named entity, None for other names.

    >>> kind_of("Westmarch Constabulary", "ORG"), kind_of("Eastmoor Rovers", "PERSON")
    ('force', 'club')
    """
    if _FORCE.search(name):
        return "force"
    if _CLUB.search(name):
        return "club"
    if label == "PERSON" and len(name.split()) >= 2:
        return "person"
    return None


class Mentions:
    """The last person, club and police force named so far in one paragraph."""

    def __init__(self) -> None:
        self.last: dict[str, str] = {}

    def copy(self) -> Mentions:
        """A copy to extend with names that only one claim may use."""
        other = Mentions()
        other.last = dict(self.last)
        return other

    def speaker(self, name: str | None) -> None:
        """Let "she said" / "he told police" refer to a named speaker of the same sentence."""
        if name and kind_of(name, "ORG") is None and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z'-]+)+", name):
            self.last["person"] = name

    def see(self, text: str, names: Iterable[tuple[str, str]]) -> None:
        """Remember the names (with spaCy labels) that ``text`` mentions, in order."""
        del text
        for name, label in names:
            kind = kind_of(name.strip(), label)
            if kind is not None:
                self.last[kind] = re.sub(r"^(the|The)\s+", "", name.strip().removesuffix("'s"))

    def resolve(self, text: str) -> str:
        """``text`` with the references the paragraph can answer replaced by names."""
        person, club, force = self.last.get("person"), self.last.get("club"), self.last.get("force")
        if club:
            text = _PATTERNS["club_poss"].sub(f"{club}'s", text)
            text = _PATTERNS["club"].sub(club, text)
        if force:
            text = _PATTERNS["force"].sub(force, text)
        if person:
            text = _PATTERNS["person_poss"].sub(f"{person}'s", text)
            text = _PATTERNS["person"].sub(person, text)
        return text[:1].upper() + text[1:]
