"""The audit's summary: a row per briefing, written as ``summary.csv`` and ``summary.html``.

A row gives the counts by verdict, how many claims need attention, the worst of them (contradicted
first, then conflicting, unsupported, partial, flagged supported; the surest first within each), and
the sources quoted in support of the most claims. An unreadable or failed briefing's row says why.

>>> from provcheck.ledger.testing import tiny_report
>>> row = summary_row(tiny_report("Kick-off is at 12:30.", verdict="contradicted"), status=Status.CHECKED)
>>> row.counts[Verdict.CONTRADICTED], row.worst[0][:18]
(1, 'c1 contradicted: K')
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from functools import lru_cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from provcheck.audit.records import AuditResult, Status, SummaryRow
from provcheck.schema import ClaimResult, Report, Verdict

__all__ = ["SEVERITY", "summary_csv", "summary_html", "summary_row"]

SEVERITY = (Verdict.CONTRADICTED, Verdict.CONFLICTING, Verdict.UNSUPPORTED, Verdict.PARTIAL, Verdict.SUPPORTED)
"""The order of the worst claims: a supported claim is listed only when flagged (it needs attention)."""
_WORST = 3
_RELIED = 3
_TEXT = 90


def summary_row(report: Report, *, status: Status, report_json: str | None = None,
                report_html: str | None = None) -> SummaryRow:
    """The summary row of a checked (or resumed) briefing's report."""
    return SummaryRow(
        briefing=report.briefing.path, status=status, sha256=report.briefing.sha256, claims=len(report.claims),
        counts={v: report.summary.get(v, 0) for v in Verdict}, attention=len(report.attention),
        worst=[_worded(c) for c in _worst(report.attention)[:_WORST]], relied_on=_relied_on(report),
        report_json=report_json, report_html=report_html)


def _worst(claims: list[ClaimResult]) -> list[ClaimResult]:
    rank = {v: i for i, v in enumerate(SEVERITY)}
    order = {c.id: i for i, c in enumerate(claims)}
    return sorted(claims, key=lambda c: (rank.get(c.verdict, len(rank)), -c.confidence, order[c.id]))


def _worded(claim: ClaimResult) -> str:
    text = " ".join(claim.text.split())
    text = text if len(text) <= _TEXT else text[: _TEXT - 1] + "\u2026"
    label = claim.verdict.value if claim.verdict.needs_attention else f"{claim.verdict.value}, flagged"
    return f"{claim.id} {label}: {text}"


def _relied_on(report: Report) -> list[str]:
    """The sources quoted in support of the most claims, with how many: ``"log.txt (5 claims)"``."""
    counts = Counter(source for c in report.claims
                     for source in {e.source for e in c.evidence if e.stance == "supports"})
    return [f"{source} ({n} claim{'s' if n != 1 else ''})"
            for source, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:_RELIED]]


_COLUMNS = ["briefing", "status", "claims", *[v.value for v in Verdict], "needs_attention", "worst_claims",
            "sources_relied_on", "report_json", "report_html", "error"]


def summary_csv(result: AuditResult) -> str:
    """One row per briefing; lists are joined with ``" | "``; formulas in cells are neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_COLUMNS)
    for row in result.rows:
        writer.writerow([_cell(row.briefing), row.status.value, row.claims, *[row.counts.get(v, 0) for v in Verdict],
                         row.attention, _cell(" | ".join(row.worst)), _cell(" | ".join(row.relied_on)),
                         _cell(row.report_json or ""), _cell(row.report_html or ""), _cell(row.error or "")])
    return buffer.getvalue()


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas (a cell that starts with = + - or @)."""
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("provcheck", "audit/templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True))
    env.filters["href"] = quote  # a report's path as a relative link: spaces, '#' and '?' escaped
    return env


def summary_html(result: AuditResult) -> str:
    """A self-contained page: the totals, then a table row per briefing linking to its report (all escaped)."""
    totals = {s.value: result.count(s) for s in Status}
    return _environment().get_template("summary.html.j2").render(
        rows=result.rows, verdicts=list(Verdict), totals=totals,
        attention=sum(1 for r in result.rows if r.needs_attention))
