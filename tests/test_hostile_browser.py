"""Sources and briefings that attack the reader: in Chromium, no script of theirs runs on any page provcheck writes.

Hostile quotes (script tags, event handlers, ``javascript:`` links, SVG and MathML payloads, a file named
as markup) go into the sources' text, titles, gradings and file names and into the briefing. Each page —
the HTML report file, the disclosure bundle, and the web app's report, corpus and ledger pages — is opened
in headless Chromium; every payload would set ``window.__pwned`` or open a dialog if it ran.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from provcheck import Checker
from provcheck.inputs import check_inputs, read_inputs
from provcheck.ledger import Ledger
from provcheck.report import render
from provcheck.web import CorpusConfig, WebConfig, create_app
from provcheck.web.server import running

from .test_web_browser import Tab, browser, pytestmark  # noqa: F401 - the fixture and marks of the browser tests

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=2>",
    '<a href="javascript:window.__pwned=3">the log</a>',
    "<svg onload=window.__pwned=4><script>window.__pwned=5</script></svg>",
    '"><svg/onload=window.__pwned=6>',
    "</textarea></title></script><script>window.__pwned=7</script>",
    "<iframe srcdoc=\"<script>parent.__pwned=8</script>\"></iframe>",
    '<math><mi xlink:href="javascript:window.__pwned=9">x</mi></math>',
    "<details open ontoggle=window.__pwned=10>",
    "<style>*{background:url(\"javascript:window.__pwned=11\")}</style>",
    "[the log](javascript:window.__pwned=12) javascript:alert(13)",
    "' onmouseover='window.__pwned=14' x='",
    "<body onload=alert(15)><input autofocus onfocus=alert(16)>",
]
HOSTILE = " ".join(PAYLOADS)

# Run on each page: what the payloads left in the DOM that a browser could run.
_LIVE_MARKUP = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    if (el.tagName === 'SCRIPT' && el.type !== 'application/json' && /__pwned|alert/.test(el.textContent))
      bad.push('script: ' + el.textContent.slice(0, 60));
    for (const a of el.attributes) {
      const name = a.name.toLowerCase(), value = a.value.replace(/\\s/g, '').toLowerCase();
      if ((name.startsWith('on') || name === 'srcdoc') && /__pwned|alert/.test(value)
          || /(href|src|action|formaction)$/.test(name) && value.startsWith('javascript:'))
        bad.push(el.tagName + ' ' + name + '=' + a.value.slice(0, 60));
    }
  }
  return bad;
}"""


def hostile_sources(folder: Path) -> Path:
    """Sources whose text, title, grading, author and one file name carry the payloads."""
    folder.mkdir()
    (folder / "log.txt").write_text(f"About 1,200 fans arrived at Kelder Park. PC Riley wrote: {HOSTILE}\n\n"
                                    "No arrests were made at Kelder Park.\n", encoding="utf-8")
    quoted = HOSTILE.replace("'", "''")
    (folder / "intel.md").write_text(f"---\ntitle: '{quoted}'\ngrading: '<b onmouseover=alert(17)>B2</b>'\n"
                                     f"author: '<script>window.__pwned=18</script>'\n---\n"
                                     f"Fans plan to meet at The Lamplighter pub. {HOSTILE}\n", encoding="utf-8")
    (folder / "<img src=x onerror=window.__pwned=19>.txt").write_text(
        "Kick-off at Kelder Park was at 15:00.\n", encoding="utf-8")
    return folder


BRIEFING = (f"About 1,200 fans arrived at Kelder Park, PC Riley said: {PAYLOADS[0]} {PAYLOADS[1]}\n\n"
            f"Kick-off was at 15:00 {PAYLOADS[2]} and no arrests were made {PAYLOADS[3]}.\n\n"
            f"Fans will meet at The Lamplighter pub {' '.join(PAYLOADS[4:])}.\n")


def assert_nothing_ran(tab: Tab, dialogs: list[str], *, shown: bool = True) -> None:
    """No payload ran on the open page, none is live markup, no dialog opened; ``shown``: the quotes are there."""
    page = tab.page
    page.wait_for_load_state("load")
    page.mouse.move(300, 300)
    page.mouse.move(600, 500)  # the hover payloads
    assert page.evaluate("() => window.__pwned") is None, page.url
    assert page.evaluate(_LIVE_MARKUP) == [], page.url
    assert dialogs == [], page.url
    if shown:
        assert "__pwned" in page.content(), f"{page.url} does not show the hostile quotes at all"


def _tab(browser: Any, folder: Path) -> tuple[Tab, list[str]]:  # noqa: F811 - the fixture's value
    tab, dialogs = Tab(browser, folder), []
    tab.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return tab, dialogs


def test_report_file_and_disclosure_bundle(browser: Any, fast_checker: Checker,  # noqa: F811
                                           tmp_path: Path) -> None:
    sources = hostile_sources(tmp_path / "sources")
    briefing = tmp_path / "briefing.md"
    briefing.write_text(BRIEFING, encoding="utf-8")
    report = check_inputs(fast_checker, read_inputs(briefing, sources=sources))
    assert any("<script>" in c.text for c in report.claims)
    pages = {"report.html": render(report, "html")}
    with Ledger(tmp_path / "ledger.db") as ledger:
        entry = ledger.append_check(report)
        ledger.signoff(entry.seq, "<script>window.__pwned=20</script>", "reject",
                       {report.claims[0].id: "<img src=x onerror=window.__pwned=21>"})
        pages["bundle.html"] = ledger.export(entry.seq, "html")
    tab, dialogs = _tab(browser, tmp_path)
    for name, html in pages.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
        tab.page.goto((tmp_path / name).as_uri())
        assert_nothing_ran(tab, dialogs)
        tab.shot(name.removesuffix(".html"))
    assert not [e for e in tab.errors if "__pwned" in e or "alert" in e]


def test_web_pages(browser: Any, fast_checker: Checker, tmp_path: Path) -> None:  # noqa: F811
    db = tmp_path / "hostile.db"
    fast_checker.index(hostile_sources(tmp_path / "sources"), db)
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=db)], ledger=tmp_path / "ledger.db")
    tab, dialogs = _tab(browser, tmp_path)
    page = tab.page
    with running(create_app(config, fast_checker)) as url:
        page.goto(url + "/check")
        page.fill("#text", BRIEFING)
        page.click("#run")
        page.wait_for_url(re.compile(r"/reports/\w+$"), timeout=180_000)
        assert_nothing_ran(tab, dialogs)
        tab.shot("report")
        # the ledger's list and sign-off pages name the briefing and its claims' ids, not the quotes
        for path, shown in (("/corpus", True), ("/ledger", False), ("/ledger/1", True), ("/ledger/1/signoff", False)):
            assert page.goto(url + path).ok, path
            assert_nothing_ran(tab, dialogs, shown=shown)
            tab.shot(path.strip("/").replace("/", "-"))
    assert not [e for e in tab.errors if "__pwned" in e or "alert" in e]



def test_the_payloads_do_run_on_a_page_that_does_not_escape_them(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """The control: the same quotes pasted raw into a page run, and the checks above see it."""
    tab, dialogs = _tab(browser, tmp_path)
    raw = tmp_path / "raw.html"
    raw.write_text(f"<!doctype html><html><body><p>{HOSTILE}</p></body></html>", encoding="utf-8")
    tab.page.goto(raw.as_uri())
    tab.page.wait_for_load_state("load")
    assert tab.page.evaluate("() => window.__pwned") is not None
    assert len(tab.page.evaluate(_LIVE_MARKUP)) >= 5
