"""Deterministic checks of a claim's atoms against one passage of a source.

Each check finds the atoms of the passage (numbers with the noun they count,
dates, times, names, negation) and says whether the claim's atoms match them,
clash with them, or are not there at all.

>>> numbers_in("About 1,200 away fans travelled on 12 coaches.")
[(1200.0, 'away fans travelled', 'About 1,200 away fans travelled on'), (12.0, 'coaches', '12 coaches')]
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from provcheck.claims.atoms import parse_date, parse_number, parse_time, weekday_of
from provcheck.claims.lexicon import NEGATIONS
from provcheck.schema import Atom, AtomKind

__all__ = [
    "SCORE",
    "Clash",
    "compare_dates",
    "compare_numbers",
    "compare_scores",
    "compare_times",
    "content_words",
    "dates_in",
    "entity_in",
    "is_negated",
    "negated_clause",
    "negation_flip",
    "numbers_in",
    "same_word",
    "times_in",
    "without_approximation",
]

_WORDNUM = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
            r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
            r"ninety|hundred|thousand|dozen|dozens|hundreds|thousands|several|couple|score)\b")
_APPROX = r"(?:about|around|approximately|roughly|some|over|more than|nearly|almost|up to|at least|an estimated|estimated|fewer than|less than)\s+"  # noqa: E501
_NUMBER = re.compile(
    rf"(?<![\w:/.-])((?:{_APPROX})?(?:\d[\d,]*(?:\.\d+)?(?!\s*(?:am|pm|hrs|:\d))(?:\s*(?:million|billion|bn|thousand)\b)?|{_WORDNUM}(?:[\s-]+(?:and\s+)?{_WORDNUM})*))"  # noqa: E501
    r"((?:\s+[a-z]+){0,5})",
    re.I,
)
_APPROXIMATE_LEAD = re.compile(rf"^{_APPROX}(?=\d)", re.I)
_NUMBERED = re.compile(r"\bno\.?\s*(?=\d)")
_SPLIT_THOUSANDS = re.compile(r"(?<![\d,])(\d{1,3}), (\d{3})\b")
_SPLIT_DECIMAL = re.compile(r"(?<![\d.])(\d{1,3})\. (\d+\s*(?:million|billion|bn|m|k|thousand|per ?cent|%))", re.I)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = re.compile(
    rf"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*,?\s*)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"  # noqa: E501
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.I,
)
_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b\d{4}\s*hrs\b|\bnoon\b|\bmidday\b|\bmidnight\b", re.I)  # noqa: E501
_STOP_WORDS = (
    "a an the of to in on at by for with from and or but is are was were be been being has have had this "
    "that these those it its their there they he she his her as which who whom whose than then also into "
    "over after before during about said says say will would can could may might "
)
_STOP = frozenset(_STOP_WORDS.split())
_YEAR = re.compile(r"^(19|20)\d\d$")
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# where a sentence turns to another clause: "metabolised by the kidneys and therefore is not a great option"
_CLAUSE = re.compile(r";|:\s|(?<=[a-z0-9])\.\s+(?=[A-Z])|,\s*(?:but|and|while|although|though|whereas|which|who)\b"
                     r"|,\s*(?=(?:no|not|nothing|none|never)\b)"  # "busy with home fans, no risk present"
                     r"|\s(?:and|but|because|since|who|which|whereas|while|although|though)\s", re.I)
_RANGE_LEAD = re.compile(r"\b(?:between\s+)?[\d,]+\s*(?:and|to|-|\u2013)\s*$", re.I)
SCORE = re.compile(r"(?<![\d:./-])\d{1,2}\s?[-\u2013]\s?\d{1,2}(?![\d:/-]|\.\d)")


class Clash:
    """A claim atom that a passage states differently: both wordings, side by side."""

    def __init__(self, kind: AtomKind, briefing: str, source: str) -> None:
        self.kind, self.briefing, self.source = kind, briefing, source

    def __repr__(self) -> str:
        return f"Clash({self.kind.value}: {self.briefing!r} vs {self.source!r})"


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry content (no stop words, punctuation or bare digits)."""
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", text.lower())
    return [w for w in words if w not in _STOP and len(w) > 1 and not w.replace(",", "").isdigit()]


def same_word(a: str, b: str) -> bool:
    """A crude stem match: equal, or sharing the first five letters.

    >>> same_word("arrests", "arrested"), same_word("fan", "fans")
    (True, True)
    """
    a, b = a.lower().rstrip("s"), b.lower().rstrip("s")
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def numbers_in(text: str) -> list[tuple[float, str, str]]:
    """(value, counted noun, wording) for each quantity in ``text``, dates and times left out.

    Text split into tokens ("$ 1, 000", "31. 8 million") is joined up again first.

    >>> [v for v, _, _ in numbers_in("A $ 1, 000 fine; 31. 8 million sufferers; a six pack; 20 million people")]
    [1000.0, 31800000.0, 6.0, 20000000.0]
    """
    text = _SPLIT_THOUSANDS.sub(r"\1,\2", _SPLIT_DECIMAL.sub(r"\1.\2", text))
    masked = _TIME.sub(lambda m: " " * len(m.group(0)), _DATE.sub(lambda m: " " * len(m.group(0)), text))
    found = []
    for match in _NUMBER.finditer(masked):
        phrase = match.group(1)
        if _YEAR.match(phrase.strip()) or phrase.strip().lower() in {"a", "an"} or _one_of(phrase, match.group(2)):
            continue
        value = parse_number(phrase)
        if value is not None:
            nouns = " ".join(w for w in (match.group(2) or "").lower().split() if w not in _STOP)
            lead = _RANGE_LEAD.search(text[:match.start()])
            begin = lead.start() if lead else match.start()
            found.append((value, nouns, text[begin:match.end()].strip()))
    return found


def without_approximation(detail: str) -> str:
    """The bare number of "over 200", "about 40" (other text unchanged).

    >>> without_approximation("over 200"), without_approximation("Kelder Park")
    ('200', 'Kelder Park')
    """
    return _APPROXIMATE_LEAD.sub("", detail)


def _one_of(phrase: str, after: str | None) -> bool:
    """"one of the most unusual items" picks one out; it counts nothing."""
    return phrase.strip().lower() == "one" and (after or "").lower().split()[:1] == ["of"]


def dates_in(text: str) -> list[str]:
    """The date phrases in ``text``."""
    return [m.group(0) for m in _DATE.finditer(text)]


def times_in(text: str) -> list[str]:
    """The clock-time phrases in ``text``."""
    return [m.group(0) for m in _TIME.finditer(text)]


def entity_in(name: str, text: str, *, threshold: float) -> bool:
    """Whether ``name`` (or a spelling variant, or its acronym) occurs in ``text``.

    >>> entity_in("Democratic National Committee", "The DNC said so.", threshold=0.85)
    True
    >>> entity_in("GMP", "Greater Manchester Police said so.", threshold=0.85)
    True
    >>> entity_in("Greater Manchester Police", "West Yorkshire Police said so.", threshold=0.85)
    False
    >>> entity_in("U.K.", "UK activists gathered.", threshold=0.85)
    True
    >>> entity_in("Police Support Units", "72 officers incl. four PSUs", threshold=0.85)
    True
    """
    bare = name.lower().removeprefix("the ").strip()
    if not bare:
        return True
    if fuzz.partial_ratio(bare, text.lower()) / 100.0 >= threshold:
        return True
    name = name.strip()
    if _DOTTED.fullmatch(name):  # "U.K." is "UK"
        name = name.replace(".", "")
        if re.search(rf"\b{name}\b", text):
            return True
    return _acronym_match(name, text)


_ACRONYM = re.compile(r"[A-Z]{2,6}")
_DOTTED = re.compile(r"(?:[A-Z]\.){2,6}")
_NAME_RUN = re.compile(r"[A-Z][\w'’&-]*(?:[ \t]+(?:of[ \t]+|the[ \t]+|for[ \t]+|and[ \t]+)?[A-Z][\w'’&-]*)+")
_MINOR = frozenset(("of", "the", "for", "and", "&"))


def _initials(name: str) -> str:
    """The capitals that start the name's words ("" when a word does not start with a letter)."""
    words = [w for w in name.split() if w.lower() not in _MINOR]
    if len(words) < 2 or not all(w[0].isalpha() for w in words):
        return ""
    return "".join(w[0] for w in words).upper()


def _acronym_match(name: str, text: str) -> bool:
    """``name`` is an acronym of a name in ``text``, or ``text`` has the acronym of ``name``."""
    if _ACRONYM.fullmatch(name.removesuffix("s")):  # "PSUs" is the plural of "PSU"
        return any(_initials(m.group(0)) == name.removesuffix("s") for m in _NAME_RUN.finditer(text))
    initials = _initials(name)
    return bool(initials) and re.search(rf"\b{re.escape(initials)}s?\b", text) is not None


def is_negated(text: str) -> bool:
    """Whether ``text`` contains a negation word ("no 1", "No. 10" are numbers, not negations).

    >>> is_negated("No arrests were made."), is_negated("The no 1 jersey."), is_negated("He wore No. 10.")
    (True, False, False)
    """
    words = re.findall(r"[a-z']+", _NUMBERED.sub(" ", text.lower()))
    return any(w in NEGATIONS or w.endswith("n't") for w in words)


def negation_flip(claim: str, negated: bool, passage: str) -> bool:
    """Whether the passage negates what the claim asserts, or asserts what it negates.

    A claim of one clause takes ``negated`` (from its parse); a longer one is
    compared clause by clause, each beside the passage clause that shares most
    of its words (at least half of them).

    >>> negation_flip("It is not known who fired the shots.", True, "It is not known who fired the shots.")
    False
    >>> negation_flip("Arrests were made.", False, "No arrests were made, stewards said.")
    True
    >>> negation_flip("The pub was busy with home fans.", False, "Pub busy with home fans, no risk present.")
    False
    """
    clauses = _clauses(claim)
    if len(clauses) < 2:
        return negated != negated_clause(passage, content_words(claim))
    for clause in clauses:
        words = content_words(clause)
        if len(words) < 2:
            continue
        shared, best = _best_clause(passage, words)
        if shared * 2 >= len(words) and is_negated(clause) != is_negated(best):
            return True
    return False


def negated_clause(text: str, words: list[str]) -> bool:
    """Whether the clause of ``text`` that shares most of ``words`` contains a negation.

    >>> negated_clause("Two flares were lit; stewards found nothing.", ["flares", "lit"])
    False
    >>> negated_clause("No flares were lit, stewards said.", ["flares", "lit"])
    True
    >>> negated_clause("Fans protested before matches and then did not attend.", ["fans", "protested", "matches"])
    False
    """
    return is_negated(_best_clause(text, words)[1])


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c and c.strip()] or [text]


def _best_clause(text: str, words: list[str]) -> tuple[int, str]:
    """(shared words, clause) for the clause of ``text`` that shares most of ``words`` (the first on a tie)."""
    return max(((sum(1 for w in words if any(same_word(w, x) for x in content_words(c))), c) for c in _clauses(text)),
               key=lambda pair: pair[0])


def _approximately(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def compare_numbers(atom: Atom, noun: str, passage: str) -> tuple[bool, Clash | None]:
    """(found, clash) for a claim number counting ``noun`` against a passage."""
    approx = bool(re.search(_APPROX + r"|dozens|hundreds|thousands|several", atom.text + " ", re.I))
    tolerance = 0.15 if approx else 0.001
    clash = None
    for value, counted, wording in numbers_in(passage):
        same_noun = not noun or not counted or any(same_word(noun, word) for word in counted.split())
        loose = tolerance + (0.15 if "about" in wording.lower() else 0.0)
        if atom.value is not None and _approximately(value, atom.value, loose) and same_noun:
            return True, None
        if atom.low is not None and atom.high is not None and same_noun \
                and atom.low * (1 - loose) <= value <= atom.high * (1 + loose):
            return True, None
        if noun and counted and same_noun and clash is None:
            clash = Clash(AtomKind.NUMBER, f"{atom.text} {noun}".strip(), wording)
    return False, clash


def compare_scores(score: str, passage: str) -> tuple[bool, Clash | None]:
    """(found, clash) for a match score ("2-1") against the scores a passage gives.

    >>> compare_scores("2-1", "Eastmoor won 2 - 1.")[0], compare_scores("2-1", "They drew 1-1.")[1]
    (True, Clash(number: '2-1' vs '1-1'))
    """
    wanted = re.sub(r"\s", "", score).replace("\u2013", "-")
    clash = None
    for match in SCORE.finditer(passage):
        if re.sub(r"\s", "", match.group(0)).replace("\u2013", "-") == wanted:
            return True, None
        clash = clash or Clash(AtomKind.NUMBER, score, match.group(0))
    return False, clash


def compare_dates(atom: Atom, passage: str) -> tuple[bool, Clash | None]:
    """(found, clash) for a claim date against the dates a passage names.

    >>> def atom(text): return Atom(kind=AtomKind.DATE, text=text, start=0, end=len(text))
    >>> compare_dates(atom("14 March 2026"), "On 14 March 2026 fans gathered.")
    (True, None)
    >>> compare_dates(atom("14 March 2026"), "On 21 March 2026 fans gathered.")[1]
    Clash(date: '14 March 2026' vs '21 March 2026')
    >>> compare_dates(atom("2013 to 2015"), "It ran from 2013 until 2015, premiering on November 14.")
    (True, None)
    >>> compare_dates(atom("2013 to 2015"), "It premiered on November 14.")
    (False, None)
    >>> compare_dates(atom("2019"), "The final was played on 3 March 2021.")[1]
    Clash(date: '2019' vs '3 March 2021')
    """
    claimed, claimed_day = parse_date(atom.text), weekday_of(atom.text)
    if claimed_day is None and (claimed is None or claimed[1] is None):
        return _compare_years(atom.text, passage)
    clash = None
    for phrase in dates_in(passage):
        stated, stated_day = parse_date(phrase), weekday_of(phrase)
        if _same_date(claimed, stated) and (claimed_day is None or stated_day is None or claimed_day == stated_day):
            return True, None
        weekday_only = claimed is None or stated is None or claimed[2] is None
        if claimed_day is not None and claimed_day == stated_day and weekday_only:
            return True, None
        if clash is None and stated is not None and stated[1] is not None:
            clash = Clash(AtomKind.DATE, atom.text, phrase)
    return False, clash


def _compare_years(text: str, passage: str) -> tuple[bool, Clash | None]:
    """A date with no month ("2019", "2013 to 2015", "the 21st century"): found when the passage names its
    years (or, with none, its words); contradicted only by a full date in another year."""
    years = [int(y) for y in _YEARS.findall(text)]
    if not years:
        return bool(re.search(rf"(?<!\w){re.escape(text.lower())}(?!\w)", passage.lower())), None
    if all(re.search(rf"(?<![\d-]){y}(?!\d)", passage) for y in years):
        return True, None
    low, high = min(years), max(years)
    for phrase in dates_in(passage):
        stated = parse_date(phrase)
        if stated is not None and stated[0] is not None and stated[1] is not None and not low <= stated[0] <= high:
            return False, Clash(AtomKind.DATE, text, phrase)
    return False, None


def _same_date(a: tuple[int | None, ...] | None, b: tuple[int | None, ...] | None) -> bool:
    """Equal on every part that both dates name ("March 2026" matches "14 March 2026")."""
    if a is None or b is None or a[1] is None or b[1] is None:
        return False
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def compare_times(atom: Atom, passage: str) -> tuple[bool, Clash | None]:
    """(found, clash) for a claim clock time against the times a passage names."""
    clash = None
    for phrase in times_in(passage):
        stated = parse_time(phrase)
        if stated is not None and atom.value is not None and abs(stated - atom.value) <= 5:
            return True, None
        if clash is None and stated is not None:
            clash = Clash(AtomKind.TIME, atom.text, phrase)
    return False, clash
