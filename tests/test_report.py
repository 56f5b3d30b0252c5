"""Reports: the JSON contract, escaping of everything quoted, every format renders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provcheck import Checker, Report, Verdict
from provcheck.report import FORMATS, render


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "src").mkdir()
    (folder / "src" / "a.txt").write_text(
        "<script>alert(1)</script> About 1,200 fans attended the match at Kelder Park.\n", encoding="utf-8")
    (folder / "b.md").write_text(
        "About 5,000 fans attended the match at Kelder Park <img src=x onerror=alert(2)>.\n", encoding="utf-8")
    from provcheck import Settings

    return Checker(Settings(embedder="hashing")).check(folder / "b.md", sources=folder / "src")


def test_json_contract(hostile_report: Report) -> None:
    data = json.loads(render(hostile_report, "json"))
    assert set(data["briefing"]) >= {"path", "sha256"}
    assert set(data["sources"][0]) >= {"path", "sha256", "title"}
    claim = data["claims"][0]
    assert set(claim) >= {"id", "text", "start", "end", "verdict", "confidence", "reason", "flags", "evidence"}
    assert set(claim["evidence"][0]) >= {"source", "start", "end", "quote", "score"}
    assert set(data["summary"]) == {"supported", "partial", "contradicted", "unsupported", "conflicting",
                                    "not_checkable"}
    assert set(data["tool"]) >= {"version", "models"}
    assert Report.model_validate(data) == hostile_report


def test_html_escapes_quotes(hostile_report: Report) -> None:
    html = render(hostile_report, "html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'class="claim v-contradicted"' in html


def test_markdown_escapes_html(hostile_report: Report) -> None:
    md = render(hostile_report, "markdown")
    assert "<img" not in md and "<script>" not in md and "CONTRADICTED" in md


def test_all_formats_render(hostile_report: Report, tmp_path: Path) -> None:
    for fmt in FORMATS:
        assert render(hostile_report, fmt).strip()
    assert "contradicted" in render(hostile_report, "terminal")
    assert render(hostile_report, "csv").splitlines()[0].startswith("id,start,end,verdict")


def test_html_report_explains_flags_and_missing_details(fast_checker: Checker) -> None:
    from .conftest import DEMO

    html = render(fast_checker.check(DEMO / "briefing.md", sources=DEMO / "sources"), "html")
    assert "40 official coaches" in html and "14 official coaches" in html  # the clash, side by side
    assert "certainty raised: The briefing states" in html
    assert "graded A1 (Admiralty A1: source completely reliable" in html


def test_a_flagged_supported_claim_is_counted_and_coloured_as_needing_attention() -> None:
    from provcheck.ledger.testing import tiny_report

    report = tiny_report("Fans plan to meet at The Lamplighter.", verdict="supported", flags=["certainty_raised"])
    html = render(report, "html")
    assert "1 NEEDS ATTENTION (1 of them supported but flagged)" in html
    assert 'class="claim v-supported flagged"' in html and "supported, needs attention" in html
    terminal = render(report, "terminal")
    assert "supported," in terminal and "attention" in terminal.split("supported,", 1)[1]  # the label wraps
    assert "SUPPORTED, NEEDS ATTENTION" in render(report, "markdown")
    assert render(report, "csv").splitlines()[1].endswith(",true")
    plain = tiny_report("Kick-off is at 12:30.", verdict="supported", flags=["single_source"])
    assert "nothing needs attention" in render(plain, "html") and 'v-supported flagged"' not in render(plain, "html")


def test_html_report_links_every_demo_claim_from_the_briefing(fast_checker: Checker) -> None:
    from .conftest import DEMO

    report = fast_checker.check(DEMO / "briefing.md", sources=DEMO / "sources")
    pane = render(report, "html").split('<div class="briefing">', 1)[1].split("</div>", 1)[0]
    for claim in report.claims:  # c18 shares its start with c17: it was hidden behind it
        assert f'href="#{claim.id}"' in pane, claim.id
    shared = [c for c in report.claims if any(o.start == c.start and o.id != c.id for o in report.claims)]
    assert shared, "the demo has claims that start together (c17 and c18)"


def test_static_report_reads_easily() -> None:
    from provcheck.ledger.testing import tiny_report
    from provcheck.schema import Evidence

    line = "**Subject:** Kick-off moved to _12:30_."
    report = tiny_report("Kick-off is at 12:30.", verdict="supported")
    ev = Evidence(source="slo-email.md", sha256="0" * 64, start=0, end=len(line), quote=line, score=0.9,
                  stance="supports")
    report.claims[0].evidence.append(ev)
    html = render(report, "html")
    legend = html.split('id="legend">', 1)[1].split("</p>", 1)[0]
    for verdict in Verdict:
        assert f'class="key v-{verdict.value}"' in legend
    assert "supported, needs attention" in legend and "double underline" in legend
    assert ".briefing-pane { position: sticky" in html and '<section class="briefing-pane">' in html
    assert "confidence in this verdict 0.90" in html and ", confidence 0." not in html
    assert "<blockquote>Subject: Kick-off moved to 12:30.</blockquote>" in html and "**" not in html
    assert line in render(report, "json")  # the JSON keeps the quote verbatim


def left_out_report(note: str | None = None) -> Report:
    """A one-claim report with one hostile left-out statement (markup, a formula, a script tag)."""
    from provcheck.ledger.testing import tiny_report
    from provcheck.schema import Omission

    report = tiny_report("We recommend a banning order for <b>Reid</b>.", verdict="not_checkable")
    quote = "=HYPERLINK(1) The CCTV image is <script>alert(3)</script> not *good* enough for an identification."
    item = Omission(id="o1", quote=quote, source="cctv-log.txt", sha256="0" * 64, start=4, end=4 + len(quote),
                    grading="B2", why="It says the subject was not identified (\u201cnot good enough\u201d).",
                    cues=["not good enough"], bears_on=report.briefing_text, bears_on_start=0,
                    bears_on_end=len(report.briefing_text), bears_on_conclusion=True, claim_ids=["c1"], score=0.73)
    return report.model_copy(update={"omissions": [item], "omissions_note": note})


def test_every_format_shows_what_the_briefing_leaves_out_escaped() -> None:
    report = left_out_report()
    html = render(report, "html")
    section = html.split('<section class="omissions" id="omissions">', 1)[1].split("</section>", 1)[0]
    assert "<h2>Left out by the briefing</h2>" in section and "<script>" not in html and "<b>Reid" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in section and "&lt;b&gt;Reid&lt;/b&gt;" in section
    assert "cctv-log.txt [4:" in section and "grading B2" in section and "score 0.73" in section
    assert 'href="#c1"' in section and "conclusion" in section
    md = render(report, "markdown").split("## Left out by the briefing", 1)[1]
    assert "<script>" not in md and "&lt;script&gt;" in md and "not \\*good\\* enough" in md
    assert "**o1** `cctv-log.txt` [4:" in md and "graded B2, score 0.73" in md and "&lt;b&gt;Reid" in md
    terminal = " ".join(render(report, "terminal").split())
    assert "Left out by the briefing" in terminal and "<script>alert(3)</script>" in terminal  # plain text
    assert "score 0.73" in terminal and "Bears on the briefing's conclusion" in terminal


def test_csv_lists_what_is_left_out_as_rows_with_formulas_neutralised() -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(render(left_out_report(), "csv"))))
    assert [r["id"] for r in rows] == ["c1", "o1"]
    row = rows[1]
    assert row["verdict"] == "left_out" and row["confidence"] == "0.73" and row["source"] == "cctv-log.txt"
    assert row["quote"].startswith("'=HYPERLINK(1)") and row["text"].startswith("We recommend")
    noted = left_out_report("-none listed").model_copy(update={"omissions": []})
    last = list(csv.DictReader(io.StringIO(render(noted, "csv"))))[-1]
    assert last["id"] == "omissions" and last["reason"] == "'-none listed"


def test_the_note_shows_when_nothing_is_left_out_and_nothing_when_not_looked_for() -> None:
    note = "none listed: no source statement about its subjects carries a weakening cue"
    report = left_out_report(note).model_copy(update={"omissions": []})
    for fmt in ("html", "markdown", "terminal", "csv"):
        text = " ".join(render(report, fmt).split())
        assert note in text, fmt
        assert "Left out by the briefing" in text or fmt == "csv", fmt
    silent = report.model_copy(update={"omissions_note": None})
    for fmt in ("html", "markdown", "terminal", "csv"):
        assert "Left out by the briefing" not in render(silent, fmt) and "left_out" not in render(silent, fmt)
    data = json.loads(render(left_out_report(), "json"))["omissions"][0]
    assert set(data) >= {"quote", "source", "start", "end", "grading", "bears_on", "bears_on_start",
                         "bears_on_end", "score"}
