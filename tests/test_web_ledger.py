"""Sign-off and the ledger through the web app: the gate, overrides, search and verify."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from provcheck import Checker
from provcheck.ledger import Ledger
from provcheck.web import CorpusConfig, WebConfig, create_app

from .test_web import BASE, indexed_demo

BRIEFING = "Kick-off at Kelder Park is at 17:30. Eastmoor Rovers host Harrowgate Town at Kelder Park."


@pytest.fixture()
def ledger_file(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture()
def client(fast_checker: Checker, tmp_path_factory: pytest.TempPathFactory, ledger_file: Path
           ) -> Iterator[TestClient]:
    db = indexed_demo(fast_checker, tmp_path_factory)
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=db)], ledger=ledger_file)
    with TestClient(create_app(config, fast_checker), base_url=BASE) as test_client:
        yield test_client


def checked_entry(client: TestClient) -> int:
    """Check the briefing through the API; the ledger's new entry number."""
    assert client.post("/api/check", json={"text": BRIEFING, "corpus": "demo"}).status_code == 200
    return max(row["seq"] for row in client.get("/api/ledger").json())


def test_every_check_is_recorded(client: TestClient, ledger_file: Path) -> None:
    seq = checked_entry(client)
    with Ledger(ledger_file) as ledger:
        assert ledger.get(seq).content.report.claims[0].source_value == "12:30"  # type: ignore[union-attr]
    row = client.get("/api/ledger").json()[-1]
    assert (row["kind"], row["briefing"], row["attention"]) == ("check", "pasted briefing", 1)


def test_api_signoff_gate(client: TestClient) -> None:
    seq = checked_entry(client)
    refused = client.post(f"/api/ledger/{seq}/signoff", json={"reviewer": "A. Shaw", "decision": "approve"})
    assert refused.status_code == 409 and "need attention" in refused.json()["detail"]
    override = [{"claim_id": "c1", "reason": "Kick-off moved; confirmed by the club."}]
    done = client.post(f"/api/ledger/{seq}/signoff",
                       json={"reviewer": "A. Shaw", "decision": "approve", "overrides": override})
    assert done.status_code == 201
    assert done.json()["content"]["overrides"] == override
    assert [r["kind"] for r in client.get("/api/ledger", params={"reviewer": "a. shaw"}).json()] == \
        ["check", "signoff"]
    assert client.get("/api/ledger/verify").json()["ok"] is True


def test_signoff_form_refuses_then_records(client: TestClient) -> None:
    seq = checked_entry(client)
    form_page = client.get(f"/ledger/{seq}/signoff").text
    assert "The sign-off gate is open: 1 claim needs attention" in form_page
    token = re.search(r'name="csrf_token" value="([^"]+)"', form_page)
    assert token
    data = {"csrf_token": token.group(1), "reviewer": "A. Shaw", "decision": "approve"}
    refused = client.post(f"/ledger/{seq}/signoff", data=data)
    assert "refused" in refused.text and 'value="A. Shaw"' in refused.text
    assert len(client.get("/api/ledger").json()) == 1
    done = client.post(f"/ledger/{seq}/signoff", data={**data, "override:c1": "Confirmed <b>by phone</b>."},
                       follow_redirects=False)
    assert done.status_code == 303
    entry_page = client.get(done.headers["location"]).text
    assert "approved</strong> by A. Shaw" in entry_page
    assert "override c1: Confirmed &lt;b&gt;by phone&lt;/b&gt;." in entry_page
    assert "approved by A. Shaw" in client.get("/ledger", params={"briefing": "pasted"}).text


def test_signoff_form_speaks_the_page_s_language_and_has_no_default_decision(client: TestClient) -> None:
    seq = checked_entry(client)
    form_page = client.get(f"/ledger/{seq}/signoff").text
    assert " checked" not in form_page and 'value="approve" required' in form_page  # no decision by default
    token = re.search(r'name="csrf_token" value="([^"]+)"', form_page)
    assert token
    refused = client.post(f"/ledger/{seq}/signoff",
                          data={"csrf_token": token.group(1), "reviewer": "A. Shaw", "decision": "approve"}).text
    problem = refused.split('id="signoff-problem"', 1)[1].split("</p>", 1)[0]
    assert "Approval refused: 1 claim (c1) needs an override reason" in problem
    assert "--override" not in refused and "CLAIM_ID" not in refused
    assert 'class="override missing-reason" id="override-box-c1"' in refused
    assert 'value="approve" required checked' in refused  # what was chosen stays chosen


def test_after_approval_the_report_says_so_and_offers_no_sign_off(client: TestClient) -> None:
    response = client.post("/check", data={"csrf_token": _token(client), "corpus": "demo", "text": BRIEFING},
                           follow_redirects=False)
    job = client.app.state.service.jobs.wait(response.headers["location"].rsplit("/", 1)[1], timeout=120)  # type: ignore[attr-defined]
    report_url = f"/reports/{job.result}"
    seq = max(row["seq"] for row in client.get("/api/ledger").json())
    before = client.get(report_url).text
    assert "need attention</strong> before sign-off" in before or "needs attention</strong> before sign-off" in before
    assert 'id="signoff-link" href' in before and 'class="button" id="signoff-link"' in before
    overrides = [{"claim_id": c, "reason": "Confirmed with the club."} for c in _attention(client, seq)]
    assert client.post(f"/api/ledger/{seq}/signoff", json={"reviewer": "A. Shaw", "decision": "approve",
                                                           "overrides": overrides}).status_code == 201
    for url in (report_url, f"/ledger/{seq}"):
        after = client.get(url).text
        status = after.split('id="status"', 1)[1].split("</p>", 1)[0]
        assert "<strong>Approved</strong> by A. Shaw" in status and "before sign-off" not in after
        assert 'class="button" id="signoff-link"' not in after and "record another decision" in after
    assert "Already approved by A. Shaw" in client.get(f"/ledger/{seq}/signoff").text


def _token(client: TestClient) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/check").text)
    assert token
    return token.group(1)


def _attention(client: TestClient, seq: int) -> list[str]:
    claims = client.get(f"/api/ledger/{seq}").json()["content"]["report"]["claims"]
    return [c["id"] for c in claims if c["needs_attention"]]


def test_reject_needs_no_override_but_a_decision(client: TestClient) -> None:
    seq = checked_entry(client)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/ledger/{seq}/signoff").text)
    assert token
    data = {"csrf_token": token.group(1), "reviewer": "A. Shaw"}
    assert "Choose a decision" in client.post(f"/ledger/{seq}/signoff", data={**data, "decision": "maybe"}).text
    assert client.post(f"/ledger/{seq}/signoff", data={**data, "decision": "reject"},
                       follow_redirects=False).status_code == 303


def test_verify_page_names_the_first_tampered_entry(client: TestClient, ledger_file: Path) -> None:
    checked_entry(client)
    assert 'data-ok="true"' in client.get("/ledger/verify").text
    assert 'id="tamper-warning"' not in client.get("/ledger/1").text

    with sqlite3.connect(ledger_file) as conn:  # as an attacker would: triggers dropped, a row edited
        conn.execute("DROP TRIGGER entries_no_update")
        conn.execute("UPDATE entries SET created = '2020-01-01T00:00:00+00:00' WHERE seq = 1")
    page = client.get("/ledger/verify").text
    assert 'data-ok="false"' in page and "broken at entry 1" in page
    shown = client.get("/ledger/1").text  # the entry page warns, as `ledger show --force` does
    assert 'id="tamper-warning"' in shown and "the ledger fails verification at entry 1" in shown
    assert client.get("/api/ledger/1/export").status_code == 400  # and the bundle is refused


def test_unknown_entries_and_servers_without_a_ledger(client: TestClient, fast_checker: Checker) -> None:
    assert client.get("/ledger/99").status_code == 404
    assert client.get("/api/ledger/99").status_code == 404
    with TestClient(create_app(WebConfig(), fast_checker), base_url=BASE) as plain:
        assert plain.get("/ledger").status_code == 404
        assert "Ledger" not in plain.get("/check").text.split("<main>")[0]


def test_disclosure_bundle_export(client: TestClient) -> None:
    seq = checked_entry(client)
    bundle = client.get(f"/api/ledger/{seq}/export")
    assert bundle.status_code == 200 and "attachment" in bundle.headers["content-disposition"]
    assert bundle.json()["check"]["seq"] == seq
    page = client.get(f"/api/ledger/{seq}/export", params={"format": "html"})
    assert page.headers["content-type"].startswith("text/html") and "Kelder Park" in page.text
    assert client.get(f"/api/ledger/{seq}/export", params={"format": "pdf"}).status_code == 422


def test_recheck_against_the_corpus_as_it_is_now(client: TestClient) -> None:
    seq = checked_entry(client)
    result = client.post(f"/api/ledger/{seq}/recheck", json={"corpus": "demo"})
    assert result.status_code == 200
    assert result.json()["entry"] == seq and result.json()["verdicts"] == []
    entry_page = client.get(f"/ledger/{seq}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', entry_page)
    assert token and 'id="recheck-form"' in entry_page
    response = client.post(f"/ledger/{seq}/recheck", data={"csrf_token": token.group(1), "corpus": "demo"},
                           follow_redirects=False)
    job = client.app.state.service.jobs.wait(response.headers["location"].rsplit("/", 1)[1], timeout=60)  # type: ignore[attr-defined]
    page = client.get(f"/reports/{job.result}").text
    assert f"Re-check of ledger entry {seq}" in page and 'id="recheck-status"' in page
    assert client.post("/api/ledger/99/recheck", json={"corpus": "demo"}).status_code == 404


def test_signoff_form_asks_a_reason_for_each_statement_left_out(client: TestClient, ledger_file: Path) -> None:
    from provcheck.ledger.testing import tiny_report

    report = tiny_report(verdict="supported", omitted=["No arrests were made <b>at all</b>."])
    with Ledger(ledger_file) as ledger:
        seq = ledger.append_check(report).seq
    form_page = client.get(f"/ledger/{seq}/signoff").text
    assert "the briefing leaves out 1 source statement" in form_page and 'id="override-o1"' in form_page
    assert "No arrests were made &lt;b&gt;at all&lt;/b&gt;." in form_page and "<b>at all" not in form_page
    data = {"csrf_token": _token(client), "reviewer": "A. Shaw", "decision": "approve"}
    refused = client.post(f"/ledger/{seq}/signoff", data=data).text
    assert "Approval refused: 1 statement left out by the briefing (o1) needs an override reason" in refused
    assert 'class="override left-out missing-reason" id="override-box-o1"' in refused
    before = client.get(f"/ledger/{seq}").text
    assert "the briefing leaves out 1 source statement</strong>" in before and "Left out by the briefing" in before
    done = client.post(f"/ledger/{seq}/signoff", data={**data, "override:o1": "Arrests are not in question."},
                       follow_redirects=False)
    assert done.status_code == 303
    assert "override o1: Arrests are not in question." in client.get(done.headers["location"]).text


def test_the_ledger_page_counts_and_a_recheck_names_what_is_left_out(client: TestClient, ledger_file: Path) -> None:
    from provcheck.ledger.recheck import OmissionChange, RecheckResult
    from provcheck.ledger.testing import tiny_report
    from provcheck.web.pages import _templates

    with Ledger(ledger_file) as ledger:
        seq = ledger.append_check(tiny_report(verdict="supported", omitted=["No arrests.", "Nobody hurt."])).seq
    row = re.search(rf'<tr id="entry-{seq}".*?</tr>', client.get("/ledger").text, re.S)
    assert row and '<span class="badge left-out">2 left out</span>' in row.group(0)
    result = RecheckResult(entry=seq, tool_before="0.1.0", tool_after="0.1.0", verdicts=[], sources=[], models=[],
                           settings={}, report=tiny_report(), omissions=[
                               OmissionChange(quote="Nobody <i>hurt</i>.", source="log.txt", before=None, after="o1")])
    html = _templates().env.get_template("_recheck.html").render(rc=result)
    assert 'id="recheck-left-out"' in html and "listed now (- → o1): Nobody &lt;i&gt;hurt&lt;/i&gt;." in html
