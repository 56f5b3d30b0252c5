"""The demo's slanted briefing: every sentence true, its recommendation resting on what it leaves out."""

from __future__ import annotations

import pytest

from provcheck import Checker, Report, Settings, Verdict
from provcheck.ingest import read_sources

from .conftest import DEMO

SLANTED = DEMO / "briefing-slanted.md"
#: What the sources say in the away supporters' favour and the briefing leaves out (any of each group).
PLANTED = {
    "no arrests in March": ("No arrests were made at Kelder Park on 14 March.",
                            "No arrests were made during the operation at Kelder Park on 14 March 2026."),
    "the away pub without incident": ("Around 150 away supporters used The Lamplighter on Canal Street before "
                                      "the match without incident",),
}


def _check(checker: Checker) -> Report:
    return checker.check(SLANTED, sources=DEMO / "sources")


@pytest.fixture(scope="module")
def fast_report() -> Report:
    return _check(Checker(Settings(embedder="hashing", verifier="rules")))


def _listed(report: Report, quotes: tuple[str, ...]) -> bool:
    return any(q in o.quote for o in report.omissions for q in quotes)


def _assert_slanted(report: Report) -> None:
    assert all(c.verdict in {Verdict.SUPPORTED, Verdict.NOT_CHECKABLE} for c in report.claims), [
        (c.text, c.verdict.value) for c in report.claims if c.verdict not in {Verdict.SUPPORTED,
                                                                                Verdict.NOT_CHECKABLE}]
    assert len(report.omissions) == 5
    texts = {d.path: d.text for d in read_sources(DEMO / "sources")}
    for item in report.omissions:
        assert texts[item.source][item.start:item.end] == item.quote
        assert report.briefing_text[item.bears_on_start:item.bears_on_end] == item.bears_on


def test_the_slanted_demo_briefing_is_true_sentence_by_sentence_and_lists_what_it_leaves_out(
        fast_report: Report) -> None:
    _assert_slanted(fast_report)
    assert _listed(fast_report, PLANTED["the away pub without incident"])


@pytest.mark.model
def test_the_default_pipeline_lists_the_planted_omissions_of_the_slanted_demo(real_checker: Checker) -> None:
    report = _check(real_checker)
    _assert_slanted(report)
    assert [name for name, quotes in PLANTED.items() if not _listed(report, quotes)] == []
