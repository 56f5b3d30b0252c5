"""Disclosure bundles: one check entry with its report, hashes, sign-offs and chain proof, as JSON or HTML.

A bundle can be checked on its own, years later, with :func:`verify_bundle`:
the stored content of each entry is re-hashed and the proof links the check to
the ledger's head hash at export time (compare it with a head you published).

>>> import tempfile, pathlib
>>> from provcheck.ledger.core import Ledger
>>> from provcheck.ledger.testing import tiny_report
>>> with Ledger(pathlib.Path(tempfile.mkdtemp()) / "l.db") as ledger:
...     entry = ledger.append_check(tiny_report())
...     _ = ledger.signoff(entry.seq, "A. Shaw", "reject")
...     made = bundle(ledger, entry.seq)
>>> verify_bundle(made).ok, len(made.signoffs), "&lt;script" in render_bundle(made, "html")
(True, 1, False)
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jinja2 import Environment, select_autoescape
from pydantic import BaseModel, ConfigDict

from provcheck.errors import LedgerError
from provcheck.ledger.chain import content_sha256, link_problem
from provcheck.ledger.records import ChainLink, CheckContent, Entry, VerifyResult
from provcheck.ledger.signing import signature_ok

if TYPE_CHECKING:
    from provcheck.ledger.core import Ledger

__all__ = ["BUNDLE_FORMAT", "Bundle", "bundle", "render_bundle", "verify_bundle", "verify_file"]

BUNDLE_FORMAT: Literal["provcheck-disclosure-1"] = "provcheck-disclosure-1"


class Bundle(BaseModel):
    """A check entry, its sign-offs, their stored content (``raw``, by sequence number) and the chain proof."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["provcheck-disclosure-1"] = BUNDLE_FORMAT
    exported: str
    ledger_head: str
    check: Entry
    signoffs: list[Entry]
    raw: dict[str, str]
    proof: list[ChainLink]
    warning: str | None = None
    """Set when the ledger failed verification and the bundle was exported anyway (``--force``)."""


def bundle(ledger: Ledger, seq: int, *, warning: str | None = None) -> Bundle:
    """The disclosure bundle of check entry ``seq`` (``warning``: why it cannot be trusted, carried inside)."""
    check = ledger.get(seq)
    if not isinstance(check.content, CheckContent):
        raise LedgerError(f"entry {seq} is a sign-off; export the check it refers to (entry {check.content.check})")
    signoffs = ledger.signoffs(seq)
    proof = ledger.proof(seq)
    raw = {str(e.seq): ledger.raw_content(e.seq) for e in [check, *signoffs]}
    return Bundle(exported=datetime.now(UTC).isoformat(timespec="seconds"), ledger_head=proof[-1].hash,
                  check=check, signoffs=signoffs, raw=raw, proof=proof, warning=warning)


def verify_bundle(made: Bundle) -> VerifyResult:
    """Re-check a bundle on its own: content hashes, the proof from the check to the head, signatures."""
    links = {link.seq: link for link in made.proof}
    for entry in [made.check, *made.signoffs]:
        problem = _entry_problem(entry, made.raw.get(str(entry.seq)), links.get(entry.seq))
        if problem:
            return VerifyResult(ok=False, entries=len(made.proof), first_bad=entry.seq, problem=problem)
    prev: ChainLink | None = None
    for link in made.proof:
        problem = link_problem(link, prev) if prev else _alone(link)
        if problem:
            return VerifyResult(ok=False, entries=len(made.proof), first_bad=link.seq, problem=problem)
        prev = link
    if prev is None or prev.hash != made.ledger_head:
        return VerifyResult(ok=False, entries=len(made.proof), problem="the proof does not end at the ledger head")
    signed = sum(1 for e in [made.check, *made.signoffs] if e.signature)
    return VerifyResult(ok=True, entries=len(made.proof), signed=signed, head=made.ledger_head)


def verify_file(path: str | Path) -> VerifyResult:
    """Verify a JSON bundle written by ``provcheck ledger export --format json``."""
    try:
        made = Bundle.model_validate_json(Path(path).read_bytes())
    except (OSError, ValueError) as err:
        raise LedgerError(f"{path}: not a readable JSON disclosure bundle ({str(err).splitlines()[0]}); "
                          "export one with: provcheck ledger export ENTRY --format json") from err
    return verify_bundle(made)


def _alone(link: ChainLink) -> str | None:
    """Check the first link of a proof by its own hash only (its predecessor is not in the bundle)."""
    from provcheck.ledger.chain import GENESIS

    prev = None if link.seq == 1 else ChainLink(seq=link.seq - 1, created="", kind=link.kind,
                                                   prev_hash=GENESIS, content_sha256="", hash=link.prev_hash)
    return link_problem(link, prev)


def _entry_problem(entry: Entry, raw: str | None, link: ChainLink | None) -> str | None:
    if raw is None or link is None:
        return f"entry {entry.seq} has no stored content or no place in the proof"
    try:
        if content_sha256(raw) != entry.content_sha256 or entry.link() != link:
            return f"entry {entry.seq} was altered (its content does not match its hash)"
        if type(entry.content).model_validate(json.loads(raw)) != entry.content:
            return f"entry {entry.seq}: the readable copy differs from the stored content"
    except (ValueError, TypeError) as err:  # stored content that is not JSON, or not an entry's content
        return f"entry {entry.seq} was altered (its stored content is unreadable: {str(err).splitlines()[0]})"
    if entry.signature and not (entry.public_key and signature_ok(entry.hash, entry.signature, entry.public_key)):
        return f"entry {entry.seq} has an invalid signature"
    return None


def render_bundle(made: Bundle, fmt: str = "json") -> str:
    """The bundle as JSON, or as one self-contained HTML page (everything escaped; the JSON embedded)."""
    if fmt == "json":
        return made.model_dump_json(indent=2)
    if fmt != "html":
        raise LedgerError(f"unknown export format {fmt!r}; choose json or html")
    embedded = made.model_dump_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    overrides = {o.claim_id: f"{s.content.reviewer}: {o.reason}"  # type: ignore[union-attr]
                 for s in made.signoffs for o in s.content.overrides}  # type: ignore[union-attr]
    return _template().render(b=made, c=made.check.content, overrides=overrides, embedded=embedded,
                              verified=verify_bundle(made))


def _template():  # type: ignore[no-untyped-def]
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(_HTML)


_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>provcheck disclosure: entry {{ b.check.seq }} ({{ c.briefing.path }})</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top}code,.h{font-family:monospace;font-size:12px;word-break:break-all}
.attention{background:#fff1f0}.ok{color:#0a0}.bad{color:#c00}
</style></head><body>
<h1>Disclosure bundle: check entry {{ b.check.seq }}</h1>
{% if b.warning %}<p class="bad" id="warning"><strong>{{ b.warning }}</strong></p>{% endif %}
<p>Briefing <strong>{{ c.briefing.path }}</strong>{% if c.briefing.title %} ({{ c.briefing.title }}){% endif %},
checked {{ b.check.created }} with provcheck {{ c.tool_version }}. Exported {{ b.exported }}.</p>
<p>Bundle check: {% if verified.ok %}<span class="ok">the hashes and the chain proof are consistent</span>
{% else %}<span class="bad">FAILED: {{ verified.problem }}</span>{% endif %}.
Ledger head at export: <code>{{ b.ledger_head }}</code> (compare it with the head your organisation recorded).</p>
<h2>Hashes</h2><table>
<tr><th>briefing file</th><td class="h">{{ c.briefing.sha256 }}</td></tr>
<tr><th>briefing text</th><td class="h">{{ c.briefing_text_sha256 }}</td></tr>
<tr><th>entry</th><td class="h">{{ b.check.hash }}</td></tr>
{% if b.check.signature %}<tr><th>signature</th><td class="h">{{ b.check.signature }} by key
{{ b.check.public_key }}</td></tr>{% endif %}</table>
<h2>Sources</h2><table><tr><th>path</th><th>title</th><th>date</th><th>grading</th><th>SHA-256</th></tr>
{% for s in c.sources %}<tr><td>{{ s.path }}</td><td>{{ s.title or "" }}</td><td>{{ s.date or "" }}</td>
<td>{{ s.grading or "" }}</td><td class="h">{{ s.sha256 }}</td></tr>{% endfor %}</table>
<h2>Models and settings</h2><table><tr><th>role</th><th>name</th><th>weights SHA-256</th></tr>
{% for m in c.models %}<tr><td>{{ m.role }}</td><td>{{ m.name }}</td><td class="h">{{ m.sha256 or "none" }}</td>
</tr>{% endfor %}</table>
<pre>{{ c.settings | tojson(indent=2) }}</pre>
<h2>Sign-offs</h2>{% if not b.signoffs %}<p>None yet.</p>{% endif %}
{% for s in b.signoffs %}<p><strong>{{ s.content.decision.value }}</strong> by {{ s.content.reviewer }} at
{{ s.created }} (entry {{ s.seq }}, <code>{{ s.hash }}</code>)</p>{% if s.content.overrides %}<ul>
{% for o in s.content.overrides %}<li>{{ o.claim_id }}: {{ o.reason }}</li>{% endfor %}</ul>{% endif %}{% endfor %}
<h2>Claims</h2><table><tr><th>id</th><th>verdict</th><th>claim</th><th>reason</th><th>override</th></tr>
{% for k in c.report.claims %}<tr class="{{ 'attention' if k.needs_attention else '' }}"><td>{{ k.id }}</td>
<td>{{ k.verdict.value }}</td><td>{{ k.text }}</td><td>{{ k.reason }}</td><td>{{ overrides.get(k.id, "") }}</td>
</tr>{% endfor %}</table>
{% if c.report.omissions or c.report.omissions_note %}<h2>Left out by the briefing</h2>
{% if c.report.omissions_note %}<p>{{ c.report.omissions_note }}</p>{% endif %}{% if c.report.omissions %}
<table><tr><th>id</th><th>source</th><th>statement left out</th><th>why</th><th>bears on</th><th>score</th>
<th>override</th></tr>{% for o in c.report.omissions %}<tr class="attention"><td>{{ o.id }}</td>
<td>{{ o.source }} [{{ o.start }}:{{ o.end }}]{% if o.grading %}, graded {{ o.grading }}{% endif %}</td>
<td>{{ o.quote }}</td><td>{{ o.why }}</td><td>{{ o.bears_on }}</td><td>{{ '%.2f' % o.score }}</td>
<td>{{ overrides.get(o.id, "") }}</td></tr>{% endfor %}</table>{% endif %}{% endif %}
<h2>Briefing text</h2><pre style="white-space:pre-wrap">{{ c.report.briefing_text }}</pre>
<h2>Chain proof</h2><table><tr><th>entry</th><th>kind</th><th>time</th><th>previous hash</th><th>content SHA-256</th>
<th>hash</th></tr>{% for l in b.proof %}<tr><td>{{ l.seq }}</td><td>{{ l.kind.value }}</td><td>{{ l.created }}</td>
<td class="h">{{ l.prev_hash }}</td><td class="h">{{ l.content_sha256 }}</td><td class="h">{{ l.hash }}</td></tr>
{% endfor %}</table>
<p>Each hash is the SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of
{"content_sha256", "created", "kind", "prev_hash", "seq"}. The machine-readable bundle is embedded below.</p>
<script type="application/json" id="provcheck-bundle">{{ embedded | safe }}</script>
</body></html>
"""
