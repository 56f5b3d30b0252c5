"""Renderers: each turns a Report into text of one format."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape

from provcheck.report.readable import readable
from provcheck.report.segments import segments
from provcheck.schema import ClaimResult, Omission, Report, Verdict

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["FORMATS", "render", "render_terminal"]

COLOURS = {
    Verdict.SUPPORTED: "green", Verdict.PARTIAL: "yellow", Verdict.CONTRADICTED: "red",
    Verdict.UNSUPPORTED: "magenta", Verdict.CONFLICTING: "dark_orange", Verdict.NOT_CHECKABLE: "grey50",
}
ATTENTION_COLOUR = "yellow"
"""The colour of a claim that is supported but flagged (hedged, attributed, weak or milder support, a look-alike
name)."""


def to_json(report: Report) -> str:
    """The report as JSON (the schema of :class:`~provcheck.schema.Report`)."""
    return report.model_dump_json(indent=2)


def to_markdown(report: Report) -> str:
    """The report as Markdown: a summary line, then one section per claim."""
    lines = [f"# provcheck report: {report.briefing.path}", "", _summary_line(report), ""]
    for claim in report.claims:
        lines += [f"## {claim.id} \u2014 {_verdict_label(claim).upper()}", "", f"> {_md(claim.text)}", "",
                  f"**Why:** {_md(claim.reason)}"]
        if claim.flags:
            lines.append(f"**Flags:** {', '.join(f.value for f in claim.flags)}")
        if claim.source_value:
            briefing, source = _md(claim.briefing_value or ""), _md(claim.source_value)
            lines.append(f"**Briefing:** {briefing} \u2014 **Source:** {source}")
        for ev in claim.evidence:
            grade = f", graded {ev.grading}" if ev.grading else ""
            lines.append(f"- `{ev.source}` [{ev.start}:{ev.end}]{grade}, {ev.stance}: \u201c{_md(ev.quote)}\u201d")
        lines.append("")
    return "\n".join(lines + _markdown_omissions(report))


OMISSIONS_TITLE = "Left out by the briefing"
"""The heading of the section listing what the briefing leaves out, in every format."""


def _markdown_omissions(report: Report) -> list[str]:
    """The "Left out by the briefing" section: each item's quote, source, grading, score and what it bears on."""
    if not report.omissions and not report.omissions_note:
        return []
    lines = [f"## {OMISSIONS_TITLE}", ""] + ([_md(report.omissions_note), ""] if report.omissions_note else [])
    for o in report.omissions:
        grade = f", graded {_md(o.grading)}" if o.grading else ""
        where = f"`{o.source}` [{o.start}:{o.end}]{grade}, score {o.score:.2f}"
        lines += [f"- **{o.id}** {where}: \u201c{_md(o.quote)}\u201d",
                  f"  {_md(o.why)} Bears on the briefing's {_bears_on_what(o)}: \u201c{_md(o.bears_on)}\u201d", ""]
    return lines


def _bears_on_what(omission: Omission) -> str:
    """'conclusion', or 'sentence' with its claims' ids."""
    if omission.bears_on_conclusion:
        return "conclusion"
    return f"sentence ({', '.join(omission.claim_ids)})" if omission.claim_ids else "sentence"


def _md(text: str) -> str:
    """Escape Markdown and HTML control characters in quoted text."""
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "`*_[]#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def to_csv(report: Report) -> str:
    """One row per claim: id, span, verdict, confidence, reason, flags, first evidence; then what is left out.

    Each left-out statement is a row with verdict ``left_out``: its id (o1...), the span and text of the
    briefing sentence it bears on, its score as the confidence, why it matters as the reason, and the
    source quote as the evidence. With none listed, one ``omissions`` row gives the reason.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "start", "end", "verdict", "confidence", "text", "reason", "flags",
                     "source", "quote_start", "quote_end", "quote", "needs_attention"])
    for c in report.claims:
        ev = c.evidence[0] if c.evidence else None
        writer.writerow([c.id, c.start, c.end, c.verdict.value, c.confidence, _cell(c.text), _cell(c.reason),
                         " ".join(f.value for f in c.flags), ev.source if ev else "", ev.start if ev else "",
                         ev.end if ev else "", _cell(ev.quote) if ev else "", str(c.needs_attention).lower()])
    for o in report.omissions:
        writer.writerow([o.id, o.bears_on_start, o.bears_on_end, "left_out", o.score, _cell(o.bears_on), _cell(o.why),
                         "", o.source, o.start, o.end, _cell(o.quote), ""])
    if not report.omissions and report.omissions_note:
        writer.writerow(["omissions", "", "", "left_out", "", "", _cell(report.omissions_note), "", "", "", "", "", ""])
    return buffer.getvalue()


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas in quoted text."""
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("provcheck", "report/templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True))
    env.filters["readable"] = readable
    return env


LEGEND = {
    Verdict.SUPPORTED: "a source states it", Verdict.PARTIAL: "a detail is in no source",
    Verdict.CONTRADICTED: "a source says otherwise", Verdict.UNSUPPORTED: "no source says it",
    Verdict.CONFLICTING: "sources disagree", Verdict.NOT_CHECKABLE: "opinion, question or advice: not checked",
}
"""What each verdict's colour means, for the report's legend."""


def to_html(report: Report) -> str:
    """A self-contained HTML page: the briefing with claims highlighted, evidence beside each."""
    return _environment().get_template("report.html.j2").render(
        report=report, segments=segments(report), summary=_summary_line(report),
        verdicts=list(Verdict), legend=list(LEGEND.items()),
    )


def _summary_line(report: Report) -> str:
    """Counts by verdict, then how many claims need attention (flagged supported claims included).

    >>> from provcheck.ledger.testing import tiny_report
    >>> _summary_line(tiny_report("Kick-off is at 12:30.", verdict="supported"))
    '1 claims: 1 supported. nothing needs attention.'
    """
    counts = ", ".join(f"{n} {v.value}" for v, n in report.summary.items() if n)
    flagged = sum(1 for c in report.attention if not c.verdict.needs_attention)
    also = f" ({flagged} of them supported but flagged)" if flagged else ""
    n = len(report.attention)
    status = f"{n} NEED{'S' if n == 1 else ''} ATTENTION{also}" if n else "nothing needs attention"
    return f"{len(report.claims)} claims: {counts}. {status}."


def _verdict_label(claim: ClaimResult) -> str:
    """The verdict as shown: a flagged supported claim says that it needs attention."""
    if claim.needs_attention and not claim.verdict.needs_attention:
        return f"{claim.verdict.value}, needs attention"
    return claim.verdict.value


def _colour(claim: ClaimResult) -> str:
    return ATTENTION_COLOUR if claim.needs_attention and not claim.verdict.needs_attention else COLOURS[claim.verdict]


def render_terminal(report: Report, *, width: int | None = None) -> str:
    """A rich table for the terminal, one row per claim (colours when printed to a TTY)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"provcheck: {report.briefing.path}", show_lines=True, expand=True)
    for name, ratio in (("id", 1), ("verdict", 2), ("claim", 6), ("reason and evidence", 8)):
        table.add_column(name, ratio=ratio)
    for c in report.claims:
        detail = Text(c.reason)
        for flag in c.flags:
            detail.append(f"\n[{flag.value}]", style="bold yellow")
        for ev in c.evidence[:1]:
            detail.append(f"\n{ev.source} [{ev.start}:{ev.end}]: \u201c{ev.quote}\u201d", style="dim")
        table.add_row(c.id, Text(_verdict_label(c), style=_colour(c)), Text(c.text), detail)
    console = Console(record=True, width=width or 140, file=io.StringIO(), force_terminal=False)
    console.print(table)
    console.print(_summary_line(report))
    omitted = _terminal_omissions(report)
    if omitted is not None:
        console.print(omitted)
    return console.export_text()


def _terminal_omissions(report: Report) -> Text | None:
    """The "Left out by the briefing" section as rich Text (quotes are plain text, never markup), or None."""
    from rich.text import Text

    if not report.omissions and not report.omissions_note:
        return None
    out = Text(f"\n{OMISSIONS_TITLE}\n", style="bold")
    if report.omissions_note:
        out.append(f"{report.omissions_note}\n", style="dim")
    for o in report.omissions:
        grade = f", graded {o.grading}" if o.grading else ""
        out.append(f"{o.id} ", style="bold")
        out.append(f"{o.source} [{o.start}:{o.end}]{grade}, score {o.score:.2f}: \u201c{o.quote}\u201d\n")
        out.append(f"   {o.why} Bears on the briefing's {_bears_on_what(o)}: \u201c{o.bears_on}\u201d\n", style="dim")
    return out


FORMATS: dict[str, Callable[[Report], str]] = {
    "terminal": render_terminal,
    "json": to_json,
    "html": to_html,
    "markdown": to_markdown,
    "csv": to_csv,
}


def render(report: Report, fmt: str) -> str:
    """Render ``report`` in the named format."""
    return FORMATS[fmt](report)
