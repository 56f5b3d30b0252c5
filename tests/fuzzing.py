"""Shared pieces of the fuzz tests: how many inputs, a time limit per input, seeds and mutations.

``make test`` runs a few inputs per target (``PROVCHECK_FUZZ_EXAMPLES`` unset: 15);
``make fuzz`` sets it to 10,000 and prints Hypothesis' statistics (inputs tried per target).
"""

from __future__ import annotations

import io
import os
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cache

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("PROVCHECK_FUZZ_EXAMPLES", "15"))
SECONDS_PER_INPUT = float(os.environ.get("PROVCHECK_FUZZ_SECONDS", "20"))

FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=SECONDS_PER_INPUT), derandomize=EXAMPLES < 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture],
                database=None)
"""One setting for every fuzz target: derandomised (the same inputs each run) in ``make test``,
random in the long run."""


class HangError(Exception):
    """An input took longer than the time limit: a hang, reported as a failure."""


@contextmanager
def within(seconds: float = SECONDS_PER_INPUT) -> Iterator[None]:
    """Fail with :class:`HangError` when the body runs past ``seconds`` (SIGALRM: the main thread only)."""

    def _alarm(signum: int, frame: object) -> None:
        raise HangError(f"an input ran past {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Words the parsers look for, so random text reaches past the first branch.
TOKENS = ["About", "1,200", "fans", "arrived", "at", "15:00", "on", "3", "October", "2026", "no", "arrests", "were",
          "made", "Kelder", "Park", "PC", "Riley", "said", "reportedly", "-", "--", "---", "|", "*", "#", ":", ".", ",",
          "\n", "\n\n", "\t", "2-1", "twelve", "quarter past eleven", "midday", "aged 24", "Arrests: nil", "£3m",
          "3/E/1", "B2", "between", "and", "40%", "½", "٣", "Ⅻ", "\u200b", "\u202e", "о", "\ufeff", "\x00", "\r\n",
          "🙂", "e\u0301", "ß", "İ", "<", ">", "&amp;", "{", "}", "[", "]", "'", '"', "\\", "%", "1e308", "-0",
          "9" * 40, "0.000001", "1/0", "nan", "inf"]
TEXT = st.one_of(st.text(max_size=400), st.lists(st.sampled_from(TOKENS), max_size=60).map(" ".join),
                 st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=40).map("".join))


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """``seed`` with a few bytes overwritten, a slice dropped or repeated, random bytes inserted, or cut short."""

    @st.composite
    def _mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(0, 6))):
            if not data:
                break
            at = draw(st.integers(0, len(data) - 1))
            op = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
            size = draw(st.integers(1, 64))
            if op == "flip":
                data[at] = draw(st.integers(0, 255))
            elif op == "cut":
                del data[at:at + size]
            elif op == "repeat":
                data[at:at] = data[at:at + size]
            elif op == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=size))
            else:
                del data[at:]
        return bytes(data)

    return _mutate()


@cache
def docx_seed(text: str = "About 1,200 fans arrived at Kelder Park at 15:00.") -> bytes:
    """A real .docx (python-docx) with a paragraph, a table and an author."""
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Arrests", "2"
    document.core_properties.author = "PC Riley"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_body(xml_body: str) -> bytes:
    """The seed .docx with its ``word/document.xml`` replaced by ``xml_body`` (a valid zip, fuzzed XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_seed())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = xml_body.encode("utf-8", "surrogatepass") if item.filename == "word/document.xml" \
                else source.read(item.filename)
            target.writestr(item, data)
    return out.getvalue()


@cache
def pdf_seed(text: str = "About 1,200 fans arrived at Kelder Park at 15:00.") -> bytes:
    """A real one-page PDF (fpdf2) with a title."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.set_title("Match log")
    pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


EML_SEED = (b"From: PC Riley <riley@example.org>\r\nTo: ops@example.org\r\nSubject: Match log\r\n"
            b"Date: Sat, 03 Oct 2026 16:00:00 +0100\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            b"About 1,200 fans arrived =E2=80=94 no arrests.\r\n--b1\r\nContent-Type: text/html\r\n\r\n"
            b"<p>About 1,200 fans</p>\r\n--b1--\r\n")
HTML_SEED = (b"<!doctype html><html><head><title>Log</title><meta name=author content='PC Riley'>"
             b"<meta name=date content=2026-10-03><style>p{}</style></head><body><h1>Log</h1>"
             b"<p>About 1,200 fans <b>arrived</b>.</p><table><tr><td>Arrests</td><td>2</td></tr></table>"
             b"<script>alert(1)</script></body></html>")
MD_SEED = b"---\ntitle: Intel report\ngrading: 3/E/1\ndate: 2026-10-03\nextra: [1, 2]\n---\n# Log\n\nFans arrived.\n"
