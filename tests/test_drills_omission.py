"""The omission plant: a mitigating sentence taken out, the key naming its source passage, the sheet, the scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provcheck import Checker, Report
from provcheck.drills import (
    FABRICATIONS,
    AnswerKey,
    LeftOut,
    Mark,
    Plant,
    PlantType,
    make_drill,
    score_answers,
    score_tool,
)
from provcheck.drills.make import apply_plants, plan_plants
from provcheck.drills.score import names_left_out, score_marks
from provcheck.drills.vocab import Vocabulary, build_vocabulary
from provcheck.errors import InputError
from provcheck.ingest import read_document, read_sources
from provcheck.omissions.cues import may_carry_cue
from provcheck.schema import Document

from .conftest import ROOT

SOURCES = ROOT / "corpora" / "demo" / "sources"
SOUND = ROOT / "corpora" / "drills" / "sound-briefing.md"


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


@pytest.mark.parametrize("seed", range(4))
def test_an_omission_takes_out_a_mitigating_sentence_and_the_key_names_its_source(
        seed: int, sound: tuple[str, Report], vocab: Vocabulary, documents: list[Document]) -> None:
    text, report = sound
    doctored, plants = apply_plants(text, plan_plants(text, report, vocab, count=3, seed=seed, omit=2))
    omitted = [p for p in plants if p.type is PlantType.OMISSION]
    assert len(omitted) == 2 and {p.type for p in plants} - {PlantType.OMISSION} <= set(FABRICATIONS)
    sources = {d.path: d.text for d in documents}
    for plant in omitted:
        assert plant.original in text and plant.original not in doctored and may_carry_cue(plant.original)
        assert plant.planted == "" and plant.start == plant.end == plant.sentence_start == plant.sentence_end
        assert sources[plant.source][plant.source_start:plant.source_end] == plant.source_says
        assert "Unconfirmed" not in plant.original  # a hedged claim is not a mitigating fact
    for plant in plants:
        assert doctored[plant.start:plant.end] == plant.planted
    for gap in ("  ", " \n", "\n\n\n"):  # no doubled space, trailing space or empty paragraph left behind
        assert doctored.count(gap) <= text.count(gap), gap


def test_omissions_leave_the_seed_s_fabrications_as_they_are(sound: tuple[str, Report], vocab: Vocabulary) -> None:
    text, report = sound
    plain = plan_plants(text, report, vocab, count=8, seed=5)
    with_omissions = plan_plants(text, report, vocab, count=8, seed=5, omit=1)
    assert [(c.type, c.sentence.start, c.edit) for c in plain] == [
        (c.type, c.sentence.start, c.edit) for c in with_omissions[:8]]
    assert with_omissions[8].type is PlantType.OMISSION


def test_asking_for_more_omissions_than_mitigating_sentences_says_what_to_do(
        sound: tuple[str, Report], vocab: Vocabulary) -> None:
    text, report = sound
    with pytest.raises(InputError, match="--omit"):
        plan_plants(text, report, vocab, count=0, seed=0, omit=20)


def _omission_key() -> AnswerKey:
    text = "Fans came. Kick-off is at 12:30. The pub opened."
    plant = Plant(id="p1", type=PlantType.OMISSION, start=11, end=11, sentence_start=11, sentence_end=11,
                  original="No arrests were made at Kelder Park.", planted="", source="log.txt",
                  source_says="No arrests were made at Kelder Park on 14 March.", source_start=100, source_end=148)
    return AnswerKey(seed=0, briefing="b.txt", doctored_file="briefing.txt", sources="src", text=text, plants=[plant])


def test_a_left_out_answer_catches_the_omission_and_a_mark_beside_it_does_not() -> None:
    key = _omission_key()
    marked = score_marks(key, [Mark(start=0, end=10), Mark(start=11, end=32)], name="ana")
    assert marked.caught == [] and len(marked.false_alarms) == 2
    named = score_marks(key, [], name="bea", left_out=[LeftOut(text="no arrests were made at Kelder Park")])
    assert named.caught == ["p1"] and named.per_type[0].type is PlantType.OMISSION
    wrong = score_marks(key, [], name="cy", left_out=[LeftOut(text="The stewards were on time.")])
    assert wrong.caught == []


def test_the_tool_s_item_catches_it_by_its_place_in_the_source() -> None:
    plant = _omission_key().plants[0]
    assert names_left_out(LeftOut(text="other words", source="log.txt", start=90, end=120), plant)
    assert not names_left_out(LeftOut(text="No arrests were made at Kelder Park", source="log.txt", start=200,
                                      end=240), plant)


def test_answers_name_left_out_statements_in_a_marked_up_copy_or_in_json(tmp_path: Path) -> None:
    key = _omission_key()
    (tmp_path / "key.json").write_text(key.model_dump_json())
    copy = tmp_path / "ana.txt"
    copy.write_text("[[Fans came.]] Kick-off is at 12:30. The pub opened.\n\n"
                    "[[left out: No arrests were made at Kelder Park on 14 March.]]\n")
    score = score_answers(tmp_path, copy)
    assert score.caught == ["p1"] and [(m.start, m.end) for m in score.false_alarms] == [(0, 10)]
    answers = tmp_path / "bea.json"
    answers.write_text(json.dumps([{"left_out": "Nobody was arrested at Kelder Park, no arrests made"}, [0, 10]]))
    assert score_answers(tmp_path, answers).caught == ["p1"]


def test_the_drill_sheet_asks_what_the_briefing_leaves_out_and_the_tool_is_scored_on_it(
        tmp_path: Path, fast_checker: Checker) -> None:
    folder = tmp_path / "drill"
    key = make_drill(SOUND, SOURCES, folder, count=2, seed=3, checker=fast_checker, omit=1)
    assert sum(p.type is PlantType.OMISSION for p in key.plants) == 1
    sheet = (folder / "sheet.md").read_text(encoding="utf-8")
    assert "**2** of its statements" in sheet and "## What does the briefing leave out?" in sheet
    assert "What does the briefing leave out?" in (folder / "sheet.html").read_text(encoding="utf-8")
    tool = score_tool(folder, fast_checker)
    assert tool.left_out and len(tool.caught) + len(tool.missed) == 3
    assert next(p.id for p in key.plants if p.type is PlantType.OMISSION) in tool.caught


def test_a_drill_without_omissions_does_not_ask(tmp_path: Path, fast_checker: Checker) -> None:
    make_drill(SOUND, SOURCES, tmp_path / "drill", count=2, seed=0, checker=fast_checker)
    assert "leave out" not in (tmp_path / "drill" / "sheet.md").read_text(encoding="utf-8")

