"""The value layer and grading parsing fuzzed: any text gives values (or a grading) or nothing, never a crash."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from provcheck.errors import InputError
from provcheck.ingest.files import document_from_bytes
from provcheck.values import Match, Value, compare, find, mentions, value_at, values_in
from provcheck.verify.grading import Grading, grading_of, is_weak_grading, parse_grading

from .fuzzing import FUZZ, TEXT, within

NUMBERISH = ["-", "minus ", "about ", "over ", "under ", "between ", " and ", " to ", "£", "$", "€", "%", "m", "km",
             "bn", "k", "1", "12", "2026", "1,200", "1, 200", "31. 8", "0", "-5", "99999999999999999999", "1e308",
             "sixty-four", "a dozen", "dozens of", "several", "no arrests", "Arrests: nil", "aged ", "-year-old",
             "male, ", "2-0", "drew ", "Rovers 2, Town 0", "at ", "18:20", "6:20", "quarter past eleven", "pm",
             "midnight", "from ten at night until three", "by ", "before ", "after ", "just ", " fans", " officers"]
VALUE_TEXT = st.one_of(TEXT, st.lists(st.sampled_from(NUMBERISH) | st.text(max_size=4), max_size=30).map("".join))


def checked_values(text: str) -> tuple[Value, ...]:
    with within():
        values = values_in(text)
    for value in values:
        assert 0 <= value.start <= value.end <= len(text)
        assert value.text == text[value.start:value.end].strip()
    return values


@FUZZ
@given(text=VALUE_TEXT)
@example(text="\x00 12 fans \x00")
@example(text="-5 fans and about -30 officers")
@example(text="9" * 400 + " fans")
def test_values_of_any_text(text: str) -> None:
    checked_values(text)


@FUZZ
@given(claim=VALUE_TEXT, source=VALUE_TEXT, start=st.integers(-5, 500), length=st.integers(-5, 50))
def test_compare_find_mentions_and_value_at(claim: str, source: str, start: int, length: int) -> None:
    sources = checked_values(source)
    with within():
        for value in checked_values(claim):
            assert all(compare(value, other) in Match for other in sources)
            match, found = find(value, source)
            assert match in Match and (found is None or found in sources)
            assert mentions(value, source) in (None, *sources)
        at = value_at(claim, start, start + length)
    assert at is None or at.start < start + length and start < at.end


@FUZZ
@given(text=st.one_of(st.none(), TEXT, st.from_regex(r"\s*[1-3A-F][/\-.,x ]?[A-E1-6][/\-.,x]?[1-5PC]?\s*")))
@example(text="3/E/1")
@example(text="ı1")
@example(text="ß")
def test_parse_grading(text: str | None) -> None:
    with within():
        grading = parse_grading(text)
        weak = is_weak_grading(text)
    assert grading is None or isinstance(grading, Grading) and grading.meaning
    assert weak is (grading is not None and grading.weak)


# What YAML front matter can hold: the grading fields may be any scalar, list or mapping.
YAML_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10) | st.dates(),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                       max_size=3), max_leaves=6)
GRADING_KEYS = st.sampled_from(["source_evaluation", "intelligence_assessment", "handling_code", "reliability",
                                "credibility", "Reliability", "SOURCE_EVALUATION", "grading", "other"])


@FUZZ
@given(grading=st.none() | st.text(max_size=12), extra=st.dictionaries(GRADING_KEYS, YAML_VALUE, max_size=5))
def test_grading_of_any_metadata(grading: str | None, extra: dict[str, Any]) -> None:
    with within():
        combined = grading_of(grading, extra)
        parse_grading(combined)
    assert combined is None or isinstance(combined, str)


@FUZZ
@given(front=st.lists(st.tuples(GRADING_KEYS, st.sampled_from(["2", "B", "P", "C", "3", "~", "[1, 2]", "{a: 1}",
                                                                "2026-10-03", "!!binary aGk=", "'", "1.5", ".nan"])),
                      max_size=5))
def test_grading_read_from_front_matter(front: list[tuple[str, str]]) -> None:
    """The grading as the pipeline reads it: front matter -> Document metadata -> grading_of -> parse_grading."""
    text = "---\n" + "".join(f"{key}: {value}\n" for key, value in front) + "---\nFans arrived.\n"
    with within():
        try:
            document = document_from_bytes(text.encode(), path=PurePath("g.md"), name="g.md")
        except InputError:
            return
        combined = grading_of(document.metadata.grading, document.metadata.extra)
        parse_grading(combined)
    assert combined is None or isinstance(combined, str)
