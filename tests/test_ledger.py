"""The ledger library: entries, the sign-off gate, filters, signatures, bundles, re-checks, model hashes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from provcheck import Checker, Report
from provcheck.errors import LedgerError, SignoffRefusedError
from provcheck.ledger import (
    CheckContent,
    Decision,
    EntryFilter,
    EntryKind,
    Ledger,
    Signer,
    generate_key,
    ledger_path,
    public_key_hex,
    record_check,
    unresolved,
)
from provcheck.ledger.export import Bundle, bundle, render_bundle, verify_bundle
from provcheck.ledger.fingerprint import folder_sha256, model_records
from provcheck.ledger.recheck import SourceStatus, recheck
from provcheck.ledger.testing import tiny_report
from provcheck.schema import Verdict


@pytest.fixture()
def briefing(tmp_path: Path) -> Path:
    path = tmp_path / "briefing.md"
    path.write_text("About 5,000 away fans attended the match at Kelder Park.\n"
                    "Eastmoor Rovers beat Harrowgate Town 2-1 at Kelder Park.\n", encoding="utf-8")
    return path


@pytest.fixture()
def report(fast_checker: Checker, briefing: Path, sources: Path) -> Report:
    return fast_checker.check(briefing, sources=sources)


def test_check_entry_records_briefing_sources_models_settings_and_report(tmp_path: Path, report: Report) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        entry = ledger.append_check(report)
        again = ledger.get(entry.seq)
    assert again == entry and entry.kind is EntryKind.CHECK
    content = again.content
    assert isinstance(content, CheckContent) and content.report == report
    assert content.briefing.sha256 == report.briefing.sha256 and content.sources == report.sources
    assert {s.path for s in content.sources} == {"log.txt", "intel.md", "news.txt"}
    assert content.settings["embedder"] == "hashing" and content.tool_version == report.tool.version
    spacy = next(m for m in content.models if m.role == "spacy")
    assert spacy.sha256 and len(spacy.sha256) == 64
    assert next(m for m in content.models if m.role == "embedder").sha256 is None  # hashing: no weights


def test_sign_off_gate_lists_every_flagged_claim_without_a_reason(tmp_path: Path, report: Report) -> None:
    flagged = [c.id for c in report.claims if c.verdict.needs_attention]
    assert flagged == ["c1"]
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(report)
        with pytest.raises(SignoffRefusedError) as refused:
            ledger.signoff(check.seq, "A. Shaw", "approve")
        assert "c1 contradicted" in str(refused.value) and "c2" not in str(refused.value)
        assert [c.id for c in unresolved(check, {})] == flagged
        with pytest.raises(LedgerError, match="no reason"):
            ledger.signoff(check.seq, "A. Shaw", "approve", {"c1": "   "})
        with pytest.raises(LedgerError, match="no claim c9"):
            ledger.signoff(check.seq, "A. Shaw", "approve", {"c9": "why"})
        with pytest.raises(LedgerError, match="reviewer"):
            ledger.signoff(check.seq, " ", "reject")
        assert len(ledger.entries()) == 1  # nothing refused was recorded
        rejected = ledger.signoff(check.seq, "A. Shaw", Decision.REJECT)
        approved = ledger.signoff(check.seq, "B. Khan", "approve", {"c1": "Gate figures confirm 5,000."})
        with pytest.raises(LedgerError, match="is a sign-off"):
            ledger.signoff(approved.seq, "B. Khan", "approve")
        assert [s.seq for s in ledger.signoffs(check.seq)] == [rejected.seq, approved.seq]
        assert approved.content.check_hash == check.hash  # type: ignore[union-attr]
        assert ledger.verify().ok


def test_approval_needs_no_override_when_nothing_needs_attention(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(tiny_report(verdict="supported"))
        assert ledger.signoff(check.seq, "A. Shaw", "approve").content.decision is Decision.APPROVE  # type: ignore[union-attr]
        with pytest.raises(LedgerError, match="no entry 9"):
            ledger.get(9)


def test_approval_of_a_supported_claim_resting_on_hedged_support_needs_an_override(tmp_path: Path) -> None:
    report = tiny_report("Fans plan to meet at The Lamplighter.", verdict="supported", flags=["certainty_raised"])
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(report)
        assert ledger.get(check.seq).content == check.content  # the stored needs_attention reads back
        assert '"needs_attention":true' in ledger.raw_content(check.seq)
        with pytest.raises(SignoffRefusedError, match=r"c1 supported \(certainty_raised\)"):
            ledger.signoff(check.seq, "A. Shaw", "approve")
        ledger.signoff(check.seq, "A. Shaw", "approve", {"c1": "Confirmed by the club's safety officer."})
        assert ledger.verify().ok


def test_export_refuses_a_ledger_that_fails_verification_unless_forced(tmp_path: Path) -> None:
    import sqlite3

    from provcheck.errors import LedgerTamperedError

    path = tmp_path / "l.db"
    with Ledger(path) as ledger:
        first = ledger.append_check(tiny_report(verdict="supported"))
        ledger.append_check(tiny_report("Kick-off is at 12:30.", verdict="supported"))
        assert ledger.vouch(first.seq) is None
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET created = '2026-01-01T00:00:00+00:00' WHERE seq = 2")  # a later entry
    conn.close()
    with Ledger(path) as ledger:
        with pytest.raises(LedgerTamperedError, match="entry 1 refused: the ledger fails verification at entry 2"):
            ledger.export(first.seq)
        forced = Bundle.model_validate_json(ledger.export(first.seq, force=True))
        assert forced.warning and "verification at entry 2" in forced.warning
        assert not verify_bundle(forced).ok  # the proof runs through the altered entry


def test_the_refusal_names_each_claim_without_cutting_a_word(tmp_path: Path) -> None:
    text = "Harrowgate Town supporters attacked stewards outside The Lamplighter on Canal Street after a " \
           "pre-season friendly at Kelder Park in July 2026."
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(tiny_report(text))
        with pytest.raises(SignoffRefusedError) as refused:
            ledger.signoff(check.seq, "A. Shaw", "approve")
    line = next(x for x in str(refused.value).splitlines() if x.startswith("  c1"))
    assert line.endswith(" ...") and line.removesuffix(" ...").split()[-1] in text.split()
    assert refused.value.claims == ["c1"]


def test_filters_by_date_reviewer_verdict_briefing_and_kind(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        a = ledger.append_check(tiny_report(verdict="unsupported", name="match-day.md"))
        b = ledger.append_check(tiny_report(verdict="supported", name="cup-final.md"))
        s = ledger.signoff(a.seq, "Alice Shaw", "reject")
        ledger.signoff(b.seq, "Bob Khan", "approve")

        def seqs(**kw: object) -> list[int]:
            return [e.seq for e in ledger.entries(EntryFilter(**kw))]  # type: ignore[arg-type]

        assert seqs() == [1, 2, 3, 4]
        assert seqs(reviewer="alice shaw") == [a.seq, s.seq]
        assert seqs(verdict=Verdict.SUPPORTED) == [2, 4]  # "supported" must not match "unsupported"
        assert seqs(verdict=Verdict.UNSUPPORTED) == [1, 3]
        assert seqs(briefing="CUP") == [2, 4]
        assert seqs(kind=EntryKind.SIGNOFF) == [3, 4]
        now = datetime.now(UTC)
        assert seqs(since=now + timedelta(hours=1)) == [] and seqs(until=now + timedelta(hours=1)) == [1, 2, 3, 4]
        assert seqs(since=(now - timedelta(hours=1)).replace(tzinfo=None)) == [1, 2, 3, 4]


def test_signed_entries_verify_and_untrusted_or_forged_signatures_fail(tmp_path: Path) -> None:
    public = generate_key(tmp_path / "me.pem")
    other = generate_key(tmp_path / "other.pem")
    path = tmp_path / "l.db"
    with Ledger(path, signer=Signer.from_file(tmp_path / "me.pem")) as ledger:
        entry = ledger.append_check(tiny_report())
        ledger.signoff(entry.seq, "A. Shaw", "reject")
    assert entry.signature and entry.public_key == public_key_hex(public)
    with Ledger(path) as ledger:
        assert ledger.verify(trusted_keys={public_key_hex(public)}).signed == 2
        assert ledger.verify(trusted_keys={public_key_hex(other)}).first_bad == 1
        ledger.append_check(tiny_report())
        assert ledger.verify().ok and ledger.verify(require_signatures=True).first_bad == 3
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET signature = ? WHERE seq = 2", ("00" * 64,))
    conn.close()
    with Ledger(path) as ledger:
        result = ledger.verify()
    assert (result.ok, result.first_bad) == (False, 2) and "signature" in (result.problem or "")


def test_key_files_are_checked(tmp_path: Path) -> None:
    generate_key(tmp_path / "k.pem")
    assert oct((tmp_path / "k.pem").stat().st_mode & 0o777) == "0o600"
    with pytest.raises(LedgerError, match="already exists"):
        generate_key(tmp_path / "k.pem")
    (tmp_path / "bad.pem").write_text("not a key")
    with pytest.raises(LedgerError, match="keygen"):
        Signer.from_file(tmp_path / "bad.pem")


def test_bundle_is_self_contained_and_verifiable(tmp_path: Path) -> None:
    hostile = 'Fans chanted </script><script>alert("x")</script> & left.'
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(tiny_report(hostile))
        ledger.signoff(check.seq, "A. <b>Shaw</b>", "approve", {"c1": "Seen on CCTV <img src=x>."})
        ledger.append_check(tiny_report("A later briefing."))
        made = bundle(ledger, check.seq)
        with pytest.raises(LedgerError, match="is a sign-off"):
            bundle(ledger, 2)
    assert [link.seq for link in made.proof] == [1, 2, 3] and made.ledger_head == made.proof[-1].hash
    assert verify_bundle(made).ok
    reloaded = Bundle.model_validate_json(render_bundle(made, "json"))
    assert verify_bundle(reloaded).ok
    page = render_bundle(made, "html")
    assert "<script>alert" not in page and "<img src=x>" not in page and "<b>Shaw" not in page
    embedded = page.split('id="provcheck-bundle">', 1)[1].split("</script>", 1)[0]
    assert verify_bundle(Bundle.model_validate(json.loads(embedded))).ok
    forged = made.model_copy(deep=True)
    forged.raw["1"] = forged.raw["1"].replace("Fans chanted", "Fans sang")
    assert verify_bundle(forged).first_bad == 1
    cut = made.model_copy(update={"proof": [made.proof[0], made.proof[2]]})
    assert not verify_bundle(cut).ok


def test_recheck_reports_moved_verdicts_and_changed_sources(tmp_path: Path, report: Report, sources: Path,
                                                            fast_checker: Checker) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(report)
        same = recheck(ledger, check.seq, sources=sources, checker=fast_checker)
        assert not same.changed and same.report.claims == report.claims
        (sources / "log.txt").write_text("About 5,000 away fans attended the match at Kelder Park.\n",
                                         encoding="utf-8")
        (sources / "news.txt").rename(sources / "news-renamed.txt")
        (sources / "intel.md").unlink()
        (sources / "new.txt").write_text("The stewards opened the gates at 11:00.\n", encoding="utf-8")
        moved = recheck(ledger, check.seq, sources=sources)  # a checker from the recorded settings
    assert moved.changed
    assert [(v.claim_id, v.before, v.after) for v in moved.verdicts] == [
        ("c1", Verdict.CONTRADICTED, Verdict.SUPPORTED)]
    status = {s.path: s.status for s in moved.sources}
    assert status == {"log.txt": SourceStatus.CHANGED, "news.txt": SourceStatus.MOVED,
                      "intel.md": SourceStatus.MISSING, "new.txt": SourceStatus.ADDED}
    assert not moved.models and not moved.settings


def test_every_registered_model_with_weights_has_a_known_location() -> None:
    """Reports name models as the pipeline does; each with weights on disk must map to them."""
    from provcheck.corpus.embed import MiniLMEmbedder
    from provcheck.ledger.fingerprint import MODEL_LOCATIONS
    from provcheck.verify.nli import CrossEncoderVerifier

    assert ("embedder", MiniLMEmbedder.name) in MODEL_LOCATIONS
    assert ("verifier", CrossEncoderVerifier.name) in MODEL_LOCATIONS


def test_model_fingerprint_follows_the_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from provcheck.ledger import fingerprint

    weights = tmp_path / "verifier"
    weights.mkdir()
    (weights / "model.safetensors").write_bytes(b"weights v1")
    monkeypatch.setitem(fingerprint.MODEL_LOCATIONS, ("verifier", "nli"), f"folder:{weights}")
    before = model_records({"verifier": "nli"})[0].sha256
    assert before == folder_sha256(weights)
    (weights / "model.safetensors").write_bytes(b"weights v2")
    after = model_records({"verifier": "nli"})[0].sha256
    assert before and after and before != after


def test_ledger_path_precedence_and_record_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVCHECK_LEDGER", str(tmp_path / "env.db"))
    assert ledger_path(tmp_path / "opt.db") == tmp_path / "opt.db"
    assert ledger_path() == tmp_path / "env.db"
    monkeypatch.delenv("PROVCHECK_LEDGER")
    assert ledger_path() == Path("provcheck-ledger.db")
    generate_key(tmp_path / "k.pem")
    entry = record_check(tiny_report(), tmp_path / "opt.db", sign_key=tmp_path / "k.pem")
    assert entry.seq == 1 and entry.signature
    with pytest.raises(LedgerError, match="is a folder"):
        record_check(tiny_report(), tmp_path)


def test_entry_numbers_out_of_range_are_not_found(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.db")
    for seq in (0, -1, 2**63, 10**30):
        with pytest.raises(LedgerError, match="no entry"):
            ledger.get(seq)


def test_a_check_entry_records_what_the_briefing_leaves_out(tmp_path: Path) -> None:
    from provcheck import Settings

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "log.txt").write_text("Dean Marsh was arrested at 21:31. No punch is seen on the footage "
                                              "of Dean Marsh.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Dean Marsh was arrested at 21:31.\n", encoding="utf-8")
    checker = Checker(Settings(embedder="hashing", verifier="rules", omissions=True))
    report = checker.check(tmp_path / "b.md", sources=tmp_path / "src")
    assert [o.quote for o in report.omissions] == ["No punch is seen on the footage of Dean Marsh."]
    entry = record_check(report, tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger:
        stored = ledger.get(entry.seq).content
        assert isinstance(stored, CheckContent) and stored.report.omissions == report.omissions
        assert stored.report.omissions_note == report.omissions_note
        recorded = json.loads(ledger.raw_content(entry.seq))["report"]["omissions"]  # under the entry's hash
        assert [(o["id"], o["source"], o["quote"]) for o in recorded] == [
            ("o1", "log.txt", "No punch is seen on the footage of Dean Marsh.")]


def test_approving_a_briefing_that_leaves_something_out_needs_a_reason_per_item(tmp_path: Path) -> None:
    from provcheck.ledger import unresolved_omissions

    report = tiny_report(verdict="supported", omitted=["No arrests were made.", "The club cooperated throughout."])
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(report)
        with pytest.raises(SignoffRefusedError) as refused:
            ledger.signoff(check.seq, "A. Shaw", "approve", {"o1": "The arrests are beside the point."})
        message = str(refused.value)
        assert "1 statement(s) left out by the briefing" in message and "claim(s)" not in message
        assert "o2 left out by the briefing (log.txt): The club cooperated throughout." in message
        assert refused.value.omissions == ["o2"] and refused.value.claims == []
        assert [o.id for o in unresolved_omissions(check, {})] == ["o1", "o2"]
        with pytest.raises(LedgerError, match="no reason"):
            ledger.signoff(check.seq, "A. Shaw", "approve", {"o1": "Known.", "o2": " "})
        with pytest.raises(LedgerError, match="no claim o3"):
            ledger.signoff(check.seq, "A. Shaw", "approve", {"o3": "why"})
        assert ledger.signoff(check.seq, "A. Shaw", "reject").content.overrides == []  # type: ignore[union-attr]
        done = ledger.signoff(check.seq, "A. Shaw", "approve", {"o1": "Known.", "o2": "Stated in the annex."})
        assert [o.claim_id for o in done.content.overrides] == ["o1", "o2"]  # type: ignore[union-attr]
        flagged = ledger.append_check(tiny_report(omitted=["No arrests were made."]))
        with pytest.raises(SignoffRefusedError, match=r"1 claim\(s\) need attention and 1 statement") as both:
            ledger.signoff(flagged.seq, "A. Shaw", "approve")
        assert both.value.claims == ["c1"] and both.value.omissions == ["o1"]
        assert ledger.verify().ok


def test_the_bundle_lists_what_the_briefing_leaves_out_with_its_override(tmp_path: Path) -> None:
    report = tiny_report(verdict="supported", omitted=["No arrests were made <script>x</script>."])
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(report)
        ledger.signoff(check.seq, "A. Shaw", "approve", {"o1": "Arrests are <b>not</b> in question."})
        page = render_bundle(bundle(ledger, check.seq), "html")
    section = page.split("<h2>Left out by the briefing</h2>", 1)[1].split("<h2>", 1)[0]
    assert "No arrests were made &lt;script&gt;x&lt;/script&gt;." in section and "<script>x" not in page
    assert "log.txt [0:" in section and "graded B2" in section
    assert "A. Shaw: Arrests are &lt;b&gt;not&lt;/b&gt; in question." in section


def test_recheck_reports_what_is_left_out_now_and_was_not_before(tmp_path: Path) -> None:
    from provcheck import Settings

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "log.txt").write_text("Dean Marsh was arrested at 21:31.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Dean Marsh was arrested at 21:31.\n", encoding="utf-8")
    checker = Checker(Settings(embedder="hashing", verifier="rules", omissions=True))
    with Ledger(tmp_path / "l.db") as ledger:
        check = ledger.append_check(checker.check(tmp_path / "b.md", sources=tmp_path / "src"))
        assert not recheck(ledger, check.seq, sources=tmp_path / "src", checker=checker).omissions
        (tmp_path / "src" / "cctv.txt").write_text("No punch is seen on the footage of Dean Marsh.\n",
                                                   encoding="utf-8")
        again = recheck(ledger, check.seq, sources=tmp_path / "src", checker=checker)
    assert again.changed
    assert [(o.source, o.quote, o.before, o.after) for o in again.omissions] == [
        ("cctv.txt", "No punch is seen on the footage of Dean Marsh.", None, "o1")]
