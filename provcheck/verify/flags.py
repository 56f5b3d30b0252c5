"""What a verdict alone hides: dropped hedges and attributions, exaggeration, stale dates.

The intensity scales are data (``data/intensity.yaml``) that a user can read
and extend; an intensifying adverb ("badly delayed", "forcibly ejected") on a
word that the source has bare counts as exaggeration on any scale.

>>> hedge_of("Unconfirmed reports say fans will meet on 3 May.")
'Unconfirmed'
>>> hedge_of("The match is on 3 May.") is None
True
>>> attribution_of("The club claims that 2,000 tickets were sold.")
'claims'
>>> exaggeration("Fans were involved in serious disorder.", "A minor scuffle broke out between fans.", load_scales())
('serious disorder', 'minor scuffle')
>>> inflated("5,000 supporters", "about 1,200")
True
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml

from provcheck.claims.atoms import parse_date, parse_number
from provcheck.claims.lexicon import HEDGES
from provcheck.errors import ConfigError

__all__ = [
    "DEFAULT_SCALES",
    "Scales",
    "age_in_days",
    "attributed",
    "attribution_of",
    "exaggeration",
    "hedge_of",
    "inflated",
    "intensified",
    "intensity_in",
    "load_scales",
    "to_date",
]

DEFAULT_SCALES = Path(__file__).with_name("data") / "intensity.yaml"
_ATTRIBUTION_WORDS = ("according to", "claimed", "it is claimed", "claims")
_HEDGES = tuple(h for h in HEDGES if h not in _ATTRIBUTION_WORDS) + ("not confirmed", "uncorroborated")
_ATTRIBUTION = re.compile(
    r"\b(according to|claims?|claimed|alleges?|insists?|insisted|maintains?|maintained|asserts?|asserted|"
    r"contends?|contended)\b"
    r"|\b(?:we|I) (?:believe|think|understand|suspect|feel)\b",  # a party's own view: "We believe the attack ..."
    re.I,
)
_REPORTING = re.compile(r"\b(?:says?|said|told|tells|reports?|reported|states?|stated|announced?|believes?)\b", re.I)
_INFLATION = 1.5
_INTENSIFIERS = ("aggressively", "badly", "brutally", "critically", "extremely", "forcefully", "forcibly", "gravely",
                 "heavily", "hugely", "massively", "savagely", "seriously", "severely", "viciously", "violently")
_INTENSIFIED = re.compile(rf"\b(?:{'|'.join(_INTENSIFIERS)})\s+([a-z][a-z-]{{2,}})\b", re.I)
_INTENSIFIER_BEFORE = re.compile(rf"\b(?:{'|'.join(_INTENSIFIERS)}|very|so|too)\s+$", re.I)

Scales = dict[str, list[tuple[str, int]]]


@lru_cache(maxsize=8)
def load_scales(path: Path = DEFAULT_SCALES) -> Scales:
    """Each scale's wordings with their level (0 = mildest), longest wordings first."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"cannot read the intensity scales in {path}: {err}; fix it or unset intensity_file") from err
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise ConfigError(f"{path}: the intensity scales must map each scale name to a list of levels")
    scales: Scales = {}
    for name, levels in data.items():
        pairs = [(str(w).lower(), level) for level, words in enumerate(levels) for w in (words or [])]
        scales[str(name)] = sorted(pairs, key=lambda p: -len(p[0]))
    return scales


def intensity_in(text: str, scales: Scales) -> dict[str, list[tuple[int, str]]]:
    """(level, wording) of each scale wording in ``text``; a longer wording hides those inside it.

    >>> intensity_in("Serious disorder, then calm.", load_scales())["disorder"]
    [(4, 'Serious disorder'), (0, 'calm')]
    """
    found: dict[str, list[tuple[int, str]]] = {}
    lowered = text.lower()
    for name, pairs in scales.items():
        taken: list[tuple[int, int]] = []
        hits: list[tuple[int, int, str]] = []
        for wording, level in pairs:
            for match in re.finditer(_wording_pattern(wording), lowered):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    taken.append((match.start(), match.end()))
                    hits.append((match.start(), level, text[match.start():match.end()]))
        if hits:
            found[name] = [(level, wording) for _, level, wording in sorted(hits)]
    return found


def _wording_pattern(wording: str) -> str:
    """A scale wording as a pattern; one extra word may sit between its words ("minor hand injury").

    >>> bool(re.search(_wording_pattern("minor injury"), "a minor hand injury"))
    True
    """
    words = [re.escape(w) for w in wording.split()]
    return r"(?<![\w-])" + r"\s+(?:[\w-]+\s+)?".join(words) + r"(?![\w-])"


def exaggeration(claim: str, passage: str, scales: Scales) -> tuple[str, str] | None:
    """(briefing wording, source wording) when the claim is more severe than the passage on a scale,
    or puts an intensifier on a word that the passage has bare (:func:`intensified`).

    >>> exaggeration("The coaches were badly delayed.", "Two coaches are delayed.", load_scales())
    ('badly delayed', 'delayed')
    """
    in_claim, in_passage = intensity_in(claim, scales), intensity_in(passage, scales)
    for name, hits in in_claim.items():
        if name not in in_passage:
            continue
        level, wording = max(hits)
        source_level, source_wording = max(in_passage[name])
        if level > source_level:
            return wording, source_wording
    return intensified(claim, passage)


def intensified(claim: str, passage: str) -> tuple[str, str] | None:
    """(briefing wording, source wording) when the claim says "badly", "forcibly"... before a word
    that the passage has only without such an adverb.

    >>> intensified("He was forcibly ejected.", "One male was ejected from the ground.")
    ('forcibly ejected', 'ejected')
    >>> intensified("He was forcibly ejected.", "He was violently ejected.") is None
    True
    """
    for match in _INTENSIFIED.finditer(claim):
        bare = list(re.finditer(rf"(?<![\w-]){re.escape(match.group(1))}(?![\w-])", passage, re.I))
        if bare and not any(_INTENSIFIER_BEFORE.search(passage[:m.start()]) for m in bare):
            return match.group(0), bare[0].group(0)
    return None


def inflated(briefing: str, source: str) -> bool:
    """Whether the briefing's quantity is well above the source's (by half again or more)."""
    claimed, stated = parse_number(briefing), parse_number(source)
    return claimed is not None and stated is not None and claimed >= _INFLATION * max(stated, 1e-9)


def hedge_of(text: str) -> str | None:
    """The first hedging word of ``text`` ("may", "unconfirmed"), the month May left out."""
    lowered = text.lower()
    for hedge in _HEDGES:
        for match in re.finditer(rf"\b{re.escape(hedge)}\b", lowered):
            if hedge == "may" and _is_month(lowered, match.start(), match.end()):
                continue
            return text[match.start():match.end()]
    return None


def _is_month(text: str, start: int, end: int) -> bool:
    return bool(re.match(r"\s*(?:\d|of\b|,)", text[end:end + 4]) or re.search(r"\d(?:st|nd|rd|th)?\s*$", text[:start])
                or re.search(r"\b(?:in|since|until|last|next|early|late|mid)\s*-?\s*$", text[max(0, start - 7):start]))


def attribution_of(text: str) -> str | None:
    """The attributing wording of ``text`` ("according to", "the club claims"), or None.

    "Police said ..." or "Smith said ..." reports what was said; only a
    claiming verb or a party's own view marks a statement as someone's claim.

    >>> attribution_of("We believe the attack was planned."), attribution_of("The club claims it was provoked.")
    ('We believe', 'claims')
    >>> attribution_of("Police said two men were arrested.") is None
    True
    """
    match = _ATTRIBUTION.search(text)
    return match.group(0) if match else None


def attributed(text: str) -> bool:
    """Whether a briefing sentence keeps an attribution: a claiming word or a reporting verb.

    >>> attributed("The club says it sold 2,000 tickets."), attributed("The club sold 2,000 tickets.")
    (True, False)
    """
    return attribution_of(text) is not None or _REPORTING.search(text) is not None


def to_date(value: object) -> date | None:
    """A calendar date from metadata ("2026-10-19", "19 October 2026", a date), or None.

    >>> to_date("2026-10-19"), to_date("Saturday 3 October 2026"), to_date("soon")
    (datetime.date(2026, 10, 19), datetime.date(2026, 10, 3), None)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not value:
        return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text[:10]).date()
    except ValueError:
        pass
    parts = parse_date(text)
    if parts is None or any(p is None for p in parts):
        return None
    year, month, day = parts
    try:
        return date(int(year), int(month), int(day))  # type: ignore[arg-type]
    except ValueError:
        return None


def age_in_days(source: object, briefing: object) -> int | None:
    """Days from a source's date to the briefing's, or None when either is unknown.

    >>> age_in_days("2026-01-01", "2026-03-01")
    59
    """
    then, now = to_date(source), to_date(briefing)
    return None if then is None or now is None else (now - then).days
