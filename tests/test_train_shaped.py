"""Tests for the round-2 training pairs: values, structured records, shaped kinds, the builder."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from provcheck.train.build import build_shaped
from provcheck.train.pairs import PairLabel, TrainPair, read_pairs, write_pairs
from provcheck.train.records import record_pairs
from provcheck.train.shaped import (
    add_detail,
    drop_attribution,
    edit_pairs,
    flip_antonym,
    join_clauses,
    multi_sentence_pairs,
    shaped_pairs,
    swap_roles,
    value_pairs,
    window_around,
)
from provcheck.train.split import is_validation
from provcheck.train.values import (
    age_forms,
    approx_forms,
    clock_forms,
    count_forms,
    number_words,
    rewrite_value,
    score_forms,
    shift_time,
    time_words,
    words_to_digits,
)

DOCUMENT = [
    "The council met in Leeds on Monday evening.",
    "It approved 40 new homes on the old depot site.",
    "The vote was carried by seven votes to two.",
    "Residents had asked for a bigger park beside the river.",
    "The mayor said that the first homes would be ready by 2027.",
    "Construction rose sharply after the plan was approved.",
]


def test_number_words_and_counts() -> None:
    assert number_words(64) == "sixty-four"
    assert number_words(305) == "three hundred and five"
    assert "a dozen" in count_forms(12)
    assert "twelve" in count_forms(12)
    assert "approx. 30" in approx_forms(30)
    assert words_to_digits("Police made twelve arrests.") == "Police made 12 arrests."
    assert words_to_digits("Twenty-seven people came.") == "Twenty-seven people came."


def test_times_in_words_and_shifted() -> None:
    assert time_words(18, 20) == "twenty past six in the evening"
    assert time_words(10, 45) == "a quarter to eleven in the morning"
    assert time_words(12, 0) == "midday"
    assert time_words(9, 7) is None
    assert {"18:20", "6.20pm", "twenty past six in the evening"} <= set(clock_forms(18, 20))
    rng = random.Random(0)
    assert all(shift_time(18, 20, rng) != (18, 20) for _ in range(50))


def test_ages_and_scores() -> None:
    assert "a 19-year-old woman" in age_forms(19, True)
    assert "female, 19" in age_forms(19, True)
    assert "Kingsbury City drew 1-1 with Oldfield Athletic" in score_forms(
        "Kingsbury City", "Oldfield Athletic", (1, 1)
    )
    assert score_forms("A Town", "B City", (0, 2))[0] == "B City beat A Town 2-0"


def test_rewrite_value_keeps_and_changes_the_value() -> None:
    rng = random.Random(3)
    same, other = rewrite_value("The coach left at 18:20.", rng) or ("", "")
    assert "18:20" not in same and same != other
    same, other = rewrite_value("Police made 12 arrests on 3 October.", rng) or ("", "")
    assert "3 October" in same and "12" not in same and same != other
    assert rewrite_value("It cost 3.45 million pounds.", rng) is None
    assert rewrite_value("[130] The construction began.", rng) is None


def test_structured_records_give_each_label() -> None:
    pairs = record_pairs(random.Random(2), count=40)
    assert {p.source for p in pairs} == {"shaped-structured"}
    assert {p.label for p in pairs} == {PairLabel.SUPPORTED, PairLabel.CONTRADICTED, PairLabel.NEUTRAL}
    assert len(pairs) == 120
    supported = next(p for p in pairs if p.label is PairLabel.SUPPORTED)
    assert supported.evidence and supported.claim not in supported.evidence


def test_join_clauses_and_window() -> None:
    assert (
        join_clauses(DOCUMENT[:2])
        == "The council met in Leeds on Monday evening, and it approved 40 new homes on the old depot site."
    )
    window = window_around(DOCUMENT, [1, 2], random.Random(0), max_words=25)
    assert 1 in window and 2 in window and window == list(range(window[0], window[-1] + 1))
    assert sum(len(DOCUMENT[i].split()) for i in window) <= 25


def test_multi_sentence_support_needs_every_sentence() -> None:
    pairs = multi_sentence_pairs(DOCUMENT, random.Random(1), per_document=3)
    supported = [p for p in pairs if p.label is PairLabel.SUPPORTED]
    neutral = [p for p in pairs if p.label is PairLabel.NEUTRAL]
    assert supported and neutral
    for pair in neutral:
        full = next(s for s in supported if s.claim == pair.claim)
        assert len(pair.evidence) < len(full.evidence)


def test_value_pairs_are_supported_and_contradicted() -> None:
    pairs = value_pairs(DOCUMENT, random.Random(0), per_document=3)
    assert [p.label for p in pairs[:2]] == [PairLabel.SUPPORTED, PairLabel.CONTRADICTED]
    assert {p.source for p in pairs} == {"shaped-values"}


def test_summary_edits() -> None:
    rng = random.Random(0)
    assert flip_antonym("Prices rose sharply.", rng) == "Prices fell sharply."
    assert flip_antonym("Prices rose after the vote.", rng) in {
        "Prices fell after the vote.",
        "Prices rose before the vote.",
    }
    assert add_detail("The bridge opened.", rng).startswith("The bridge opened ")
    assert (
        drop_attribution("The mayor said that the homes would be ready by 2027.") == "The homes would be ready by 2027."
    )
    assert drop_attribution("According to the club, 300 fans travelled by train.") == "300 fans travelled by train."
    assert swap_roles("Arsenal beat Chelsea on Sunday.") == "Chelsea beat Arsenal on Sunday."
    assert swap_roles("The match was on Sunday.") is None
    labels = {p.label for p in edit_pairs(DOCUMENT, random.Random(4), per_document=6)}
    assert PairLabel.SUPPORTED in labels and len(labels) >= 3


def test_shaped_pairs_are_deterministic_per_seed() -> None:
    first = shaped_pairs([DOCUMENT, DOCUMENT[::-1]], seed=5, records=10)
    assert first == shaped_pairs([DOCUMENT, DOCUMENT[::-1]], seed=5, records=10)
    assert first != shaped_pairs([DOCUMENT, DOCUMENT[::-1]], seed=6, records=10)
    kinds = {p.source for p in first}
    assert kinds == {"shaped-multi", "shaped-values", "shaped-edits", "shaped-structured"}


def _dev_file(path: Path, ids: list[str]) -> None:
    """Each example's source names its id in every sentence ('... in zqah.' for id 7)."""
    rows = [
        {
            "id": i,
            "briefing": "The council approved 40 homes.",
            "label": "supported",
            "sources": [{"text": " ".join(f"{s[:-1]} in {_marker(i)}." for s in DOCUMENT)}],
        }
        for i in ids
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _marker(example_id: str) -> str:
    return "zq" + chr(97 + int(example_id[-5:]))


def _cases(path: Path) -> set[str]:
    return {m for p in read_pairs(path) for m in re.findall(r"\bzq[a-z]\b", p.claim + " " + p.evidence)}


def test_build_shaped_writes_the_mix_and_keeps_validation_apart(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    dev.mkdir()
    ids = [f"wice/dev{i:05d}" for i in range(12)]
    for name in ("factcheck-gpt", "summedits", "wice"):
        _dev_file(dev / f"{name}.jsonl", ids if name == "wice" else [])
    nli = [TrainPair(claim=f"c{i}", evidence="e", label=PairLabel.SUPPORTED, source="snli") for i in range(50)]
    write_pairs(tmp_path / "general-train.jsonl", nli)
    write_pairs(tmp_path / "documents-train.jsonl", nli[:5])
    built = build_shaped(tmp_path, dev_dir=dev, corpora_dir=tmp_path / "none", seed=1, total=100)
    assert built.counts["round2-train"] == 100
    mix = read_pairs(tmp_path / "round2-train.jsonl")
    assert sum(p.source.startswith("shaped-") for p in mix) == 40
    validation = {_marker(i) for i in ids if is_validation(i)}
    assert _cases(tmp_path / "shaped-train.jsonl") and not _cases(tmp_path / "shaped-train.jsonl") & validation
    assert _cases(tmp_path / "shaped-heldout.jsonl") <= validation
    again = tmp_path / "again"
    again.mkdir()
    for name in ("general-train", "documents-train"):
        (again / f"{name}.jsonl").write_text((tmp_path / f"{name}.jsonl").read_text())
    build_shaped(again, dev_dir=dev, corpora_dir=tmp_path / "none", seed=1, total=100)
    assert (again / "round2-train.jsonl").read_text() == (tmp_path / "round2-train.jsonl").read_text()
