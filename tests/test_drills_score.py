"""Drill scoring: arithmetic on hand-made answers, answer formats, the tool's score and the debrief."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from provcheck import Checker
from provcheck.drills import (
    AnswerKey,
    Mark,
    Plant,
    PlantType,
    save_score,
    score_answers,
    score_tool,
    scores_of,
    write_debrief,
)
from provcheck.drills.score import marked_up_spans, read_marks, score_marks
from provcheck.errors import EmptyInputError, InputError

from .conftest import ROOT

TEXT = "Fans came. Some 3,600 travelled. Kick-off is at 17:30. Police said no arrests were made. The pub <b>opened</b>."


def _plant(pid: str, kind: PlantType, planted: str, sentence: str) -> Plant:
    start, s_start = TEXT.index(planted), TEXT.index(sentence)
    return Plant(id=pid, type=kind, start=start, end=start + len(planted), sentence_start=s_start,
                 sentence_end=s_start + len(sentence), original="x", planted=planted, source_says="the source")


@pytest.fixture()
def key() -> AnswerKey:
    return AnswerKey(seed=0, briefing="b.txt", doctored_file="briefing.txt", sources="src", text=TEXT, plants=[
        _plant("p1", PlantType.NUMBER, "3,600", "Some 3,600 travelled."),
        _plant("p2", PlantType.DATE_TIME, "17:30", "Kick-off is at 17:30."),
        _plant("p3", PlantType.NEGATION, "no arrests", "Police said no arrests were made."),
    ])


def test_scoring_counts_caught_missed_and_false_alarms_per_type(key: AnswerKey) -> None:
    marks = [Mark(start=TEXT.index("3,600"), end=TEXT.index("3,600") + 2),   # part of the plant: caught
             Mark(start=TEXT.index("Kick-off"), end=TEXT.index("Kick-off") + 8),  # same sentence: caught
             Mark(start=0, end=9),                                           # "Fans came": false alarm
             Mark(start=TEXT.index("pub"), end=TEXT.index("pub") + 3),       # false alarm
             Mark(start=3, end=3)]                                           # empty: ignored
    score = score_marks(key, marks, name="ana")
    assert score.caught == ["p1", "p2"] and score.missed == ["p3"]
    assert [(m.start, m.end) for m in score.false_alarms] == [(0, 9), (TEXT.index("pub"), TEXT.index("pub") + 3)]
    assert {t.type: (t.caught, t.planted) for t in score.per_type} == {
        PlantType.NUMBER: (1, 1), PlantType.DATE_TIME: (1, 1), PlantType.NEGATION: (0, 1)}
    assert score.detection_rate == pytest.approx(2 / 3)


def test_one_mark_over_two_sentences_catches_both(key: AnswerKey) -> None:
    start = TEXT.index("Some")
    score = score_marks(key, [Mark(start=start, end=TEXT.index("17:30"))], name="bo")
    assert score.caught == ["p1", "p2"] and score.false_alarms == []


def test_no_marks_catch_nothing(key: AnswerKey) -> None:
    score = score_marks(key, [], name="cy")
    assert score.caught == [] and len(score.missed) == 3 and score.detection_rate == 0.0


def test_json_answers_in_every_accepted_shape(key: AnswerKey, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps([{"start": 16, "end": 21}, [33, 54], {"text": "no arrests"}, "Fans came"]))
    marks = read_marks(path, key)
    assert [(m.start, m.end) for m in marks] == [(16, 21), (33, 54), (TEXT.index("no arrests"),
                                                  TEXT.index("no arrests") + 10), (0, 9)]
    assert score_marks(key, marks, name="x").caught == ["p1", "p2", "p3"]


@pytest.mark.parametrize("content", ['{"start": 1}', '[{"start": 5, "end": 9999}]', '["not in the text"]', "nope"])
def test_bad_json_answers_say_what_to_do(key: AnswerKey, tmp_path: Path, content: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(content)
    with pytest.raises(InputError):
        read_marks(path, key)


def test_a_marked_up_copy_gives_spans_in_the_briefing(key: AnswerKey, tmp_path: Path) -> None:
    path = tmp_path / "ana.txt"
    path.write_text(TEXT.replace("Kick-off is at 17:30.", "[[Kick-off is at 17:30.]]").replace("pub", "[[pub]]"))
    marks = read_marks(path, key)
    assert [TEXT[m.start:m.end] for m in marks] == ["Kick-off is at 17:30.", "pub"]


def test_marked_up_text_that_was_edited_elsewhere_still_finds_its_fragments() -> None:
    marks = marked_up_spans("Intro added. Fans [[came]]. Some [[3,600]] travelled.", TEXT)
    assert [TEXT[m.start:m.end] for m in marks] == ["came", "3,600"]


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drills") / "drill-1-md"
    shutil.copytree(ROOT / "corpora" / "drills" / "drill-1-md", folder)
    return folder


def test_the_tool_is_scored_like_a_trainee_and_the_debrief_shows_both(
        drill: Path, fast_checker: Checker, tmp_path: Path) -> None:
    key = json.loads((drill / "key.json").read_text())
    answers = tmp_path / "bea.json"
    answers.write_text(json.dumps([key["plants"][0]["planted"], key["plants"][1]["planted"]]))
    trainee = score_answers(drill, answers, name="Bea <script>")
    tool = score_tool(drill, fast_checker, sources=ROOT / "corpora" / "demo" / "sources")
    assert len(trainee.caught) == 2 and trainee.false_alarms == []
    assert len(tool.caught) + len(tool.missed) == 8 and len(tool.caught) >= 5
    save_score(drill, trainee)
    save_score(drill, tool)
    assert [s.name for s in scores_of(drill)] == ["Bea <script>", "provcheck"]
    html = write_debrief(drill).read_text(encoding="utf-8")
    assert "Bea &lt;script&gt;" in html and "<script>" not in html
    assert all(p["id"] in html for p in key["plants"]) and "What gives it away" in html


def test_a_folder_without_a_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EmptyInputError, match="drill make"):
        score_answers(tmp_path, tmp_path / "a.json")


@pytest.mark.parametrize("doctored", ["../../outside.txt", "/etc/passwd", "briefing.html"])
def test_a_key_naming_a_file_outside_its_folder_is_refused(key: AnswerKey, tmp_path: Path, doctored: str) -> None:
    data = key.model_dump()
    data["doctored_file"] = doctored
    (tmp_path / "key.json").write_text(json.dumps(data))
    with pytest.raises(InputError, match="not a drill answer key"):
        score_answers(tmp_path, tmp_path / "a.json")


@pytest.mark.model
def test_the_real_pipeline_catches_most_plants_of_a_ready_drill(drill: Path, real_checker: Checker) -> None:
    score = score_tool(drill, real_checker, sources=ROOT / "corpora" / "demo" / "sources")
    assert len(score.caught) >= 5 and len(score.false_alarms) <= 3
