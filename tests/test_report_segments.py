"""The briefing pane: every claim marked where its spans stand and linked, overlapping or split claims included."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from provcheck.report import render
from provcheck.report.segments import segments
from provcheck.schema import BriefingRef, ClaimResult, Flag, Report, Span, ToolInfo, Verdict

TEXT = "Gemma Riley, the liaison officer, has told police that she cannot vouch for the fans."


def _claim(cid: str, spans: list[tuple[int, int]], verdict: Verdict, flags: tuple[Flag, ...] = ()) -> ClaimResult:
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    return ClaimResult(id=cid, text=TEXT[start:end], start=start, end=end, sentence=TEXT, verdict=verdict,
                       confidence=0.5, reason=f"reason {cid}", spans=[Span(start=a, end=b) for a, b in spans],
                       flags=list(flags))


def _report(*claims: ClaimResult, text: str = TEXT) -> Report:
    return Report(briefing=BriefingRef(path="b.md", sha256="0"), briefing_text=text, sources=[], claims=list(claims),
                  summary={v: sum(c.verdict is v for c in claims) for v in Verdict}, tool=ToolInfo(version="0"))


def test_a_claim_is_marked_over_its_spans_not_the_whole_sentence() -> None:
    # the demo's c17/c18: c18 starts where c17 does, but its own words are the second half only
    c17 = _claim("c17", [(0, 11), (13, 32)], Verdict.SUPPORTED)
    c18 = _claim("c18", [(55, 85)], Verdict.UNSUPPORTED).model_copy(update={"start": 0, "text": TEXT})
    runs = segments(_report(c17, c18))
    assert "".join(r.text for r in runs) == TEXT
    assert [(r.text, r.ids) for r in runs if r.claims] == [
        ("Gemma Riley", "c17"), ("the liaison officer", "c17"), ("she cannot vouch for the fans.", "c18")]


def test_overlapping_claims_show_the_one_needing_attention_and_link_the_other() -> None:
    outer = _claim("c1", [(0, 85)], Verdict.SUPPORTED)
    inner = _claim("c2", [(55, 85)], Verdict.UNSUPPORTED)
    hidden = _claim("c3", [(60, 70)], Verdict.SUPPORTED)  # wholly inside c2, which needs attention: never shown first
    runs = segments(_report(outer, inner, hidden))
    assert [r.claim.id for r in runs if r.claim] == ["c1", "c2", "c2", "c2"]
    assert {r.ids for r in runs} >= {"c1", "c2 c1", "c2 c3 c1"}
    assert [m.id for r in runs for m in r.marks] == ["c3"]
    html = render(_report(outer, inner, hidden), "html")
    for cid in ("c1", "c2", "c3"):
        assert f'href="#{cid}"' in html.split('<div class="briefing">', 1)[1].split("</div>", 1)[0]
    assert 'class="claim v-unsupported overlap"' in html and 'class="mark v-supported" href="#c3"' in html


def test_a_flagged_supported_claim_wins_a_shared_run() -> None:
    plain = _claim("c1", [(0, 32)], Verdict.SUPPORTED)
    hedged = _claim("c2", [(0, 11)], Verdict.SUPPORTED, (Flag.CERTAINTY_RAISED,))
    runs = segments(_report(plain, hedged))
    assert runs[0].claim is not None and runs[0].claim.id == "c2"


@given(st.lists(st.tuples(st.integers(0, 84), st.integers(1, 30), st.sampled_from(list(Verdict))), max_size=8))
def test_every_claim_is_linked_and_the_text_is_whole(spec: list[tuple[int, int, Verdict]]) -> None:
    claims = [_claim(f"c{i}", [(a, min(85, a + n))], v) for i, (a, n, v) in enumerate(spec, 1)]
    report = _report(*claims)
    runs = segments(report)
    assert "".join(r.text for r in runs) == TEXT.lstrip()
    linked = {r.claim.id for r in runs if r.claim} | {m.id for r in runs for m in r.marks}
    assert linked == {c.id for c in claims}
    pane = render(report, "html").split('<div class="briefing">', 1)[1].split("</div>", 1)[0]
    assert set(re.findall(r'href="#(c\d+)"', pane)) == linked
