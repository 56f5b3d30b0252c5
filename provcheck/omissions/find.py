"""What the briefing leaves out: candidates, then the verifier, then the ranker.

For a checked briefing: the source passages about its subjects that carry a
weakening cue (:mod:`~provcheck.omissions.candidates`), minus those a briefing
sentence states (the verifier, read from the source passage to the briefing's
nearest sentences, or most of its content words in one sentence with the
same polarity), scored by :mod:`~provcheck.omissions.rank` and cut to the top
few. The verifier reads at most ``omission_candidates`` times three pairs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from provcheck.config import Settings
from provcheck.corpus import Store
from provcheck.omissions.candidates import Candidate, select_candidates
from provcheck.omissions.rank import Features, Ranker, load_ranker
from provcheck.omissions.subjects import BriefingSentence, briefing_sentences, subjects_of
from provcheck.schema import Document, NliScores, Omission, Report
from provcheck.verify.base import Verifier
from provcheck.verify.grading import grading_of, parse_grading

__all__ = ["OmissionSearch", "Scored", "find_omissions", "score_candidates", "wanted"]

log = logging.getLogger("provcheck.omissions")
_NEAREST = 2  # briefing sentences the verifier reads each candidate against, besides the nearest conclusion
_BEARS = 0.5  # contradiction from which a candidate bears on that sentence rather than on the conclusion


class Scored(BaseModel):
    """A candidate with its features, score, whether the briefing states it and what it bears on."""

    model_config = ConfigDict(extra="forbid")

    candidate: Candidate
    features: Features
    score: float = Field(ge=0.0, le=1.0)
    stated: bool
    bears_on: BriefingSentence


class OmissionSearch(BaseModel):
    """The omissions listed for a briefing, or the reason none were looked for; with its cost."""

    model_config = ConfigDict(extra="forbid")

    omissions: list[Omission] = Field(default_factory=list)
    note: str | None = None
    candidates: int = 0
    pairs: int = 0


def wanted(report: Report, setting: bool | None) -> bool:
    """Whether to look: as set, or (None) when the briefing has a conclusion or recommendation."""
    if setting is not None:
        return setting
    return any(s.conclusion for s in briefing_sentences(report))


def find_omissions(report: Report, store: Store, documents: Sequence[Document], *, embedder: object,
                   verifier: Verifier | None, settings: Settings, ranker: Ranker | None = None) -> OmissionSearch:
    """The top ``settings.omissions_top`` statements the briefing leaves out, most material first."""
    sentences = briefing_sentences(report)
    if not sentences:
        return OmissionSearch(note="not looked for: the briefing has no sentences")
    if sum(s.english for s in sentences) * 2 < len(sentences):
        log.warning("%s: the briefing is not in English; what it leaves out was not looked for", report.briefing.path)
        return OmissionSearch(note="not looked for: the briefing is not in English")
    ranker = ranker or load_ranker()
    scored, pairs = score_candidates(report, store, documents, sentences, embedder=embedder, verifier=verifier,
                                     settings=settings, ranker=ranker)
    shown = sorted((s for s in scored if not s.stated and s.score >= ranker.show_threshold), key=lambda s: -s.score)
    texts = {d.path: d for d in documents}
    omissions = [_omission(f"o{i}", s, texts.get(s.candidate.passage.document))
                 for i, s in enumerate(shown[:settings.omissions_top], start=1)]
    return OmissionSearch(omissions=omissions, note=_note(sentences, omissions, scored), candidates=len(scored),
                          pairs=pairs)


def _note(sentences: list[BriefingSentence], omissions: list[Omission], scored: list[Scored]) -> str | None:
    claims_only = "" if any(s.conclusion for s in sentences) else (
        "the briefing has no conclusion or recommendation, so these bear on its claims")
    if omissions:
        return claims_only or None
    why = "no source statement about its subjects that weakens it is left out" if scored else (
        "no source statement about its subjects carries a weakening cue")
    return f"none listed: {why}" + (f"; {claims_only}" if claims_only else "")


def score_candidates(report: Report, store: Store, documents: Sequence[Document],
                     sentences: list[BriefingSentence], *, embedder: object, verifier: Verifier | None,
                     settings: Settings, ranker: Ranker) -> tuple[list[Scored], int]:
    """Every candidate with its features and score (to rank them, or to fit the ranker), and the pairs read."""
    gradings = {d.path: grading_of(d.metadata.grading, d.metadata.extra) for d in documents}
    candidates = select_candidates(store.passages_by_document(), gradings, subjects_of(report),
                                   limit=settings.omission_candidates)
    if not candidates:
        return [], 0
    similarity = _similarities(candidates, sentences, store, embedder)
    read = [_to_read(row, sentences) for row in similarity]
    pairs = list(dict.fromkeys((c.passage.text, sentences[i].text)
                               for c, indices in zip(candidates, read, strict=True) for i in indices))
    nli = dict(zip(pairs, verifier.score(pairs), strict=True)) if verifier is not None and pairs else {}
    quoted = _quoted(report, sentences)
    scored = [_scored(c, sentences, row, indices, nli, quoted, ranker)
              for c, row, indices in zip(candidates, similarity, read, strict=True)]
    return scored, len(pairs) if verifier is not None else 0


def _similarities(candidates: list[Candidate], sentences: list[BriefingSentence], store: Store,
                  embedder: object) -> np.ndarray:
    """Cosine of each candidate (rows) with each briefing sentence (columns)."""
    passages = store.vectors([c.passage.id for c in candidates])
    vectors = embedder.embed([s.text for s in sentences])  # type: ignore[attr-defined]
    return np.clip(passages @ np.asarray(vectors).T, 0.0, 1.0)


def _to_read(row: np.ndarray, sentences: list[BriefingSentence]) -> list[int]:
    """The nearest plain sentences and the nearest conclusion: what the verifier reads a candidate against."""
    order = [int(i) for i in np.argsort(-row)]
    plain = [i for i in order if not sentences[i].conclusion][:_NEAREST]
    concluding = [i for i in order if sentences[i].conclusion][:1]
    return plain + concluding


def _quoted(report: Report, sentences: list[BriefingSentence]) -> dict[tuple[str, int, int], frozenset[str]]:
    """The source passages quoted as supporting a claim, with the cue kinds of the sentences that quote them.

    A passage that supports a claim is stated by the briefing only as far as the
    claim goes: "Kai Benton has no record of violent behaviour at the school"
    supports "Kai Benton is a pupil at the school" without the briefing saying
    what weakens it; it is stated when the quoting sentence carries the same
    kind of cue.
    """
    kinds = {cid: s.cues for s in sentences for cid in s.claim_ids}
    quoted: dict[tuple[str, int, int], frozenset[str]] = {}
    for claim in report.claims:
        for ev in claim.evidence:
            if ev.stance == "supports":
                key = (ev.source, ev.start, ev.end)
                quoted[key] = quoted.get(key, frozenset()) | kinds.get(claim.id, frozenset())
    return quoted


def _scored(candidate: Candidate, sentences: list[BriefingSentence], row: np.ndarray, read: list[int],
            nli: dict[tuple[str, str], NliScores], quoted: dict[tuple[str, int, int], frozenset[str]],
            ranker: Ranker) -> Scored:
    p = candidate.passage
    readings = {i: nli.get((p.text, sentences[i].text)) for i in read}
    supported = max((r.supported for r in readings.values() if r), default=0.0)
    lexical = _lexical_stated(candidate, sentences)
    contradiction = {i: r.contradicted for i, r in readings.items() if r and not sentences[i].conclusion}
    conclusion = max((r.contradicted for i, r in readings.items() if r and sentences[i].conclusion), default=0.0)
    features = Features(
        cue=candidate.cue_weight, names=min(len(candidate.names), 3) / 3, relied_on=float(candidate.relied_on),
        weak_grading=float(_weak(candidate.grading)),
        contradiction=max(contradiction.values(), default=0.0), conclusion=conclusion,
        similarity=float(row.max()) if row.size else 0.0, stated=max(supported, lexical))
    quoting = quoted.get((p.document, p.start, p.end), frozenset())
    stated = (bool(quoting & {q.kind for q in candidate.cues}) or supported >= ranker.stated_threshold
              or lexical >= ranker.lexical_stated)
    return Scored(candidate=candidate, features=features, score=ranker.score(features), stated=stated,
                  bears_on=_bears_on(sentences, row, contradiction))


def _lexical_stated(candidate: Candidate, sentences: list[BriefingSentence]) -> float:
    """The largest share of the candidate's content words that one sentence (or two in a row) holds, same polarity."""
    if not candidate.lemmas:
        return 0.0
    best = 0.0
    for i in range(len(sentences)):
        for group in (sentences[i:i + 1], sentences[i:i + 2]):
            words = frozenset().union(*(s.lemmas for s in group))
            same = candidate.negated == any(s.negated for s in group)
            share = len(candidate.lemmas & words) / len(candidate.lemmas)
            best = max(best, share if same else share / 2)
    return best


def _bears_on(sentences: list[BriefingSentence], row: np.ndarray, contradiction: dict[int, float]
              ) -> BriefingSentence:
    """The sentence the verifier finds it contradicts; else the conclusion; else the nearest sentence."""
    if contradiction and max(contradiction.values()) >= _BEARS:
        return sentences[max(contradiction, key=lambda i: contradiction[i])]
    concluding = [i for i in np.argsort(-row) if sentences[int(i)].conclusion]
    return sentences[int(concluding[0] if concluding else int(np.argmax(row)))]


def _omission(oid: str, scored: Scored, document: Document | None) -> Omission:
    c, p, bears = scored.candidate, scored.candidate.passage, scored.bears_on
    grading = parse_grading(c.grading)
    cue = c.cues[0]
    why = f"It {cue.why} (\u201c{cue.words}\u201d), and no sentence of the briefing says so."
    if scored.features.contradiction >= _BEARS and not bears.conclusion:
        why = f"It {cue.why} (\u201c{cue.words}\u201d), against what the briefing says."
    return Omission(
        id=oid, quote=p.text, source=p.document, sha256=p.sha256, start=p.start, end=p.end,
        page=document.page_of(p.start) if document else None, grading=c.grading,
        grading_meaning=grading.meaning if grading else None, why=why,
        cues=list(dict.fromkeys(q.words for q in c.cues)),
        bears_on=bears.text, bears_on_start=bears.start, bears_on_end=bears.end,
        bears_on_conclusion=bears.conclusion, claim_ids=bears.claim_ids, score=round(scored.score, 4))


def _weak(grading: str | None) -> bool:
    """Whether the grading is a low one (3x5x2 source 3, intelligence D/E; Admiralty E/F or 5/6)."""
    parsed = parse_grading(grading)
    return parsed is not None and parsed.weak
