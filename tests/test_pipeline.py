"""The whole pipeline with the real models, on the demo case and its answer key."""

from __future__ import annotations

from pathlib import Path

import pytest

from provcheck import Checker, Report, Verdict, check
from provcheck.errors import CorpusError, EmptyInputError
from provcheck.ingest import read_sources

from .conftest import DEMO

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def demo_report(real_checker: Checker) -> Report:
    return real_checker.check(DEMO / "briefing.md", sources=DEMO / "sources")


def _expected_verdicts(report: Report, expected: dict) -> list[tuple[str, Verdict, str]]:
    text = report.briefing_text
    rows = []
    for item in expected["claims"]:
        start = text.index(item["quote"])
        end = start + len(item["quote"])
        claims = [c for c in report.claims if c.start < end and c.end > start]
        assert claims, f"no claim covers {item['quote']!r}"
        worst = next((c.verdict for c in claims if c.verdict.needs_attention), claims[0].verdict)
        rows.append((item["quote"], worst, item["verdict"]))
    return rows


def test_demo_flags_every_fabrication_and_contradiction(demo_report: Report, demo_expected: dict) -> None:
    rows = _expected_verdicts(demo_report, demo_expected)
    missed = [q for q, got, want in rows if want in {"contradicted", "unsupported"} and not got.needs_attention]
    assert missed == []


def test_demo_supported_claims_stay_supported(demo_report: Report, demo_expected: dict) -> None:
    rows = _expected_verdicts(demo_report, demo_expected)
    false_alarms = [q for q, got, want in rows if want == "supported" and got is not Verdict.SUPPORTED]
    # README, "Demo": one known false alarm (a March coach arrival time read as a conflict).
    assert len(false_alarms) <= 1, false_alarms


def test_demo_exact_verdicts(demo_report: Report, demo_expected: dict) -> None:
    rows = _expected_verdicts(demo_report, demo_expected)
    exact = sum(got.value == want for _, got, want in rows)
    assert exact >= len(rows) - 2, [(q, got.value, want) for q, got, want in rows if got.value != want]


def test_contradiction_shows_both_values(demo_report: Report) -> None:
    kick_off = next(c for c in demo_report.claims if "17:30" in c.text)
    assert kick_off.verdict is Verdict.CONTRADICTED
    assert kick_off.briefing_value == "17:30" and kick_off.source_value == "12:30"


def test_every_quote_is_a_verbatim_slice(demo_report: Report) -> None:
    texts = {d.path: d.text for d in read_sources(DEMO / "sources")}
    quotes = [e for c in demo_report.claims for e in c.evidence]
    assert quotes
    for ev in quotes:
        assert texts[ev.source][ev.start:ev.end] == ev.quote
    assert all(demo_report.briefing_text[c.start:c.end] == c.text for c in demo_report.claims)


def test_dropped_hedge_is_flagged(demo_report: Report) -> None:
    claim = next(c for c in demo_report.claims if c.text.startswith("Around 60"))
    assert claim.verdict is Verdict.SUPPORTED and "certainty_raised" in {f.value for f in claim.flags}


def test_check_with_an_index(real_checker: Checker, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    stats = real_checker.index(DEMO / "sources", db)
    assert stats["added"] == 12
    report = check(DEMO / "briefing.md", db=db)
    assert report.summary[Verdict.CONTRADICTED] >= 4 and report.needs_attention


def test_bad_inputs(real_checker: Checker, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(EmptyInputError, match="empty"):
        real_checker.check(empty, sources=DEMO / "sources")
    opinions = tmp_path / "opinions.md"
    opinions.write_text("We recommend caution. Is this wise?", encoding="utf-8")
    with pytest.raises(EmptyInputError, match="no checkable"):
        real_checker.check(opinions, sources=DEMO / "sources")
    with pytest.raises(CorpusError, match="provcheck index"):
        real_checker.check(DEMO / "briefing.md", db=tmp_path / "missing.db")
