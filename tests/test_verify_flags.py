"""Flags, grading, circular reporting and swapped names, module by module."""

from __future__ import annotations

from pathlib import Path

import pytest

from provcheck.claims import extract_claims
from provcheck.config import Settings
from provcheck.errors import ConfigError
from provcheck.schema import Flag, Passage, Verdict
from provcheck.verify import SourceFacts, decide, judge
from provcheck.verify.flags import (
    age_in_days,
    attribution_of,
    exaggeration,
    hedge_of,
    inflated,
    intensified,
    load_scales,
)
from provcheck.verify.grading import grading_of, is_weak_grading, parse_grading
from provcheck.verify.origin import origins, same_origin
from provcheck.verify.roles import swapped_roles
from provcheck.verify.swap import swapped_name


def _decide(claim_text: str, sources: dict[str, str], **facts: object):  # type: ignore[no-untyped-def]
    (claim,) = extract_claims(claim_text)
    judgements = [judge(claim, Passage(id=i, document=name, sha256="0" * 64, text=text, start=0, end=len(text)),
                        0.9, entity_match=0.85) for i, (name, text) in enumerate(sources.items())]
    return decide(claim, judgements, SourceFacts(texts=sources, **facts), Settings())  # type: ignore[arg-type]


def test_gradings_of_both_systems() -> None:
    assert parse_grading("1-A-P").source == "1" and parse_grading("1 / a / 1").information == "A"  # type: ignore[union-attr]
    assert parse_grading("B2").system == "admiralty" and not parse_grading("B2").weak  # type: ignore[union-attr]
    assert [is_weak_grading(g) for g in ("3/B/1", "2/D/1", "F3", "A6", "1/A/1", "C3", "top secret")] == [
        True, True, True, True, False, False, False]
    assert grading_of(None, {"Source_Evaluation": 3, "Intelligence_Assessment": "E"}) == "3/E"
    assert grading_of(None, {}) is None


def test_hedges_attributions_and_the_month_may() -> None:
    assert hedge_of("Fans may have thrown flares.") == "may"
    assert hedge_of("The match was in May.") is None and hedge_of("On 3 May 2026 fans met.") is None
    assert attribution_of("According to the club, 2,000 fans travelled.") == "According to"
    assert attribution_of("2,000 fans travelled.") is None


def test_exaggeration_needs_a_milder_wording_on_the_same_scale() -> None:
    scales = load_scales()
    assert exaggeration("Police broke up a riot.", "Police broke up a scuffle.", scales) == ("riot", "scuffle")
    assert exaggeration("Police broke up a scuffle.", "Police broke up a riot.", scales) is None
    assert exaggeration("Police broke up a riot.", "Police dealt with two flares.", scales) is None
    assert exaggeration("Serious disorder broke out.", "Serious disorder broke out, then calm.", scales) is None
    assert inflated("hundreds of fans", "40 fans") and not inflated("45 fans", "40 fans")


@pytest.mark.parametrize(("claim", "passage", "pair"), [
    ("A bottle was hurled at officers.", "A bottle is thrown at officers.", ("hurled", "thrown")),
    ("Risk supporters are expected to mass at the pub.", "Risk supporters are expected to gather at the pub.",
     ("to mass", "gather")),
    ("Two coaches were badly delayed.", "Two coaches are delayed on the ring road.", ("badly delayed", "delayed")),
    ("Fans faced long delays on the ring road.", "Fans were held up on the ring road.", ("long delays", "held up")),
    ("One fan was dragged out of the ground.", "One fan was ejected from the ground.", ("dragged out", "ejected")),
    ("Fans used the pub without serious incident.", "Mood good-natured; no problems.",
     ("without serious incident", "no problems")),
    ("Supporters intend to attack the coaches.", "Supporters intend to confront the coaches.", ("attack", "confront")),
    ("About 80 fans charged at home supporters.", "About 80 fans runs towards home supporters.",
     ("charged at", "runs towards")),
    ("He was ejected after throwing a smoke device.", "He was ejected after setting off a smoke device.",
     ("throwing a smoke device", "setting off a smoke device")),
])
def test_exaggeration_on_the_wider_scales(claim: str, passage: str, pair: tuple[str, str]) -> None:
    assert exaggeration(claim, passage, load_scales()) == pair


@pytest.mark.parametrize(("claim", "passage"), [
    ("A bottle was tossed at officers.", "A bottle is thrown at officers."),
    ("A bottle was thrown at officers.", "A bottle is hurled at officers."),
    ("Risk supporters will assemble at the pub.", "Risk supporters are expected to gather at the pub."),
    ("Two coaches were severely delayed.", "Two coaches were badly delayed."),
    ("Two coaches were delayed.", "Two coaches were badly delayed by traffic."),
    ("One fan was removed from the ground.", "One fan was ejected from the ground."),
    ("Fans used the pub without incident.", "Mood good-natured; no problems."),
    ("A group of fans ran towards home supporters.", "A group of fans runs towards home supporters."),
    ("He was ejected after setting off a smoke device.", "A smoke device was set off; he was ejected."),
    ("Fans were heavily outnumbered.", "Police said nothing about numbers."),
])
def test_same_or_milder_wordings_are_not_exaggeration(claim: str, passage: str) -> None:
    assert exaggeration(claim, passage, load_scales()) is None


def test_an_intensifier_counts_only_over_a_bare_source_word() -> None:
    assert intensified("He was forcibly ejected.", "One male was ejected from the ground.") == (
        "forcibly ejected", "ejected")
    assert intensified("He was forcibly ejected.", "He was violently ejected.") is None
    assert intensified("He was forcibly ejected.", "He left the ground.") is None
    assert intensified("The van was badly damaged.", "The van was damaged; a window was badly cracked.") == (
        "badly damaged", "damaged")


def test_an_intensified_claim_is_contradicted_and_flagged() -> None:
    source = {"log.md": "One supporter was ejected from the Foundry End."}
    result = _decide("One supporter was forcibly ejected from the Foundry End.", source, grading={})
    assert result.verdict is Verdict.CONTRADICTED and Flag.EXAGGERATED in result.flags
    assert (result.briefing_value, result.source_value) == ("forcibly ejected", "ejected")
    same = _decide("One supporter was ejected from the Foundry End.", source, grading={})
    assert same.verdict is Verdict.SUPPORTED and Flag.EXAGGERATED not in same.flags


def test_user_scales_replace_the_built_in_ones(tmp_path: Path) -> None:
    path = tmp_path / "scales.yaml"
    path.write_text("mood:\n  - [grumpy]\n  - [furious]\n", encoding="utf-8")
    assert exaggeration("The crowd was furious.", "The crowd was grumpy.", load_scales(path)) == ("furious", "grumpy")
    (tmp_path / "bad.yaml").write_text("- not a mapping\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="scale"):
        load_scales(tmp_path / "bad.yaml")


def test_copies_are_one_origin() -> None:
    report = ("Police will close Canal Street to traffic from 10:00 on match day. Diversions will be signed "
              "via the ring road and drivers are asked to plan ahead.")
    edited = "Westmarch Constabulary says: " + report.replace("plan ahead", "allow extra time")
    other = "The away end at Kelder Park holds 1,850 supporters and is served by four turnstiles on Mill Lane."
    assert same_origin(report, edited) and not same_origin(report, other)
    assert not same_origin("Kick-off is at 15:00.", "Kick-off is at 15:00.")  # too short to call a copy
    assert origins(["a", "b", "c"], {"a": report, "b": other, "c": edited}) == [["a", "c"], ["b"]]


def test_swapped_names_need_the_same_place_in_the_sentence() -> None:
    assert swapped_name("Fans met Gemma Riley at the gate.", "Fans met Dean Marsh at the gate.",
                        entity_match=0.85) == ("Gemma Riley", "Dean Marsh")
    assert swapped_name("Fans met Gemma Riley at the gate.", "Dean Marsh said fans met at the gate.",
                        entity_match=0.85) is None


def test_stale_support_is_flagged_against_the_briefing_date() -> None:
    sources = {"old.txt": "The Paddock Firm meets at The Lamplighter before home matches."}
    stale = _decide("The Paddock Firm meets at The Lamplighter before home matches.", sources,
                    grading={}, dates={"old.txt": "2025-01-01"}, briefing_date="2026-10-24")
    assert Flag.STALE_SOURCE in stale.flags and "days older than the briefing" in stale.reason
    fresh = _decide("The Paddock Firm meets at The Lamplighter before home matches.", sources,
                    grading={}, dates={"old.txt": "2026-10-01"}, briefing_date="2026-10-24")
    assert Flag.STALE_SOURCE not in fresh.flags
    assert age_in_days("2026-10-01", None) is None


def test_weak_grading_is_shown_beside_the_evidence() -> None:
    result = _decide("The Paddock Firm has stockpiled flares on Mill Lane.",
                     {"tip.txt": "The Paddock Firm has stockpiled flares on Mill Lane."}, grading={"tip.txt": "E5"})
    assert result.verdict is Verdict.SUPPORTED and Flag.WEAK_SOURCES_ONLY in result.flags
    assert result.evidence[0].grading == "E5" and "unreliable" in (result.evidence[0].grading_meaning or "")
    assert any(n.flag is Flag.WEAK_SOURCES_ONLY and "E5" in n.reason for n in result.notes)


def test_a_claim_the_briefing_itself_attributes_or_hedges_may_rest_on_a_weak_source() -> None:
    tip = {"tip.txt": "An anonymous caller alleged that the Paddock Firm has stockpiled flares on Mill Lane."}
    for said in ("An anonymous caller alleged that the Paddock Firm has stockpiled flares on Mill Lane.",
                 "The Paddock Firm has reportedly stockpiled flares on Mill Lane."):
        result = _decide(said, tip, grading={"tip.txt": "E5"})
        assert Flag.WEAK_SOURCES_ONLY not in result.flags, said
        assert result.evidence and result.evidence[0].grading == "E5"  # the grading is still shown


def test_dropped_attribution_quotes_both_wordings() -> None:
    result = _decide("Harrowgate Town sold 2,000 tickets for the away end.",
                     {"news.txt": "Harrowgate Town claims it sold 2,000 tickets for the away end."}, grading={})
    note = next(n for n in result.notes if n.flag is Flag.ATTRIBUTION_DROPPED)
    assert note.briefing == result.text and note.source and "claims" in note.source


def test_conflicting_quotes_and_grades_each_side() -> None:
    result = _decide("Kick-off at Kelder Park is at 15:00.",
                     {"plan.txt": "Kick-off at Kelder Park is at 15:00.",
                      "news.txt": "Kick-off at Kelder Park is at 12:30."},
                     grading={"plan.txt": "1/A/1", "news.txt": "3/E/1"})
    assert result.verdict is Verdict.CONFLICTING
    assert "plan.txt (graded 1/A/1)" in result.reason and "news.txt (graded 3/E/1)" in result.reason
    assert result.briefing_value == "15:00" and result.source_value == "12:30"


def test_invented_event_does_not_count_as_support() -> None:
    result = _decide("Gemma Riley met Dean Marsh at the coach park.",
                     {"a.txt": "Gemma Riley met police at the coach park.", "b.txt": "Dean Marsh was arrested."},
                     grading={})
    assert result.verdict is Verdict.UNSUPPORTED and result.flags == [Flag.ENTITIES_NEVER_TOGETHER]
    assert result.reason.startswith("Gemma Riley and Dean Marsh appear in the sources, but never together")


def test_flags_also_follow_verifier_probabilities() -> None:
    from provcheck.schema import NliScores

    text = "Unconfirmed reports say the Paddock Firm will gather at The Lamplighter before kick-off."
    (claim,) = extract_claims("The Paddock Firm will gather at The Lamplighter before kick-off.")
    judgement = judge(claim, Passage(id=1, document="intel.txt", sha256="0" * 64, text=text, start=0, end=len(text)),
                      0.9, entity_match=0.85)
    judgement.nli = NliScores(supported=0.95, contradicted=0.02, neutral=0.03)
    facts = SourceFacts(grading={"intel.txt": "3/E/1"}, texts={"intel.txt": text})
    result = decide(claim, [judgement], facts, Settings(verifier="nli"))
    assert result.verdict is Verdict.SUPPORTED
    assert {Flag.CERTAINTY_RAISED, Flag.WEAK_SOURCES_ONLY} <= set(result.flags)
    judgement.nli = NliScores(supported=0.0, contradicted=0.05, neutral=0.95)
    assert decide(claim, [judgement], facts, Settings(verifier="nli")).verdict is not Verdict.SUPPORTED


@pytest.mark.parametrize(("claim", "passage"), [
    ("At about ten to ten, Wetherton fans walking back to their coaches threw bottles and glasses at a group "
     "of Hollinsby men.",
     "21:52 - Reports of disorder. Hollinsby males throwing bottles and glasses at Wetherton fans walking back."),
    ("Home supporters in Block B threw coins and spat at Fenwick fans in Block A.",
     "16:32 - Fenwick fans in Block A spitting at and throwing coins at home fans in Block B."),
    ("Drayford supporters threw plastic bottles over the segregation at home fans in the North Stand.",
     "16:05 - Kirkhaven fans in the North Stand throwing plastic bottles over segregation at Drayford supporters."),
    ("A 17-year-old Copperhill fan was punched twice outside the Navigation by an Orrin Vale supporter.",
     "Victim (Orrin Vale fan, male, 17) punched by adult male wearing Copperhill shirt."),
])
def test_the_attackers_named_as_the_attacked_is_a_clash(claim: str, passage: str) -> None:
    swapped = swapped_roles(claim, passage)
    assert swapped is not None and swapped[0] in claim and swapped[1] in passage


@pytest.mark.parametrize(("claim", "passage"), [
    ("Hollinsby men threw bottles at Wetherton fans.", "Hollinsby males threw bottles at Wetherton fans."),
    ("Wetherton fans were attacked by Hollinsby men.", "Hollinsby males attacked Wetherton fans."),  # the passive
    ("Wetherton fans threw bottles at Hollinsby men.",
     "Hollinsby men threw bottles at Wetherton fans, and Wetherton fans threw bottles at Hollinsby men."),
])
def test_the_same_act_the_same_way_round_is_no_clash(claim: str, passage: str) -> None:
    assert swapped_roles(claim, passage) is None


@pytest.mark.parametrize(("passage", "wording"), [
    ("We believe the attack was planned by a group of Stavely supporters.", "We believe"),
    ("The Trust claims Greywell United have failed to address problems.", "claims"),
    ("Police said two men were arrested.", None),  # a report of what was said, as in news copy
    ("The Trust says Greywell United have failed to address problems.", None),
])
def test_a_party_s_own_view_is_an_attribution(passage: str, wording: str | None) -> None:
    assert attribution_of(passage) == wording
