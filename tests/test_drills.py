"""Drills library: plants read cleanly, key spans slice the doctored text, seeds are deterministic."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from provcheck import Checker, Report, Verdict
from provcheck.claims.nlp import load_nlp
from provcheck.drills import FABRICATIONS, PlantType, make_drill
from provcheck.drills.files import load_key
from provcheck.drills.make import apply_plants, plan_plants, reads_cleanly
from provcheck.drills.plants import Context, date_time, dropped_hedge, exaggeration, negation, number, swap
from provcheck.drills.vocab import Vocabulary, build_vocabulary
from provcheck.errors import InputError, UnsupportedFormatError
from provcheck.ingest import read_document, read_sources
from provcheck.schema import Document, Flag

from .conftest import ROOT

DRILLS = ROOT / "corpora" / "drills"
SOURCES = ROOT / "corpora" / "demo" / "sources"
SOUND = DRILLS / "sound-briefing.md"


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return read_sources(SOURCES)


@pytest.fixture(scope="module")
def vocab(documents: list[Document]) -> Vocabulary:
    return build_vocabulary(documents)


@pytest.fixture(scope="module")
def sound(fast_checker: Checker, documents: list[Document]) -> tuple[str, Report]:
    text = read_document(SOUND).text
    return text, fast_checker.check_text(text, documents)


def _sent(text: str):  # type: ignore[no-untyped-def]
    return next(load_nlp()(text).sents)


def _ctx(vocab: Vocabulary | None = None, seed: int = 0) -> Context:
    return Context(rng=random.Random(seed), vocab=vocab or Vocabulary())


def _apply(text: str, edit) -> str:  # type: ignore[no-untyped-def]
    return text[:edit.start] + edit.text + text[edit.end:]


def test_the_sound_briefing_is_supported_claim_by_claim(sound: tuple[str, Report]) -> None:
    _, report = sound
    wrong = [(c.text, c.verdict.value, c.reason) for c in report.claims
             if c.verdict is not Verdict.SUPPORTED or Flag.CERTAINTY_RAISED in c.flags]
    assert len(report.claims) >= 25
    assert wrong == []


@pytest.mark.parametrize("seed", range(6))
def test_plants_read_cleanly_and_key_spans_slice_the_doctored_text(
        seed: int, sound: tuple[str, Report], vocab: Vocabulary) -> None:
    text, report = sound
    doctored, plants = apply_plants(text, plan_plants(text, report, vocab, count=8, seed=seed))
    assert {p.type for p in plants} == set(FABRICATIONS)
    for plant in plants:
        assert doctored[plant.start:plant.end] == plant.planted
        assert plant.planted and plant.planted != plant.original
        sentence = doctored[plant.sentence_start:plant.sentence_end]
        assert plant.sentence_start <= plant.start < plant.end <= plant.sentence_end
        assert len(list(load_nlp()(sentence).sents)) == 1, sentence
        assert not re.search(r"\b(\w+)\s+\1\b", sentence, re.I), sentence
        assert not sentence[:1].islower() and sentence.endswith("."), sentence
    untouched = [p for p in plants if p.type is not PlantType.INVENTED_INCIDENT]
    assert all(p.original in text for p in untouched)


def test_the_same_seed_makes_the_same_drill_and_another_seed_another(
        sound: tuple[str, Report], vocab: Vocabulary) -> None:
    text, report = sound

    def run(seed: int) -> tuple[str, list[dict]]:
        doctored, plants = apply_plants(text, plan_plants(text, report, vocab, count=8, seed=seed))
        return doctored, [p.model_dump() for p in plants]

    assert run(11) == run(11)
    assert run(11)[0] != run(12)[0]


def test_asking_for_more_plants_than_sentences_says_what_to_do(
        sound: tuple[str, Report], vocab: Vocabulary) -> None:
    text, report = sound
    with pytest.raises(InputError, match="--count"):
        plan_plants(text, report, vocab, count=200, seed=0)


def test_vocabulary_sorts_real_names_by_kind(vocab: Vocabulary) -> None:
    assert {"Eastmoor Rovers", "Harrowgate Town", "Oldfield Athletic"} <= set(vocab.names["club"])
    assert "Westmarch Constabulary" in vocab.names["force"]
    assert {"Gemma Riley", "Dana Okafor"} <= set(vocab.names["person"])
    assert "Liaison Officer" not in vocab.names["person"]
    assert "Saturday 14 March 2026" in vocab.dates


def test_negation_inserts_not_or_removes_it() -> None:
    for before, after in [
        ("Police will deploy 8 officers on the train.", "Police will not deploy 8 officers on the train."),
        ("Around 150 supporters used The Lamplighter.", "Around 150 supporters did not use The Lamplighter."),
        ("No arrests were made at Kelder Park.", "Arrests were made at Kelder Park."),
        ("The supporter was not arrested.", "The supporter was arrested."),
    ]:
        edit = negation(_sent(before), _ctx())
        assert edit is not None and _apply(before, edit) == after


def test_dropped_hedge_removes_hedges_and_attribution() -> None:
    for before, after in [
        ("Unconfirmed reports suggest that around 60 supporters plan to travel by train.",
         "Around 60 supporters plan to travel by train."),
        ("The group reportedly intends to catch the 10:04 service.", "The group intends to catch the 10:04 service."),
        ("An anonymous caller alleged that fans intend to confront coaches.", "Fans intend to confront coaches."),
    ]:
        edit = dropped_hedge(_sent(before), _ctx())
        assert edit is not None and _apply(before, edit) == after
    assert dropped_hedge(_sent("Kick-off is at 12:30."), _ctx()) is None


def test_number_date_swap_and_intensity_change_the_sentence(vocab: Vocabulary) -> None:
    text = "About 900 Harrowgate Town supporters attended the fixture at Kelder Park on Saturday 14 March 2026."
    grown = number(_sent(text), _ctx(vocab))
    assert grown is not None and text[grown.start:grown.end] == "900" and int(grown.text.replace(",", "")) > 900
    moved = date_time(_sent(text), _ctx(vocab))
    assert moved is not None and re.fullmatch(r"\w+day \d{1,2} \w+ 2026", moved.text)
    assert moved.text != "Saturday 14 March 2026"
    swapped = swap(_sent(text), _ctx(vocab))
    assert swapped is not None and vocab.kind_of(text[swapped.start:swapped.end]) == vocab.kind_of(swapped.text)
    stronger = exaggeration(_sent("One officer suffered a minor hand injury."), _ctx())
    assert stronger is not None and stronger.text == "serious"


def test_reads_cleanly_rejects_doubled_words_and_two_sentences() -> None:
    assert reads_cleanly("Fans did not travel.")
    assert not reads_cleanly("Fans did not not travel.")
    assert not reads_cleanly("Fans travelled. Police watched them closely all afternoon.")


@pytest.mark.parametrize("name", ["sound-briefing.md", "sound-briefing.txt", "sound-briefing.docx"])
def test_make_drill_writes_the_briefing_in_its_format_key_and_sheets(
        name: str, tmp_path: Path, fast_checker: Checker) -> None:
    key = make_drill(DRILLS / name, SOURCES, tmp_path / "drill", count=5, seed=3, checker=fast_checker)
    folder = tmp_path / "drill"
    assert key.doctored_file == f"briefing{Path(name).suffix}"
    assert read_document(folder / key.doctored_file).text == key.text
    assert load_key(folder) == key
    assert (folder / key.sources).resolve() == SOURCES.resolve()
    html = (folder / "sheet.html").read_text(encoding="utf-8")
    assert "<strong>5</strong>" in html and "intel-report-0419.txt" in html
    assert "**5**" in (folder / "sheet.md").read_text(encoding="utf-8")
    for plant in key.plants:
        assert key.text[plant.start:plant.end] == plant.planted


def test_the_sheet_escapes_what_it_quotes(tmp_path: Path, fast_checker: Checker) -> None:
    briefing = tmp_path / "b.txt"
    briefing.write_text(read_document(DRILLS / "sound-briefing.txt").text.replace(
        "Chief Inspector", "<script>alert(1)</script> Chief Inspector"), encoding="utf-8")
    make_drill(briefing, SOURCES, tmp_path / "drill", count=3, seed=0, checker=fast_checker)
    html = (tmp_path / "drill" / "sheet.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_briefing_format_drills_cannot_write_is_refused(tmp_path: Path, fast_checker: Checker) -> None:
    briefing = tmp_path / "b.html"
    briefing.write_text("<p>" + read_document(DRILLS / "sound-briefing.txt").text + "</p>", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="txt"):
        make_drill(briefing, SOURCES, tmp_path / "drill", count=2, seed=0, checker=fast_checker)


@pytest.mark.parametrize("folder", ["drill-1-md", "drill-2-txt", "drill-3-docx"])
def test_the_ready_drills_are_consistent(folder: str) -> None:
    key = load_key(DRILLS / folder)
    assert read_document(DRILLS / folder / key.doctored_file).text == key.text
    assert len(key.plants) == 8 and {p.type for p in key.plants} == set(FABRICATIONS)
    assert all(key.text[p.start:p.end] == p.planted for p in key.plants)
    assert (DRILLS / folder / key.sources).resolve() == SOURCES.resolve()
