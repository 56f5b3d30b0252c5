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
        assert page.locator("#claims .badge.v-contradicted").count() >= 1
        assert page.locator("#claims .badge.v-supported:not(.flagged)").count() == 0  # flagged ones need attention

        page.click("#signoff-link")
        page.fill("#reviewer", "A. Analyst")
        page.check("#decision-approve")
        page.click("#signoff-submit")
        assert "refused" in page.locator("#signoff-problem").inner_text()
        tab.shot("refused")
        boxes = page.locator("textarea[id^='override-']")
        assert boxes.count() == attention
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
