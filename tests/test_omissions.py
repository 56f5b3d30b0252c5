"""What the briefing leaves out: selection, ranking, the yardstick and bad input (rules pipeline, hashing embedder)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from provcheck import Checker, Settings
from provcheck.errors import InputError
from provcheck.omissions.yardstick import checking, load_scenarios, score
from provcheck.schema import Document

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "corpora" / "omissions"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Settings(embedder="hashing", verifier="rules", omissions=True))


@pytest.fixture(scope="module")
def reid():
    return next(s for s in load_scenarios(SCENARIOS) if s.id.endswith("o01-banning-order-reid"))


def test_slanted_briefing_lists_what_it_leaves_out_with_offsets(checker, reid) -> None:
    documents = [s.document() for s in reid.sources]
    report = checking(checker)(reid.slanted, documents, reid.briefing_date)
    texts = {d.path: d.text for d in documents}
    assert report.omissions, report.omissions_note
    assert [o.id for o in report.omissions] == [f"o{i}" for i in range(1, len(report.omissions) + 1)]
    assert [o.score for o in report.omissions] == sorted((o.score for o in report.omissions), reverse=True)
    for item in report.omissions:
        assert texts[item.source][item.start:item.end] == item.quote
        assert report.briefing_text[item.bears_on_start:item.bears_on_end] == item.bears_on
    quotes = " ".join(o.quote for o in report.omissions)
    assert "not good enough for an identification" in quotes


def test_faithful_briefing_lists_less_and_yardstick_scores_it(checker, reid) -> None:
    documents = [s.document() for s in reid.sources]
    run = checking(checker)
    slanted = run(reid.slanted, documents, reid.briefing_date)
    faithful = run(reid.faithful, documents, reid.briefing_date)
    result = score(reid, slanted, faithful)
    assert result.found >= 2 and result.faithful_items <= 1
    assert not any("not good enough" in o.quote for o in faithful.omissions)


def _docs(*texts: str) -> list[Document]:
    return [Document(path=f"s{i}.txt", sha256=str(i) * 64, text=t) for i, t in enumerate(texts)]


def test_no_conclusion_is_not_looked_for_by_default() -> None:
    auto = Checker(Settings(embedder="hashing", verifier="rules"))
    docs = _docs("Dean Marsh was arrested at 21:31. No punch is seen on the footage of Dean Marsh.")
    report = checking_auto(auto)("Dean Marsh was arrested at 21:31.", docs)
    assert report.omissions == [] and "no conclusion or recommendation" in (report.omissions_note or "")


def test_no_conclusion_with_omissions_on_lists_for_claims(checker) -> None:
    docs = _docs("Dean Marsh was arrested at 21:31. No punch is seen on the footage of Dean Marsh.")
    report = checking(checker)("Dean Marsh was arrested at 21:31.", docs, None)
    assert [o.quote for o in report.omissions] == ["No punch is seen on the footage of Dean Marsh."]
    assert "no conclusion or recommendation" in (report.omissions_note or "")


def test_sources_that_all_say_the_same_thing_list_nothing(checker) -> None:
    same = "Dean Marsh was arrested outside the shop at 21:31."
    report = checking(checker)(same + " We recommend a charge.", _docs(same, same, same), None)
    assert report.omissions == [] and (report.omissions_note or "").startswith("none listed")


def test_non_english_briefing_is_skipped_with_a_warning(checker, caplog) -> None:
    text = "Les supporters sont arrivés à la gare avant le match. Nous recommandons une interdiction pour le club."
    report = checking(checker)(text, _docs("No arrests were made at the station."), None)
    assert report.omissions == [] and "not in English" in (report.omissions_note or "")
    assert any("not in English" in r.getMessage() for r in caplog.records)


def test_a_source_of_5000_sentences_is_bounded(checker) -> None:
    lines = [f"{i:05d} Dean Marsh was not arrested at the station and no injuries were reported." for i in range(5000)]
    started = time.perf_counter()
    report = checking(checker)("Dean Marsh was seen at the station. We recommend a banning order.",
                               _docs("\n".join(lines)), None)
    assert len(report.omissions) <= checker.settings.omissions_top
    assert time.perf_counter() - started < 120


def test_a_bad_scenario_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: x\ntitle: t\nsources: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.yaml"):
        load_scenarios(tmp_path)


def checking_auto(auto: Checker):
    """Like :func:`checking`, for a checker left on its default (omissions when the briefing concludes)."""
    from provcheck.corpus import Store

    def run(text: str, documents: list[Document]):
        store = Store(":memory:", auto.embedder)
        store.update(documents)
        try:
            return auto.check_document(Document(path="b.md", sha256="0" * 64, text=text), store,
                                       require_checkable=False)
        finally:
            store.close()
    return run


def test_a_passage_quoted_for_another_part_of_it_is_still_left_out(checker) -> None:
    source = "Kai Benton is a pupil at Hollybrook Academy and has no record of violent behaviour at the school."
    report = checking(checker)("Kai Benton is a pupil at Hollybrook Academy. We recommend a police referral.",
                               _docs(source), None)
    assert [o.quote for o in report.omissions] == [source]
    stated = checking(checker)("Kai Benton is a pupil at Hollybrook Academy and has no record of violent "
                               "behaviour at the school. We recommend a police referral.", _docs(source), None)
    assert stated.omissions == []


def test_a_negated_subject_and_an_unknown_author_are_cues() -> None:
    from provcheck.claims.nlp import load_nlp
    from provcheck.omissions.cues import cues_in

    kinds = [{c.kind for c in cues_in(load_nlp()(text))} for text in (
        "No person at the address has any conviction or caution for drug offences.",
        "Forensic examination found no fingerprints or DNA at any of the addresses.",
        "The author of the post is unknown.",
        "Ticket sales for that service are at normal Saturday levels.")]
    assert kinds == [{"no_proof"}, {"no_proof"}, {"doubt"}, {"ordinary"}]


def test_source_passages_are_parsed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from provcheck.omissions import candidates
    from provcheck.omissions.cues import CUES_FILE

    real = candidates.load_nlp()
    seen: list[str] = []

    class Counting:
        def pipe(self, texts):  # type: ignore[no-untyped-def]
            texts = list(texts)
            seen.extend(texts)
            return real.pipe(texts)

    monkeypatch.setattr(candidates, "load_nlp", Counting)
    monkeypatch.setattr(candidates, "_READ", {})
    texts = ["No arrests were made.", "The CCTV image is not good enough for an identification."]
    first = candidates._read(texts, CUES_FILE)
    again = candidates._read([*texts, texts[0]], CUES_FILE)
    assert seen == texts and again == [*first, first[0]]
    assert first[0][2] and first[0][0]  # the parse is kept: a negation, and a cue
