"""The web app as an analyst uses it: headless Chromium against a live server on 127.0.0.1.

Debian's ``chromium`` is driven through Playwright's Python package with
``executable_path``; no browser is ever downloaded. ``.ci/run`` installs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provcheck import Checker
from provcheck.web import CorpusConfig, WebConfig, create_app
from provcheck.web.server import running

from .conftest import DEMO
from .test_web import indexed_demo

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                 "(apt-get install -y --no-install-recommends chromium; .ci/run does this)")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page that records console errors and numbers its screenshots."""

    def __init__(self, browser: Any, folder: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.folder, self.shots = folder, 0

    def shot(self, name: str) -> Path:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def upload_demo(tab: Tab, url: str) -> None:
    """Upload the demo briefing on the check page and wait for its report."""
    page = tab.page
    page.goto(url + "/check")
    tab.shot("check")
    page.set_input_files("#file", str(DEMO / "briefing.md"))
    page.click("#run")
    page.wait_for_url(re.compile(r"/(jobs|reports)/"))
    tab.shot("progress")
    page.wait_for_url(re.compile(r"/reports/\w+$"), timeout=180_000)
    tab.shot("report")


def test_check_read_evidence_sign_off_find_in_ledger(browser: Any, fast_checker: Checker,
                                                     tmp_path_factory: pytest.TempPathFactory,
                                                     tmp_path: Path) -> None:
    db = indexed_demo(fast_checker, tmp_path_factory)
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=db)], ledger=tmp_path / "ledger.db")
    tab = Tab(browser, tmp_path)
    page = tab.page
    with running(create_app(config, fast_checker)) as url:
        upload_demo(tab, url)
        page.click("a.claim.v-contradicted:has-text('17:30')")
        detail = page.locator(".detail:target")
        assert detail.locator(".briefing-value").inner_text() == "17:30"
        assert detail.locator(".source-value").inner_text() == "12:30"
        assert "stewarding-plan-2026-10-24.pdf" in detail.inner_text()
        tab.shot("evidence")

        page.click("#show-attention")
        attention = page.locator("#claims tbody tr").count()
        omitted = page.locator("#omissions .omission").count()  # each statement left out needs a reason too
        assert page.locator("#claims .badge.v-contradicted").count() >= 1
        assert page.locator("#claims .badge.v-supported:not(.flagged)").count() == 0  # flagged ones need attention

        page.click("#signoff-link")
        page.fill("#reviewer", "A. Analyst")
        page.check("#decision-approve")
        page.click("#signoff-submit")
        assert "refused" in page.locator("#signoff-problem").inner_text()
        tab.shot("refused")
        boxes = page.locator("textarea[id^='override-']")
        assert boxes.count() == attention + omitted
        for i in range(boxes.count()):
            boxes.nth(i).fill("Checked with the duty officer by phone.")
        page.click("#signoff-submit")
        page.wait_for_url(re.compile(r"/ledger/\d+\?signed=\d+"))
        assert "approved" in page.locator("#ledger-entry").inner_text()
        tab.shot("signed")

        page.goto(url + "/ledger")
        page.fill("#search-reviewer", "A. Analyst")
        page.click("#ledger-search button")
        row = page.locator("#entries tr[data-kind='check']")
        assert row.count() == 1 and "approved by A. Analyst" in row.inner_text()
        page.click("#verify-link")
        assert page.locator("#verify-result").get_attribute("data-ok") == "true"
        tab.shot("verified")
    assert tab.errors == []
    assert len(list(tmp_path.glob("*.png"))) == tab.shots


@pytest.mark.model
def test_pasted_briefing_with_the_real_models(browser: Any, real_checker: Checker,
                                              tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    db = indexed_demo(real_checker, tmp_path_factory)
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=db)])
    tab = Tab(browser, tmp_path)
    page = tab.page
    with running(create_app(config, real_checker)) as url:
        page.goto(url + "/check")
        page.fill("#text", (DEMO / "briefing.md").read_text(encoding="utf-8"))
        page.click("#run")
        page.wait_for_url(re.compile(r"/reports/\w+$"), timeout=300_000)
        page.click("a.claim.v-contradicted:has-text('17:30')")
        assert page.locator(".detail:target .source-value").inner_text() == "12:30"
        assert "minilm" in page.locator(".report-head").inner_text()
        tab.shot("real-models")
    assert tab.errors == []


@pytest.fixture()
def demo_server(fast_checker: Checker, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[str]:
    """The app on a live port, with the demo corpus and a ledger under tmp_path."""
    db = indexed_demo(fast_checker, tmp_path_factory)
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=db)], ledger=tmp_path / "ledger.db")
    with running(create_app(config, fast_checker)) as url:
        yield url


def _shots(tmp_path: Path, name: str) -> Path:
    """Where a test's screenshots go: $PROVCHECK_SCREENSHOTS/NAME when set (to keep them), else tmp_path."""
    import os

    kept = os.environ.get("PROVCHECK_SCREENSHOTS")
    folder = Path(kept) / name if kept else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_claim_is_marked_and_clickable_in_the_briefing(browser: Any, demo_server: str, tmp_path: Path) -> None:
    tab = Tab(browser, _shots(tmp_path, "item1-marked"))
    page = tab.page
    upload_demo(tab, demo_server)
    ids = [row.get_attribute("data-claim") for row in page.locator("#claims tbody tr").all()]
    assert ids
    for cid in ids:  # each claim has a highlight or marker of its own in the briefing pane
        assert page.locator(f".briefing a[href='#claim-{cid}']").count() >= 1, cid
    starts = page.locator(".briefing a.claim").evaluate_all("els => els.map(e => e.dataset.claims)")
    assert all(starts)
    last = ids[-4]  # a claim near the end (the demo's c18 shares its start with c17)
    page.locator(f".briefing a[href='#claim-{last}']").first.click()
    assert page.locator(".detail:target").get_attribute("data-claim") == last
    assert page.locator(".briefing a.selected").count() >= 1
    tab.shot("claim-selected")
    assert tab.errors == []


def test_pasted_front_matter_is_metadata_not_a_claim(browser: Any, demo_server: str, tmp_path: Path) -> None:
    tab = Tab(browser, _shots(tmp_path, "item4-paste"))
    page = tab.page
    page.goto(demo_server + "/check")
    page.fill("#text", (DEMO / "briefing.md").read_text(encoding="utf-8"))
    tab.shot("pasted")
    page.click("#run")
    page.wait_for_url(re.compile(r"/reports/\w+$"), timeout=180_000)
    first = page.locator("#claims tbody tr").first.inner_text()
    assert first.startswith("c1") and "Eastmoor Rovers host Harrowgate Town" in first
    assert "title:" not in page.locator(".briefing").inner_text()
    tab.shot("report")
    assert tab.errors == []


def test_sign_off_refuses_in_plain_words_then_the_report_says_approved(browser: Any, demo_server: str,
                                                                       tmp_path: Path) -> None:
    tab = Tab(browser, _shots(tmp_path, "item8-signoff"))
    page = tab.page
    upload_demo(tab, demo_server)
    report_url = page.url
    page.click("#signoff-link")
    assert not page.is_checked("#decision-approve") and not page.is_checked("#decision-reject")
    page.fill("#reviewer", "A. Analyst")
    page.click("#signoff-submit")  # no decision chosen: the browser asks for one, nothing is posted
    assert page.locator("#signoff-problem").count() == 0
    page.check("#decision-approve")
    page.click("#signoff-submit")
    problem = page.locator("#signoff-problem").inner_text()
    assert problem.startswith("Approval refused:") and "--override" not in problem and "CLAIM_ID" not in problem
    assert page.locator(".override.missing-reason").count() == page.locator("textarea[id^='override-']").count()
    tab.shot("refused")
    boxes = page.locator("textarea[id^='override-']")
    for i in range(boxes.count()):
        boxes.nth(i).fill("Checked with the duty officer by phone.")
    page.click("#signoff-submit")
    page.wait_for_url(re.compile(r"/ledger/\d+\?signed=\d+"))
    page.goto(report_url)
    status = page.locator("#status").inner_text()
    assert status.startswith("Approved by A. Analyst") and "before sign-off" not in page.content()
    assert page.locator("a.button#signoff-link").count() == 0
    tab.shot("approved")
    assert tab.errors == []
