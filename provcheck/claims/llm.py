"""Optional LLM-proposed decompositions, kept only where they align to the briefing's own words.

Any OpenAI-compatible chat endpoint (llama.cpp server, Ollama, vLLM) is asked for the
atomic claims of a briefing as a JSON list of strings. Each proposal is aligned to the
briefing with RapidFuzz; one that does not align is dropped and counted. A time-out, an
HTTP error or a malformed reply falls back to the rule-based extractor, with a warning.

>>> result = extract_claims_llm("Fans sang.", "http://127.0.0.1:9/v1", timeout=0.5)
>>> result.fell_back, [c.text for c in result.claims]
(True, ['Fans sang.'])
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date

import httpx
from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from provcheck.claims.atom_rules import atoms_in
from provcheck.claims.extract import extract_claims
from provcheck.claims.lexicon import hedge_in, negates, not_checkable_reason
from provcheck.claims.nlp import load_nlp
from provcheck.schema import Certainty, Claim, Span

__all__ = ["LlmExtraction", "extract_claims_llm", "parse_proposals"]

log = logging.getLogger("provcheck.claims")
_PROMPT = (
    "Split the briefing below into atomic factual claims, one fact each. Copy each claim's words from the "
    "briefing as exactly as you can. Reply with a JSON array of strings and nothing else."
)
_MAX_PROPOSALS = 2000


class LlmExtraction(BaseModel):
    """Claims from an LLM's proposals, with what was dropped and whether it fell back to the rules."""

    claims: list[Claim]
    proposed: int = 0
    dropped: int = 0
    fell_back: bool = False
    warning: str | None = None
    dropped_texts: list[str] = Field(default_factory=list)


def extract_claims_llm(text: str, url: str, *, as_of: date | None = None, timeout: float = 60.0,
                       model: str = "default", min_score: float = 0.9) -> LlmExtraction:
    """Claims the endpoint at ``url`` proposes, each aligned to a span of ``text`` (score 0-1)."""
    try:
        proposals = parse_proposals(_ask(text, url, timeout=timeout, model=model))
    except (httpx.HTTPError, ValueError) as err:
        warning = f"LLM at {url} gave no usable answer ({type(err).__name__}: {err}); rule-based claims used"
        log.warning(warning)
        return LlmExtraction(claims=extract_claims(text, as_of=as_of), fell_back=True, warning=warning)
    rules = extract_claims(text, as_of=as_of)
    claims: list[Claim] = []
    dropped: list[str] = []
    for proposal in proposals:
        piece = _same_piece(proposal, rules, min_score)
        span = None if piece else _align(proposal, text, min_score)
        if piece is not None:
            claims.append(piece.model_copy(update={"id": f"c{len(claims) + 1}", "standalone": proposal}))
        elif span is not None:
            claims.append(_claim(f"c{len(claims) + 1}", text, span, proposal, rules, as_of))
        else:
            dropped.append(proposal)
    if dropped:
        log.warning("%d of %d LLM claims matched no span of the briefing and were dropped",
                    len(dropped), len(proposals))
    return LlmExtraction(claims=claims, proposed=len(proposals), dropped=len(dropped), dropped_texts=dropped)


def parse_proposals(reply: str) -> list[str]:
    """The JSON list of claim strings inside a chat reply (code fences allowed).

    >>> parse_proposals('```json\\n["Fans sang.", "Police watched."]\\n```')
    ['Fans sang.', 'Police watched.']
    >>> parse_proposals("no list here")
    Traceback (most recent call last):
    ...
    ValueError: the reply holds no JSON list of strings
    """
    match = re.search(r"\[.*\]", reply, re.S)
    try:
        items = json.loads(match.group(0)) if match else None
    except json.JSONDecodeError:
        items = None
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError("the reply holds no JSON list of strings")
    return [i.strip() for i in items if i.strip()][:_MAX_PROPOSALS]


def _ask(text: str, url: str, *, timeout: float, model: str) -> str:
    endpoint = url.rstrip("/")
    if not endpoint.endswith("/chat/completions"):
        endpoint += "/chat/completions"
    body = {"model": model, "temperature": 0,
            "messages": [{"role": "system", "content": _PROMPT}, {"role": "user", "content": text}]}
    response = httpx.post(endpoint, json=body, timeout=timeout)
    response.raise_for_status()
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError, json.JSONDecodeError) as err:
        raise ValueError("the reply is not an OpenAI-style chat completion") from err
    if not isinstance(content, str):
        raise ValueError("the reply's message has no text content")
    return content


def _same_piece(proposal: str, rules: list[Claim], min_score: float) -> Claim | None:
    """The rule-based claim (possibly of several spans) that the proposal words the same way."""
    def norm(words: str) -> str:
        return " ".join(re.findall(r"\w+", words.lower()))

    scored = [(fuzz.ratio(norm(proposal), norm(c.standalone or c.text)), c) for c in rules]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= min_score * 100 else None


def _align(proposal: str, text: str, min_score: float) -> tuple[int, int] | None:
    """The span of ``text`` that best matches ``proposal``, when it scores at least ``min_score``."""
    found = fuzz.partial_ratio_alignment(proposal.lower(), text.lower(), score_cutoff=min_score * 100)
    if found is None or found.dest_end <= found.dest_start:
        return None
    start, end = found.dest_start, found.dest_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _claim(claim_id: str, text: str, span: tuple[int, int], proposal: str, rules: list[Claim],
           as_of: date | None) -> Claim:
    start, end = span
    home = next((c for c in rules if c.start <= start < c.end or start <= c.start < end), None)
    sentence = home.sentence if home else text[start:end]
    doc = load_nlp()(text[start:end])
    reason = not_checkable_reason(sentence)
    return Claim(
        id=claim_id, text=text[start:end], start=start, end=end, sentence=sentence,
        checkable=reason is None, reason_not_checkable=reason,
        certainty=Certainty.HEDGED if hedge_in(doc.text) else Certainty.ASSERTED,
        negated=any(negates(t) for t in doc),
        atoms=atoms_in(doc[:], [(0, len(doc.text))], as_of=as_of),
        predicate=[doc[:].root.lower_, doc[:].root.lemma_.lower()] if doc[:].root.pos_ == "VERB" else [],
        spans=[Span(start=start, end=end)], standalone=proposal,
        attribution=home.attribution if home else None,
    )
