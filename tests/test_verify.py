"""Verify: deterministic checks, judgements and verdict aggregation."""

from __future__ import annotations

from provcheck.claims import extract_claims
from provcheck.config import Settings
from provcheck.schema import Passage, Verdict
from provcheck.verify import SourceFacts, decide, is_weak_grading, judge
from provcheck.verify.checks import compare_numbers, dates_in, entity_in, negation_flip, numbers_in, times_in
from provcheck.verify.swap import names_in

SETTINGS = Settings()


def _passage(text: str, pid: int = 1, document: str = "log.txt") -> Passage:
    return Passage(id=pid, document=document, sha256="0" * 64, text=text, start=0, end=len(text))


def _verdict(claim_text: str, *passages: str) -> tuple[Verdict, str]:
    (claim,) = extract_claims(claim_text)
    judgements = [judge(claim, _passage(p, i, f"doc{i}.txt"), 0.9, entity_match=0.85)
                  for i, p in enumerate(passages)]
    facts = SourceFacts(grading={}, texts={f"doc{i}.txt": p for i, p in enumerate(passages)})
    result = decide(claim, judgements, facts, SETTINGS)
    return result.verdict, result.reason


def test_numbers_with_words_and_separators() -> None:
    assert [(v, n) for v, n, _ in numbers_in("A dozen arrests and 1,200 fans.")] == [(12, "arrests"), (1200, "fans")]
    assert numbers_in("On 3 October 2026 at 15:00.") == []


def test_dates_times_and_names() -> None:
    assert dates_in("on Saturday 3 October and Oct 5th") == ["Saturday 3 October", "Oct 5th"]
    assert times_in("at 3pm or 15:00") == ["3pm", "15:00"]
    assert entity_in("Harrowgate Town", "fans of Harrogate Town", threshold=0.85)
    assert not entity_in("Millbrook Albion", "Eastmoor Rovers", threshold=0.85)


def test_an_acronym_is_the_same_name() -> None:
    assert entity_in("Greater Manchester Police", "GMP officers were deployed.", threshold=0.85)
    assert entity_in("GMP", "Greater Manchester Police deployed officers.", threshold=0.85)
    assert not entity_in("GMP", "West Yorkshire Police deployed officers.", threshold=0.85)
    assert not entity_in("Greater Manchester Police", "GMT kick-off.", threshold=0.85)
    assert not entity_in("(Greater [Manchester", "GM kick-off.", threshold=0.85)
    verdict, _ = _verdict("Greater Manchester Police arrested 12 fans at Kelder Park.",
                          "GMP arrested 12 fans at Kelder Park.")
    assert verdict is Verdict.SUPPORTED


def test_a_name_does_not_run_across_lines() -> None:
    assert [n for n, _, _ in names_in("Updated 10:00 PT\nWASHINGTON News Desk")] == ["PT", "WASHINGTON News Desk"]


def test_a_year_is_found_and_only_another_year_contradicts_it() -> None:
    source = "Richards was defeated for re-election in 1994 by George W. Bush."
    assert _verdict("Richards was defeated for re-election in 1994 by George W. Bush.", source)[0] \
        is Verdict.SUPPORTED
    served = "Richards served as Governor of Texas from 1991 to 1995 and took office on January 15."
    assert _verdict("Richards served as Governor of Texas from 1991 to 1995.", served)[0] is Verdict.SUPPORTED
    assert _verdict("Richards was Governor of Texas from 1991 to 1995.", "Richards took office on January 15.")[0] \
        is not Verdict.CONTRADICTED
    verdict, reason = _verdict("The final at Kelder Park was played in 2019.",
                               "The final at Kelder Park was played on 3 March 2021.")
    assert verdict is Verdict.CONTRADICTED and "2019" in reason and "3 March 2021" in reason


def test_words_that_look_like_dates_or_counts_are_not_clashes() -> None:
    assert _verdict("21st Century Fox was formed on 28 June 2013.",
                    "On 28 June 2013 the new company 21st Century Fox was formed.")[0] is Verdict.SUPPORTED
    assert _verdict("The museum collection includes over 200 items.",
                    "The museum collection includes one of the most unusual items in Britain.")[0] \
        is not Verdict.CONTRADICTED


def test_a_detail_another_passage_has_is_not_called_missing() -> None:
    claim = "Fans carried 14 flares into the away end at Kelder Park."
    at_the_ground = "Fans carried flares into the away end at Kelder Park."
    verdict, reason = _verdict(claim, at_the_ground, "Stewards at the turnstiles found nothing.")
    assert verdict is Verdict.PARTIAL and "no source mentions \u201c14\u201d" in reason
    verdict, reason = _verdict(claim, at_the_ground, "Stewards at the turnstiles found 14 flares.")
    assert verdict is Verdict.UNSUPPORTED and "no source mentions" not in reason


def test_number_clash_needs_the_same_noun() -> None:
    (claim,) = extract_claims("Police made 40 arrests.")
    atom = claim.atoms[0]
    found, clash = compare_numbers(atom, "arrests", "Police made 4 arrests.")
    assert not found and clash is not None and clash.source.startswith("4 arrests")
    found, clash = compare_numbers(atom, "arrests", "40 officers were on duty.")
    assert not found and clash is None


def test_supported_contradicted_unsupported() -> None:
    source = "About 1,200 away fans attended the match at Kelder Park."
    assert _verdict("About 1,200 away fans attended the match at Kelder Park.", source)[0] is Verdict.SUPPORTED
    verdict, reason = _verdict("About 5,000 away fans attended the match at Kelder Park.", source)
    assert verdict is Verdict.CONTRADICTED and "5,000" in reason and "1,200" in reason
    assert _verdict("Fans attacked stewards with bottles.", source)[0] is Verdict.UNSUPPORTED


def test_negation_contradicts() -> None:
    verdict, _ = _verdict("Arrests were made at the match at Kelder Park.",
                          "No arrests were made at the match at Kelder Park.")
    assert verdict is Verdict.CONTRADICTED


def test_a_negation_in_another_clause_is_no_contradiction() -> None:
    assert _verdict("Ibuprofen is metabolized by the kidneys.",
                    "Ibuprofen is metabolized by the kidneys and therefore is not a good option for some.")[0] \
        is Verdict.SUPPORTED
    assert _verdict("Supporters protested against the owners before matches.",
                    "Supporters protested against the owners before matches and then did not attend.")[0] \
        is Verdict.SUPPORTED


def test_negations_are_compared_clause_by_clause() -> None:
    same = "It is not known who fired the fatal shots at Kelder Park."
    assert _verdict(same, same)[0] is Verdict.SUPPORTED
    assert _verdict("The no 1 goalkeeper signed for Kelder Park FC.",
                    "The no 1 goalkeeper signed for Kelder Park FC.")[0] is Verdict.SUPPORTED
    assert negation_flip("Stewards searched fans at Kelder Park and found flares.", False,
                         "Stewards searched fans at Kelder Park and found no flares.")


def test_a_negation_in_the_frame_of_reported_speech_is_no_flip() -> None:
    same = "Authorities at Kelder Park will not say how the couple died."
    assert _verdict(same, same)[0] is not Verdict.CONTRADICTED


def test_an_approximate_number_another_passage_has_is_not_called_missing() -> None:
    claim = "Fans brought over 200 flares to Kelder Park."
    verdict, reason = _verdict(claim, "Fans brought flares to Kelder Park.", "Stewards counted 200 flares.")
    assert verdict is Verdict.UNSUPPORTED and "no source mentions" not in reason


def test_numbers_with_scales_and_split_into_tokens() -> None:
    assert _verdict("The court imposed a $1,000 fine.", "The court imposed a $ 1, 000 fine.")[0] is Verdict.SUPPORTED
    assert _verdict("The figure will reach 31.8 million sufferers by 2030.",
                    "The figure will reach 31. 8 million sufferers by 2030.")[0] is Verdict.SUPPORTED
    assert _verdict("Around 20 million people suffer hayfever.", "Around 20 million people suffer hayfever.")[0] \
        is Verdict.SUPPORTED
    assert _verdict("She bought a six pack of buns.", "She bought a six pack of buns.")[0] is Verdict.SUPPORTED


def test_conflicting_sources() -> None:
    verdict, reason = _verdict("Kick-off at Kelder Park was at 15:00.",
                               "Kick-off at Kelder Park was at 15:00.", "Kick-off at Kelder Park was at 17:30.")
    assert verdict is Verdict.CONFLICTING and "disagree" in reason


def test_not_checkable_keeps_its_reason() -> None:
    verdict, reason = _verdict("We recommend closing the away end.", "Anything.")
    assert verdict is Verdict.NOT_CHECKABLE and "recommendation" in reason


def test_weak_gradings() -> None:
    assert is_weak_grading("3/E/1") and is_weak_grading("E5") and is_weak_grading("2/D/1")
    assert not is_weak_grading("1/A/1") and not is_weak_grading("B2") and not is_weak_grading(None)


def test_an_unsupported_claim_says_where_the_details_it_lacks_are_named() -> None:
    verdict, reason = _verdict("Police arrested fans at Elland Road after the derby in March 2026.",
                               "Police arrested fans at Elland Road after the derby.",
                               "In March 2026, stewards worked at Kelder Park.")
    assert verdict is Verdict.UNSUPPORTED
    assert reason == ("No source says this; the closest passage, in doc0.txt, does not: it lacks "
                      "\u201cMarch 2026\u201d "
                      "(named in doc1.txt), and no passage found has the whole claim.")
    verdict, reason = _verdict("Police arrested fans at Elland Road in March 2026.", "The derby was quiet.")
    assert reason.endswith("does not.")


def test_a_clock_time_from_a_source_dated_another_day_does_not_conflict() -> None:
    (claim,) = extract_claims("The official coaches will arrive at the Mill Lane coach park at about 11:15.")
    texts = {"travel.txt": "The official coaches will arrive at the Mill Lane coach park at about 11:15.",
             "log.txt": "The official coaches will arrive at the Mill Lane coach park at about 12:20."}
    judgements = [judge(claim, _passage(text, i, path), 0.95, entity_match=0.85)
                  for i, (path, text) in enumerate(texts.items())]
    assert judgements[1].clashes
    same_day = SourceFacts(grading={}, texts=texts, dates={"travel.txt": "2026-10-19", "log.txt": "2026-10-19"})
    assert decide(claim, judgements, same_day, SETTINGS).verdict is Verdict.CONFLICTING
    undated = SourceFacts(grading={}, texts=texts, dates={"travel.txt": "2026-10-19"})
    assert decide(claim, judgements, undated, SETTINGS).verdict is Verdict.CONFLICTING
    other_day = SourceFacts(grading={}, texts=texts, dates={"travel.txt": "2026-10-19", "log.txt": "2026-03-14"})
    assert decide(claim, judgements, other_day, SETTINGS).verdict is Verdict.SUPPORTED


def test_a_missing_detail_named_twice_is_shown_once() -> None:
    verdict, reason = _verdict("Police said 14 fans threw 14 bottles at Kelder Park on 3 October.",
                               "Fans threw bottles at Kelder Park on 3 October.")
    assert verdict is Verdict.PARTIAL
    assert reason.endswith("no source mentions \u201c14\u201d.")
