"""The web app through its test client: pages, the JSON API, and the guards around them."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from provcheck import Checker, Report, Verdict
from provcheck.schema import Document
from provcheck.web import CorpusConfig, WebConfig, create_app
from provcheck.web.jobs import Job, JobKind, JobRunner, JobState
from provcheck.web.uploads import document_from_upload

from .conftest import DEMO

BASE = "http://127.0.0.1"


def indexed_demo(checker: Checker, factory: pytest.TempPathFactory) -> Path:
    """The demo sources indexed with ``checker``, once per test session."""
    db = factory.getbasetemp() / f"web-demo-{checker.embedder.name}.db"
    if not db.exists():
        checker.index(DEMO / "sources", db)
    return db


@pytest.fixture(scope="module")
def demo_db(fast_checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return indexed_demo(fast_checker, tmp_path_factory)


@pytest.fixture(scope="module")
def client(fast_checker: Checker, demo_db: Path) -> Iterator[TestClient]:
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=demo_db)])
    with TestClient(create_app(config, fast_checker), base_url=BASE) as test_client:
        yield test_client


def csrf(client: TestClient) -> str:
    """The CSRF token the check form carries (the cookie is set on the client)."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/check").text)
    assert match
    return match.group(1)


def submit(client: TestClient, **form: object) -> str:
    """Post the check form and follow the job to its report page's URL."""
    files = form.pop("files", None)
    response = client.post("/check", data={"csrf_token": csrf(client), "corpus": "demo", **form},
                           files=files, follow_redirects=False)  # type: ignore[arg-type]
    assert response.status_code == 303, response.text
    job_id = response.headers["location"].rsplit("/", 1)[1]
    job = client.app.state.service.jobs.wait(job_id, timeout=120)  # type: ignore[attr-defined]
    assert job.state is JobState.DONE, job.error
    return f"/reports/{job.result}"


def test_check_page_offers_the_corpus_and_a_csrf_token(client: TestClient) -> None:
    page = client.get("/check")
    assert page.status_code == 200
    assert '<option value="demo">demo (12 documents)</option>' in page.text
    assert "provcheck_csrf" in client.cookies


def submit_demo(client: TestClient) -> str:
    """Upload the demo briefing; the URL of its report page."""
    with (DEMO / "briefing.md").open("rb") as handle:
        return submit(client, files={"file": ("briefing.md", handle, "text/markdown")})


def test_upload_the_demo_briefing_and_read_a_contradiction(client: TestClient) -> None:
    url = submit_demo(client)
    page = client.get(url).text
    assert "Report: briefing.md" in page
    assert '<td class="briefing-value">17:30</td><td class="source-value">12:30</td>' in page
    assert "Kick-off at Kelder Park is at 12:30, with turnstiles opening at 11:00." in page
    report = Report.model_validate(client.get("/api" + url).json())
    assert report.summary[Verdict.CONTRADICTED] >= 1


def test_attention_filter_lists_only_claims_that_need_attention(client: TestClient) -> None:
    url = submit(client, text=(DEMO / "briefing.md").read_text(encoding="utf-8"))
    report = Report.model_validate(client.get("/api" + url).json())
    rows = re.findall(r'<tr class="v-(\w+)" data-claim=', client.get(url + "?show=attention").text)
    assert rows and len(rows) == len(report.attention) == sum(c.needs_attention for c in report.claims)
    flagged = [c for c in report.attention if c.verdict is Verdict.SUPPORTED]
    assert flagged and all(c.flags for c in flagged)  # the demo's hedged coach claim needs attention too
    assert f"{len(report.attention)} claims need attention" in client.get(url).text
    assert len(re.findall(r'<tr class="v-', client.get(url).text)) == len(report.claims)


def test_quoted_text_is_escaped(client: TestClient) -> None:
    url = submit(client, text='<script>alert("x")</script> About 5,000 away fans attended the match at Kelder Park.')
    page = client.get(url).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_form_without_a_matching_csrf_token_is_refused(client: TestClient) -> None:
    csrf(client)
    for token in ("", "forged"):
        response = client.post("/check", data={"csrf_token": token, "corpus": "demo", "text": "Fans came."})
        assert response.status_code == 400
        assert "reload the page" in response.text


def test_cross_site_post_is_refused(client: TestClient) -> None:
    data = {"csrf_token": csrf(client), "corpus": "demo", "text": "Fans came."}
    assert client.post("/check", data=data, headers={"Origin": "http://evil.test"}).status_code == 403
    assert client.post("/api/check", json={"text": "x", "corpus": "demo"},
                       headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


@pytest.mark.parametrize(("name", "data", "message"), [
    ("run.exe", b"MZ...", "upload a briefing of type"),
    ("briefing.pdf", b"not a pdf at all", "this is not a .pdf file"),
    ("briefing.docx", b"plain text", "this is not a .docx file"),
    ("briefing.txt", b"\x00\x01binary", "binary file"),
])
def test_uploads_of_the_wrong_type_are_refused(client: TestClient, name: str, data: bytes, message: str) -> None:
    response = client.post("/check", data={"csrf_token": csrf(client), "corpus": "demo"},
                           files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 400
    assert message in response.text


def test_oversized_upload_is_refused(fast_checker: Checker, demo_db: Path) -> None:
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=demo_db)], max_upload_bytes=1000)
    with TestClient(create_app(config, fast_checker), base_url=BASE) as small:
        big = b"Fans came. " * 20_000
        response = small.post("/api/check/upload", data={"corpus": "demo"}, files={"file": ("b.txt", big)})
        assert response.status_code == 413
        response = small.post("/api/check/upload", data={"corpus": "demo"}, files={"file": ("b.txt", big[:2000])})
        assert response.status_code == 400
        assert "over the 1,000-byte upload limit" in response.json()["detail"]


def test_pages_carry_security_headers_and_refuse_foreign_hosts(client: TestClient) -> None:
    headers = client.get("/check").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert client.get("/check", headers={"Host": "evil.test"}).status_code == 400


def test_token_is_required_when_configured(fast_checker: Checker, demo_db: Path) -> None:
    token = "t" * 24
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=demo_db)], token=token, allowed_hosts=["*"])
    with TestClient(create_app(config, fast_checker), base_url="http://192.0.2.1") as remote:
        assert remote.get("/check").status_code == 401
        assert remote.get("/api/corpora", headers={"Authorization": "Bearer wrong-token-1234"}).status_code == 401
        assert remote.get("/api/corpora", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        opened = remote.get(f"/check?token={token}", follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == "/check"
        assert remote.get("/check").status_code == 200


def test_api_check_returns_the_report_schema(client: TestClient) -> None:
    response = client.post("/api/check", json={"text": "Kick-off at Kelder Park is at 17:30.", "corpus": "demo"})
    assert response.status_code == 200
    report = Report.model_validate(response.json())
    assert report.claims[0].verdict is Verdict.CONTRADICTED
    assert report.claims[0].source_value == "12:30"
    again = client.get(response.headers["location"]).json()
    assert again == response.json()
    markdown = client.get(response.headers["location"], params={"format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown") and "CONTRADICTED" in markdown.text


def test_api_claims_and_corpora(client: TestClient) -> None:
    claims = client.post("/api/claims", json={"text": "Kick-off is at 17:30. Should fans travel?"}).json()
    assert [c["checkable"] for c in claims] == [True, False]
    corpora = client.get("/api/corpora").json()
    assert corpora[0]["name"] == "demo" and len(corpora[0]["documents"]) == 12


def test_api_errors_say_what_to_do(client: TestClient) -> None:
    unknown = client.post("/api/check", json={"text": "Fans came at 3pm.", "corpus": "nope"})
    assert unknown.status_code == 400 and "choose one of: demo" in unknown.json()["detail"]
    assert client.get("/api/reports/nope").status_code == 404
    assert client.get("/reports/nope").status_code == 404
    assert client.get("/api/jobs/nope").status_code == 404
    assert client.post("/api/corpora/demo/index").status_code == 400


def test_openapi_document_is_served(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "provcheck"
    assert "/api/check" in schema["paths"] and "/check" not in schema["paths"]
    assert "Report" in schema["components"]["schemas"]


def test_corpus_page_and_reindex(fast_checker: Checker, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(DEMO / "sources" / "intel-report-0412.md", sources)
    config = WebConfig(corpora=[CorpusConfig(name="small", db=tmp_path / "small.db", sources=sources)])
    with TestClient(create_app(config, fast_checker), base_url=BASE) as web:
        assert "Not indexed yet." in web.get("/corpus").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', web.get("/corpus").text)
        assert token
        response = web.post("/corpus/small/index", data={"csrf_token": token.group(1)}, follow_redirects=False)
        job = web.app.state.service.jobs.wait(response.headers["location"].rsplit("/", 1)[1], timeout=60)  # type: ignore[attr-defined]
        assert job.state is JobState.DONE and job.stats["added"] == 1  # type: ignore[index]
        page = web.get("/corpus").text
        assert "intel-report-0412.md" in page and "1 documents" in page


def test_job_runner_reports_failures() -> None:
    from provcheck.errors import EmptyInputError

    def refuse(job: Job) -> None:
        raise EmptyInputError("nothing to check; paste the briefing")

    def crash(job: Job) -> None:
        raise RuntimeError("boom")

    runner = JobRunner()
    try:
        refused = runner.wait(runner.submit(JobKind.CHECK, "b", "demo", refuse).id, timeout=5)
        crashed = runner.wait(runner.submit(JobKind.CHECK, "b", "demo", crash).id, timeout=5)
    finally:
        runner.close()
    assert (refused.state, refused.error) == (JobState.FAILED, "nothing to check; paste the briefing")
    assert crashed.state is JobState.FAILED and "boom" not in (crashed.error or "")


@pytest.mark.parametrize(("name", "pages"), [("debrief-2026-03-18.docx", False),
                                             ("stewarding-plan-2026-10-24.pdf", True)])
def test_docx_and_pdf_uploads_are_read_in_memory(name: str, pages: bool) -> None:
    data = (DEMO / "sources" / name).read_bytes()
    document = document_from_upload(f"../../{name}", data, max_bytes=len(data))
    assert document.path == name and len(document.text) > 100
    assert bool(document.pages) is pages


def test_uploaded_names_never_reach_the_file_system(client: TestClient, tmp_path: Path) -> None:
    target = tmp_path / "planted.md"
    name = f"../../../../..{target}"
    response = client.post("/api/check/upload", data={"corpus": "demo"},
                           files={"file": (name, b"Kick-off at Kelder Park is at 17:30.")})
    assert response.status_code == 200
    assert response.json()["briefing"]["path"] == "planted.md"
    assert not target.exists()


def test_progress_page_and_static_assets(client: TestClient) -> None:
    response = client.post("/check", data={"csrf_token": csrf(client), "corpus": "demo",
                                           "text": "Kick-off at Kelder Park is at 17:30."}, follow_redirects=False)
    page = client.get(response.headers["location"]).text
    assert 'id="job-stage"' in page and "Checking <em>pasted briefing</em>" in page
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert "<script>" not in page  # the only script is the static file (the CSP forbids inline ones)
    cookie = client.get("/check", headers={"Cookie": ""}).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_analyst_chooses_among_several_corpora(fast_checker: Checker, demo_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    shutil.copy(demo_db, other)
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=demo_db), CorpusConfig(name="other", db=other),
                                CorpusConfig(name="empty", db=tmp_path / "none.db")])
    with TestClient(create_app(config, fast_checker), base_url=BASE) as web:
        page = web.get("/check").text
        assert '<option value="other">other (12 documents)</option>' in page
        assert '<option value="empty" disabled>empty (not indexed)</option>' in page
        report = web.post("/api/check", json={"text": "Kick-off at Kelder Park is at 17:30.", "corpus": "other"})
        assert report.status_code == 200 and report.json()["claims"][0]["source_value"] == "12:30"
        missing = web.post("/api/check", json={"text": "Kick-off at Kelder Park is at 17:30.", "corpus": "empty"})
        assert missing.status_code == 400 and "provcheck index" in missing.json()["detail"]


def test_the_claim_page_explains_flags_missing_details_and_gradings(client: TestClient) -> None:
    page = client.get(submit_demo(client)).text
    assert "40 official coaches" in page and "14 official coaches" in page  # the clash, side by side
    assert "<strong>certainty raised:</strong> The briefing states" in page
    assert "hedges (“Unconfirmed”)" in page
    assert "(Admiralty A1: source completely reliable, information confirmed by other sources)" in page


def test_the_briefing_pane_links_every_claim(client: TestClient) -> None:
    url = submit_demo(client)
    report = Report.model_validate(client.get("/api" + url).json())
    pane = client.get(url).text.split('<div class="briefing">', 1)[1].split("</div>", 1)[0]
    for claim in report.claims:  # the same segments as the static report (c18 starts where c17 does)
        assert f'href="#claim-{claim.id}"' in pane, claim.id


def test_pasted_markdown_is_read_as_a_file_is() -> None:
    from provcheck.ingest import read_document
    from provcheck.web.uploads import document_from_text

    text = (DEMO / "briefing.md").read_text(encoding="utf-8")
    pasted, filed = document_from_text(text, max_chars=100_000), read_document(DEMO / "briefing.md")
    assert pasted.text == filed.text and pasted.metadata == filed.metadata
    assert pasted.metadata.date == "2026-10-21" and pasted.metadata.title and "title:" not in pasted.text


def test_a_pasted_briefing_gets_the_claims_of_the_uploaded_file(client: TestClient) -> None:
    pasted = Report.model_validate(client.get("/api" + submit(
        client, text=(DEMO / "briefing.md").read_text(encoding="utf-8"))).json())
    uploaded = Report.model_validate(client.get("/api" + submit_demo(client)).json())
    assert [(c.id, c.text) for c in pasted.claims] == [(c.id, c.text) for c in uploaded.claims]
    assert not any("title:" in c.text or "author:" in c.text for c in pasted.claims)
    assert pasted.briefing.title == uploaded.briefing.title


def test_the_check_form_takes_the_briefing_date(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert 'name="as_of"' in client.get("/check").text
    service = client.app.state.service  # type: ignore[attr-defined]
    checked: list[Document] = []
    start = service.start_check
    monkeypatch.setattr(service, "start_check", lambda doc, corpus: checked.append(doc) or start(doc, corpus))
    text = "The official coaches will arrive at the Mill Lane coach park at about 11:15."
    submit(client, text=text)
    submit(client, text=text, as_of="2027-10-21")
    submit(client, text="---\ndate: 2026-10-21\n---\n" + text, as_of="2027-10-21")  # the form's date wins
    assert [d.metadata.date for d in checked] == [None, "2027-10-21", "2027-10-21"]
    refused = client.post("/check", data={"csrf_token": csrf(client), "corpus": "demo", "text": text,
                                          "as_of": "next week"})
    assert refused.status_code == 400 and "YYYY-MM-DD" in refused.text


def test_errors_are_pages_for_people_and_json_for_the_api(fast_checker: Checker, demo_db: Path) -> None:
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=demo_db)], max_upload_bytes=1000)
    with TestClient(create_app(config, fast_checker), base_url=BASE) as small:
        mistyped = small.get("/reprots/123")
        assert mistyped.status_code == 404 and mistyped.headers["content-type"].startswith("text/html")
        assert "There is no page at /reprots/123" in mistyped.text
        assert small.get("/api/nothing").json() == {"detail": "Not Found"}
        big = b"Fans came. " * 20_000
        page = small.post("/check", data={"corpus": "demo"}, files={"file": ("b.txt", big)})
        assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
        assert "over the 1,000-byte upload limit" in page.text and "<h1>" in page.text
        api = small.post("/api/check/upload", data={"corpus": "demo"}, files={"file": ("b.txt", big)})
        assert api.status_code == 413 and "over the 1,000-byte upload limit" in api.json()["detail"]


def test_head_is_answered_like_get_without_a_body(client: TestClient) -> None:
    head, get = client.head("/", follow_redirects=False), client.get("/", follow_redirects=False)
    assert head.status_code == get.status_code == 303 and head.headers["location"] == "/check"
    page = client.head("/check")
    assert page.status_code == 200 and page.content == b"" and page.headers["content-type"].startswith("text/html")


def test_the_server_log_names_each_request(client: TestClient) -> None:
    import io

    from provcheck.web.server import log_requests

    stream = io.StringIO()
    handler = log_requests(stream)
    try:
        client.get("/check?token=secret-never-logged")
        client.get("/reprots/1")
    finally:
        logging.getLogger("provcheck.web").removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert any("GET /check -> 200 in" in line for line in lines)
    assert any("GET /reprots/1 -> 404 in" in line for line in lines)
    assert "secret-never-logged" not in stream.getvalue()


def test_the_report_page_shows_what_the_briefing_leaves_out_escaped(client: TestClient) -> None:
    from .test_report import left_out_report

    service = client.app.state.service  # type: ignore[attr-defined]
    stored = service.reports.add(left_out_report(), "demo", None)
    page = client.get(f"/reports/{stored.id}").text
    section = page.split('<section class="omissions" id="omissions">', 1)[1].split("</section>", 1)[0]
    assert "<h2>Left out by the briefing</h2>" in section and "<script>" not in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in section and "score 0.73" in section
    assert 'href="#claim-c1"' in section and "grading B2" in section
    noted = left_out_report("none listed: nothing weakens it").model_copy(update={"omissions": []})
    page = client.get(f"/reports/{service.reports.add(noted, 'demo', None).id}").text
    assert "Left out by the briefing" in page and "none listed: nothing weakens it" in page


def test_a_check_job_shows_how_far_it_has_gone(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.web.service

    seen: list[tuple[str, int, int]] = []
    real = provcheck.web.service._follow

    def recording(job: Job):  # type: ignore[no-untyped-def]
        follow = real(job)
        return lambda stage, done, total: (seen.append((stage, done, total)), follow(stage, done, total))

    monkeypatch.setattr(provcheck.web.service, "_follow", recording)
    submit(client, text="Kick-off at Kelder Park is at 17:30. About 5,000 away fans will travel.")
    assert ("verifying the claims", 2, 2) in seen and seen[0][0] == "finding the claims"
    job = Job(id="j", kind=JobKind.CHECK, label="b.md", corpus="demo", state=JobState.RUNNING)
    provcheck.web.service._follow(job)("verifying the claims", 200, 1000)
    assert (job.stage, job.done, job.total) == ("verifying the claims", 200, 1000)
    monkeypatch.setattr(client.app.state.service.jobs, "get", lambda _: job)  # type: ignore[attr-defined]
    page = client.get("/jobs/j").text
    assert "verifying the claims (200 of 1000)" in page and 'max="1000" value="200"' in page
