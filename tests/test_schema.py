"""The records: a claim's need for attention is its verdict's or its flags', and the JSON report says it."""

from __future__ import annotations

import json

import pytest

from provcheck.ledger.testing import tiny_report
from provcheck.schema import ATTENTION_FLAGS, Flag, Report, Verdict


@pytest.mark.parametrize("flag", ["certainty_raised", "attribution_dropped", "weak_sources_only", "exaggerated"])
def test_a_supported_claim_with_a_warning_flag_needs_attention(flag: str) -> None:
    report = tiny_report("Fans plan to meet at The Lamplighter.", verdict="supported", flags=[flag])
    claim = report.claims[0]
    assert claim.verdict is Verdict.SUPPORTED and not claim.verdict.needs_attention  # the verdict's own rule stays
    assert claim.needs_attention and report.needs_attention and report.attention == [claim]


@pytest.mark.parametrize("flag", sorted(set(Flag) - ATTENTION_FLAGS))
def test_other_flags_leave_a_supported_claim_alone(flag: str) -> None:
    report = tiny_report("Kick-off is at 12:30.", verdict="supported", flags=[flag])
    assert not report.claims[0].needs_attention and not report.needs_attention and report.attention == []


def test_the_json_report_says_needs_attention_per_claim_and_reads_back() -> None:
    flagged = tiny_report("Fans plan to meet at The Lamplighter.", verdict="supported", flags=["certainty_raised"])
    data = json.loads(flagged.model_dump_json())
    assert data["claims"][0]["needs_attention"] is True
    assert json.loads(tiny_report(verdict="supported").model_dump_json())["claims"][0]["needs_attention"] is False
    assert Report.model_validate(data) == flagged  # the derived field is recomputed, not refused as extra
    data["claims"][0]["needs_attention"] = False  # a stale or edited copy cannot hide the flag
    assert Report.model_validate(data).claims[0].needs_attention
