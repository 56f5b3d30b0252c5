"""Look-alike names: homoglyphs, zero-width and bidirectional characters inside names are flagged, not matched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from provcheck import Checker
from provcheck.claims import extract_claims
from provcheck.config import Settings
from provcheck.errors import SignoffRefusedError
from provcheck.ledger import Ledger
from provcheck.report import render
from provcheck.schema import Document, Flag, Passage, Verdict
from provcheck.verify import SourceFacts, decide, judge
from provcheck.verify.lookalike import Spellings, lookalike_notes, odd_characters, skeleton, visible

CYRILLIC_O = "\u043e"
LOG = "About 1,200 Hollinsby fans travelled to Kelder Park on Saturday 3 October 2026.\n"


def _decide(claim_text: str, sources: dict[str, str]):  # type: ignore[no-untyped-def]
    (claim,) = extract_claims(claim_text)
    judgements = [judge(claim, Passage(id=i, document=name, sha256="0" * 64, text=text, start=0, end=len(text)),
                        0.9, entity_match=0.85) for i, (name, text) in enumerate(sources.items())]
    return decide(claim, judgements, SourceFacts(grading={}, texts=sources), Settings())


def _document(path: str, text: str) -> Document:
    return Document(path=path, sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)


def _lookalike(result):  # type: ignore[no-untyped-def]
    return [n for n in result.notes if n.flag is Flag.LOOKALIKE_NAME]


def test_a_cyrillic_o_in_the_briefing_is_flagged_with_both_spellings() -> None:
    result = _decide(f"About 1,200 H{CYRILLIC_O}llinsby fans travelled to Kelder Park.", {"log.txt": LOG})
    (note,) = _lookalike(result)
    assert Flag.LOOKALIKE_NAME in result.flags and result.needs_attention
    assert (note.briefing, note.source, note.document) == (f"H{CYRILLIC_O}llinsby", "Hollinsby", "log.txt")
    assert "CYRILLIC SMALL LETTER O (U+043E)" in note.reason and note.reason in result.reason


def test_a_cyrillic_o_in_a_source_is_flagged_for_the_latin_briefing() -> None:
    source = LOG.replace("Hollinsby", f"H{CYRILLIC_O}llinsby")
    result = _decide("About 1,200 Hollinsby fans travelled to Kelder Park.", {"log.txt": source})
    (note,) = _lookalike(result)
    assert (note.briefing, note.source) == ("Hollinsby", f"H{CYRILLIC_O}llinsby")
    assert "\u201cH\u043ellinsby\u201d has CYRILLIC SMALL LETTER O (U+043E)" in note.reason
    assert result.needs_attention


@pytest.mark.parametrize(("char", "named"), [("\u200b", "ZERO WIDTH SPACE (U+200B)"),
                                              ("\u202e", "RIGHT-TO-LEFT OVERRIDE (U+202E)")])
def test_an_invisible_character_inside_a_name_is_named_and_shown(char: str, named: str) -> None:
    result = _decide(f"About 1,200 Hollin{char}sby fans travelled to Kelder Park.", {"log.txt": LOG})
    (note,) = _lookalike(result)
    code = named[-7:-1]
    assert note.briefing == f"Hollin[{code}]sby" and note.source == "Hollinsby"
    assert named in note.reason and char not in note.reason


def test_accented_names_are_ordinary_letters() -> None:
    assert odd_characters("Zoë Müller, Ångström, İstanbul, ofﬁce") == []
    assert lookalike_notes("Zoë Müller led the stewards.", Spellings({"log.txt": "Zoe Muller led the stewards."})) == []
    assert lookalike_notes("Zoe Muller led the stewards.", Spellings({"log.txt": "Zoë Müller led the stewards."})) == []
    result = _decide("Zoë Müller led the stewards.", {"log.txt": "Zoë Müller led the stewards."})
    assert Flag.LOOKALIKE_NAME not in result.flags


def test_a_name_with_odd_characters_that_matches_nothing_keeps_its_verdict() -> None:
    plain = _decide("Grimsvale Athletic fans were arrested.", {"log.txt": LOG})
    odd = _decide("Grimsvale Athlet\u0456c fans were arrested.", {"log.txt": LOG})
    assert odd.verdict is plain.verdict is Verdict.UNSUPPORTED
    (note,) = _lookalike(odd)
    assert note.source is None and "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I (U+0456)" in note.reason
    assert "no source spells it so" in note.reason and "\u201cAthletic\u201d" in note.reason


def test_skeletons_and_visible_forms() -> None:
    assert skeleton(f"\uff28{CYRILLIC_O}llin\u00adsby") == "Hollinsby"
    assert odd_characters("Ｈollinsby") == ["FULLWIDTH LATIN CAPITAL LETTER H (U+FF28)"]
    assert skeleton("Москвa") == "Москва"  # a Latin "a" in a Cyrillic word
    assert visible("\u202eHollinsby\u202c") == "[U+202E]Hollinsby[U+202C]"
    assert lookalike_notes("Hollinsby fans met.", Spellings({"a.txt": "Hollinsby fans met."})) == []


def test_a_real_check_flags_the_claim_and_every_report_shows_the_note(fast_checker: Checker) -> None:
    source = _document("<b>log</b>.txt", LOG.replace("Hollinsby", f"H{CYRILLIC_O}llinsby"))
    report = fast_checker.check_text("About 1,200 Hollinsby fans travelled to Kelder Park on Saturday 3 October 2026.",
                                     [source])
    (claim,) = report.claims
    assert claim.verdict is Verdict.SUPPORTED and Flag.LOOKALIKE_NAME in claim.flags
    assert claim.needs_attention and report.attention == [claim]
    html = render(report, "html")
    assert "lookalike name: The briefing\u2019s \u201cHollinsby\u201d" in html
    assert "CYRILLIC SMALL LETTER O (U+043E)" in html and "<b>log</b>" not in html and "&lt;b&gt;log" in html
    assert "supported, needs attention" in html
    for fmt in ("markdown", "csv", "terminal", "json"):
        assert "lookalike_name" in render(report, fmt)


def test_a_lookalike_name_blocks_approval_until_overridden(fast_checker: Checker, tmp_path: Path) -> None:
    report = fast_checker.check_text(f"About 1,200 H{CYRILLIC_O}llinsby fans travelled to Kelder Park.",
                                     [_document("log.txt", LOG)])
    with Ledger(tmp_path / "ledger.db") as ledger:
        entry = ledger.append_check(report)
        with pytest.raises(SignoffRefusedError, match="lookalike_name"):
            ledger.signoff(entry.seq, "A. Shaw", "approve")
        ledger.signoff(entry.seq, "A. Shaw", "approve", overrides={"c1": "the spelling is the club's own"})
