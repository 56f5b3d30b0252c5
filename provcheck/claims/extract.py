"""Briefing text -> Claims: atomic pieces of each sentence, anchored to their spans, with atoms."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from provcheck.claims.atom_rules import atoms_in
from provcheck.claims.blocks import briefing_blocks
from provcheck.claims.coref import Mentions
from provcheck.claims.decompose import Piece, decompose, piece_runs, piece_text
from provcheck.claims.extract_blocks import PIECE_CHARS, pieces, text_blocks
from provcheck.claims.lexicon import hedge_in, is_english, negates, not_checkable_reason
from provcheck.claims.nlp import load_nlp
from provcheck.schema import Certainty, Claim, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = ["extract_claims", "text_blocks"]

log = logging.getLogger("provcheck.claims")
_LONG_SENTENCE = 120
_CHUNK = 60
_REPORTED_OK = {"a forecast", "a recommendation"}
_EVERY = 20  # blocks between two progress reports


def extract_claims(text: str, *, as_of: date | None = None,
                   progress: Callable[[str, int, int], None] | None = None) -> list[Claim]:
    """Every claim in ``text``; ``text[claim.start:claim.end] == claim.text``.

    ``as_of`` (the briefing's date) resolves relative dates such as "last Saturday";
    ``progress("finding the claims", characters read, characters in all)`` follows the blocks read.

    >>> claims = extract_claims("About 1,200 fans travelled, and police made no arrests.")
    >>> [c.text for c in claims]
    ['About 1,200 fans travelled', 'police made no arrests.']
    >>> claims[1].negated
    True
    >>> [c.standalone for c in extract_claims("Gemma Riley, the liaison officer, said that she was worried.")]
    ['Gemma Riley is the liaison officer.', 'Gemma Riley was worried.']
    """
    nlp = load_nlp()
    blocks = [(offset + at, piece) for offset, block in briefing_blocks(text)
              for at, piece in pieces(block, PIECE_CHARS)]  # a huge block (no blank lines) in pieces
    claims: list[Claim] = []
    for n, ((offset, block), doc) in enumerate(zip(blocks, nlp.pipe(b for _, b in blocks), strict=True)):
        if progress and n % _EVERY == 0:
            progress("finding the claims", offset, len(text))
        mentions = Mentions()
        _warn_unpunctuated(block, doc)
        for sent in _sentences(doc):
            english = is_english(sent.text)
            if not english:
                log.warning("not English, left unchecked: %.60r", sent.text)
            names = [(e.start, e.text, e.label_) for e in sent.ents] + _proper_names(sent)
            for piece in decompose(sent):
                known = mentions.copy()
                known.see(sent.text, [(name, label) for at, name, label in names if at < min(piece.tokens)])
                known.speaker(_attribution(doc, piece))
                claims.append(_claim(f"c{len(claims) + 1}", piece, sent, offset, known, as_of, english))
            mentions.see(sent.text, [(name, label) for _, name, label in names])
    return claims


def _sentences(doc: Doc) -> list[SpacySpan]:
    """spaCy's sentences, a very long one cut at its commas and semicolons (a guess, with a warning)."""
    out = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        if len(sent) <= _LONG_SENTENCE:
            out.append(sent)
            continue
        log.warning("sentence of %d tokens cut at punctuation: the split is a guess", len(sent))
        start = sent.start
        for token in sent:
            if token.i - start >= _CHUNK and token.text in {",", ";", ":"} or token.i - start >= 2 * _CHUNK:
                out.append(doc[start:token.i + 1])
                start = token.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return out


def _warn_unpunctuated(block: str, doc: Doc) -> None:
    if len(doc) >= 40 and not re.search(r"[.!?]", block):
        log.warning("no sentence punctuation: sentences split where the parser guesses")


def _proper_names(sent: SpacySpan) -> list[tuple[int, str, str]]:
    """Runs of proper nouns ("Harrowgate Town"), which the small model often leaves untagged."""
    names, run = [], []
    for token in sent:
        if token.pos_ == "PROPN" and token.is_title:
            run.append(token)
            continue
        if run:
            names.append((run[0].i, sent.doc[run[0].i:run[-1].i + 1].text, "ORG"))
        run = []
    if run:
        names.append((run[0].i, sent.doc[run[0].i:run[-1].i + 1].text, "ORG"))
    return names


def _claim(claim_id: str, piece: Piece, sent: SpacySpan, offset: int, mentions: Mentions,
           as_of: date | None, english: bool) -> Claim:
    doc = sent.doc
    runs = piece_runs(doc, piece)
    frame = piece.attribution | piece.frame
    edges = [i for run in runs for i in run] + list(frame) + [i + 1 for i in frame]
    first, last = min(edges), max(edges)
    hull = doc[first:last]
    start = offset + hull.start_char
    spans = [Span(start=offset + doc[a].idx, end=offset + doc[b - 1].idx + len(doc[b - 1].text)) for a, b in runs]
    reason = not_checkable_reason(sent.text) if english else "not English"
    if piece.attribution and reason in _REPORTED_OK:
        reason = None  # "the club said fans should stay away": whether the club said it can be checked
    tokens = [doc[i] for i in sorted(piece.tokens)]
    root = doc[piece.root]
    return Claim(
        id=claim_id, text=hull.text, start=start, end=start + len(hull.text), sentence=sent.text,
        checkable=reason is None, reason_not_checkable=reason,
        certainty=Certainty.HEDGED if hedge_in(hull.text) else Certainty.ASSERTED,
        negated=any(negates(t) for t in tokens),
        atoms=atoms_in(hull, [(s.start - start, s.end - start) for s in spans], as_of=as_of),
        predicate=[root.lower_, root.lemma_.lower()] if root.pos_ == "VERB" else [],
        spans=spans, standalone=mentions.resolve(piece_text(doc, piece)),
        attribution=_attribution(doc, piece), language="en" if english else "other",
    )


def _attribution(doc: Doc, piece: Piece) -> str | None:
    if not piece.attribution:
        return None
    return doc[min(piece.attribution):max(piece.attribution) + 1].text.strip(" ,")
