"""The Checker: the one place where ingest, claims, corpus, verify and report meet.

>>> from provcheck.config import Settings
>>> checker = Checker(Settings(embedder="hashing"))
>>> checker.settings.top_k
5
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

import numpy as np

from provcheck import __version__
from provcheck.claims import extract_claims
from provcheck.config import Settings
from provcheck.corpus import IndexStats, Store, hybrid_search
from provcheck.corpus.embed import CachingEmbedder, Embedder
from provcheck.corpus.store import Progress
from provcheck.errors import CorpusError, EmptyInputError
from provcheck.ingest import read_document, read_sources
from provcheck.registry import make_embedder, make_verifier
from provcheck.schema import BriefingRef, Claim, ClaimResult, Document, Report, SourceRef, ToolInfo, Verdict
from provcheck.verify import Judgement, SourceFacts, Verifier, decide, judge
from provcheck.verify.aggregate import with_support_flags
from provcheck.verify.calibration import load_calibrator
from provcheck.verify.evidence_set import Detail, Where, evidence_set, set_text
from provcheck.verify.grading import grading_of
from provcheck.verify.sentence import read_sentences, sentence_spans

__all__ = ["Checker", "Decided", "check"]


class Decided(NamedTuple):
    """One claim's rules verdict, the passages judged for it, its evidence set and its sentence's bare reading."""

    result: ClaimResult
    judgements: list[Judgement]
    details: list[Detail]
    sentence_reading: float = 0.0  # the bare verifier's best P(supported) for the claim's sentence
    set_reading: float = 0.0  # the verifier's P(supported) for the claim against its whole evidence set

_UNSET = object()
_CHUNK = 200  # claims verified together: the verifier's batches stay full, memory stays flat


class _Readings:
    """The briefing's sentences and the bare verifier's reading of those read so far (by sentence index)."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans
        self.starts = [start for start, _, _ in spans]
        self.scores: dict[int, float] = {}

    def sentence_of(self, offset: int) -> int | None:
        """The index of the sentence holding ``offset`` (a binary search), or None."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.spans[i][1] else None


class Checker:
    """Loads the models once; indexes sources and checks many briefings.

    Use :func:`check` for a one-off check.
    """

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 verifier: Verifier | None | object = _UNSET) -> None:
        self.settings = settings or Settings()
        self.embedder = CachingEmbedder(embedder or make_embedder(self.settings.embedder))
        self.verifier: Verifier | None = (
            make_verifier(self.settings.verifier) if verifier is _UNSET else verifier  # type: ignore[assignment]
        )
        name = self.settings.verifier if verifier is _UNSET else getattr(verifier, "name", "rules")
        self.calibrator = load_calibrator(name) if self.settings.calibrate else None

    def open_store(self, db: str | Path, *, create: bool = False) -> Store:
        """Open a corpus index; unless ``create``, it must exist and hold passages."""
        if not create and str(db) != ":memory:" and not Path(db).is_file():
            raise CorpusError(f"{db}: no corpus index here; build one with: provcheck index SOURCES --db {db}")
        return Store(db, self.embedder)

    def index(self, sources: Path, db: str | Path, *, progress: Progress | None = None) -> IndexStats:
        """Bring the index at ``db`` up to date with the files under ``sources``.

        All files are read before anything is written, so a bad file leaves the
        index as it was; a new database that fails to build is removed.
        """
        documents = read_sources(Path(sources), max_bytes=self.settings.max_file_bytes)
        fresh = str(db) != ":memory:" and not Path(db).exists()
        try:
            store = self.open_store(db, create=True)
            try:
                return store.update(documents, progress=progress)
            finally:
                store.close()
        except BaseException:
            if fresh:
                Path(db).unlink(missing_ok=True)
            raise

    def check(self, briefing: Path, *, db: str | Path | None = None, sources: Path | None = None) -> Report:
        """Check a briefing file against an index (``db``) or a folder (``sources``)."""
        document = read_document(Path(briefing), max_bytes=self.settings.max_file_bytes)
        if db is None and sources is None:
            raise EmptyInputError("no sources given; pass --db INDEX or --sources FOLDER")
        if db is not None:
            store = self.open_store(db)
        else:
            assert sources is not None
            store = self._temporary_store(read_sources(Path(sources), max_bytes=self.settings.max_file_bytes))
        try:
            return self.check_document(document, store)
        finally:
            store.close()

    def check_text(self, text: str, documents: Sequence[Document], *, name: str = "<text>") -> Report:
        """Check briefing text against in-memory documents (used by ``provcheck eval``)."""
        briefing = Document(path=name, sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
        return self.check_in_memory(briefing, documents, look_for_omissions=False)

    def check_in_memory(self, briefing: Document, documents: Sequence[Document], *,
                        look_for_omissions: bool = True, progress: Progress | None = None) -> Report:
        """Check a briefing against documents indexed in memory for this check only (scenarios, yardsticks)."""
        store = self._temporary_store(documents)
        try:
            return self.check_document(briefing, store, require_checkable=False, look_for_omissions=look_for_omissions,
                                       progress=progress)
        finally:
            store.close()

    def _temporary_store(self, documents: Sequence[Document]) -> Store:
        if not documents:
            raise EmptyInputError("no source documents to check against; add sources")
        store = Store(":memory:", self.embedder)
        store.update(list(documents))
        return store

    def check_document(self, briefing: Document, store: Store, *, require_checkable: bool = True,
                       look_for_omissions: bool = True, progress: Progress | None = None) -> Report:
        """Check an ingested briefing against an open index (and list what it leaves out, as the settings say).

        ``progress(stage, done, total)`` is told each stage ("finding the claims", "verifying the claims", ...)
        and how far it has gone (``total`` 0 where it is not counted), for a progress bar on a long briefing.
        """
        if not briefing.text.strip():
            raise EmptyInputError(f"{briefing.path}: the briefing is empty; nothing to check")
        if store.passage_count() == 0:
            raise EmptyInputError(f"{store.path}: the index holds no passages; index some sources first")
        claims = extract_claims(briefing.text, as_of=_date_of(briefing), progress=progress)
        if require_checkable and not any(c.checkable for c in claims):
            raise EmptyInputError(
                f"{briefing.path}: no checkable factual claim found (only questions, opinions or "
                "recommendations); nothing to verify"
            )
        documents = store.documents()
        results = self._verify(claims, store, documents, briefing, progress)
        report = self._report(briefing, documents, results)
        if not look_for_omissions:
            return report
        if progress:
            progress("looking for what the briefing leaves out", 0, 0)
        return self._with_omissions(report, store, documents)

    def _with_omissions(self, report: Report, store: Store, documents: list[Document]) -> Report:
        """``report`` with what the briefing leaves out (:mod:`provcheck.omissions`), or why it was not looked for."""
        from provcheck.omissions import find_omissions, wanted

        if not wanted(report, self.settings.omissions):
            note = ("not looked for (omissions off)" if self.settings.omissions is False else
                    "not looked for: the briefing has no conclusion or recommendation; check with --omissions "
                    "to list what it leaves out of its claims")
            return report.model_copy(update={"omissions_note": note})
        found = find_omissions(report, store, documents, embedder=self.embedder, verifier=self.verifier,
                               settings=self.settings)
        return report.model_copy(update={"omissions": found.omissions, "omissions_note": found.note})

    def _verify(self, claims: list[Claim], store: Store, documents: list[Document],
                briefing: Document | None = None, progress: Progress | None = None) -> list[ClaimResult]:
        """Verdicts for every claim: the fitted decision over the rules' reading, the verifier's and the evidence set.

        Without a fitted decision for this verifier (or with ``calibrate`` off) the rules' verdicts stand.
        """
        facts = self._facts(documents, briefing)
        results: list[ClaimResult] = []
        pending: list[Decided] = []  # the claims of a sentence that may go on in the next chunk
        for chunk in self._decided(claims, store, documents, briefing, briefing.text if briefing else "", progress):
            pending += chunk
            cut = len(pending)
            while cut > 0 and pending[cut - 1].result.sentence == pending[-1].result.sentence:
                cut -= 1
            results += self._decide(pending[:cut], facts)
            pending = pending[cut:]
        return results + self._decide(pending, facts)

    def _decide(self, decided: list[Decided], facts: SourceFacts) -> list[ClaimResult]:
        """The fitted decision over whole sentences of claims, then the flags their support carries."""
        if self.calibrator is None or not decided:
            return [d.result for d in decided]
        return [with_support_flags(result, d.result, d.judgements, facts, self.settings)
                for result, d in zip(self.calibrator.decide(decided), decided, strict=True)]

    def judge_text(self, text: str, documents: Sequence[Document]) -> list[Decided]:
        """The rules' verdicts of ``text``'s claims with their judgements and evidence sets (to fit the decision)."""
        store = self._temporary_store(documents)
        try:
            if store.passage_count() == 0:
                raise EmptyInputError("the sources hold no passages")
            return self._decide_all(extract_claims(text), store, store.documents(), None, text)
        finally:
            store.close()

    def _decide_all(self, claims: list[Claim], store: Store, documents: list[Document],
                    briefing: Document | None, text: str) -> list[Decided]:
        return [d for chunk in self._decided(claims, store, documents, briefing, text) for d in chunk]

    def _decided(self, claims: list[Claim], store: Store, documents: list[Document], briefing: Document | None,
                 text: str, progress: Progress | None = None) -> Iterator[list[Decided]]:
        """The rules' verdicts, ``_CHUNK`` claims at a time: each claim's work is its own, so cost and memory
        grow with the briefing, and ``progress("verifying the claims", done, total)`` follows each chunk."""
        facts = self._facts(documents, briefing)
        where = Where(passages=store.passages_by_document(), entity_match=self.settings.entity_match)
        readings = _Readings(self._sentence_spans(text) if any(c.checkable for c in claims) else [])
        for done in range(0, len(claims), _CHUNK):
            chunk = claims[done:done + _CHUNK]
            checkable = [c for c in chunk if c.checkable]
            judged = dict(zip((c.id for c in checkable), self._judge_all(checkable, store, where), strict=True))
            details = {c.id: evidence_set(c, judged[c.id], where) for c in checkable}
            together = self._set_readings(checkable, judged, details)
            read = self._read_sentences(readings, chunk, store)
            yield [Decided(decide(c, judged.get(c.id, []), facts, self.settings), judged.get(c.id, []),
                           details.get(c.id, []), read.get(c.id, 0.0), together.get(c.id, 0.0)) for c in chunk]
            if progress:
                progress("verifying the claims", done + len(chunk), len(claims))

    def _set_readings(self, claims: list[Claim], judged: dict[str, list[Judgement]],
                      details: dict[str, list[Detail]]) -> dict[str, float]:
        """The verifier's reading of each claim against its evidence set read as one text, where it is spread.

        "Portbury City won 2-1 in front of a crowd of 11,482" takes its score
        from the match log and its crowd from the debrief: no single passage
        states it, the two together do.
        """
        if self.verifier is None or not self.settings.set_reading:
            return {}
        texts = {c.id: set_text(details[c.id]) for c in claims}
        pairs = {c.id: (c.standalone or c.text, texts[c.id]) for c in claims if texts[c.id]}
        unique = list(dict.fromkeys(pairs.values()))
        scored = dict(zip(unique, self.verifier.score(unique), strict=True)) if unique else {}
        return {cid: scored[pair].supported for cid, pair in pairs.items()}

    def _sentence_spans(self, text: str) -> list[tuple[int, int, str]]:
        """The briefing's sentences, when the bare verifier reads them (:mod:`provcheck.verify.sentence`)."""
        if self.verifier is None or not self.settings.sentence_reading or not text.strip():
            return []
        return sentence_spans(text)

    def _read_sentences(self, readings: _Readings, claims: list[Claim], store: Store) -> dict[str, float]:
        """The bare verifier's reading of the sentence each claim starts in, each sentence read once."""
        where = {c.id: readings.sentence_of(c.start) for c in claims}
        fresh = sorted({i for i in where.values() if i is not None and i not in readings.scores})
        if fresh:
            texts = [readings.spans[i][2] for i in fresh]
            readings.scores.update(zip(fresh, read_sentences(texts, store, self.embedder, self.verifier), strict=True))
        return {cid: readings.scores[i] for cid, i in where.items() if i is not None}

    def _facts(self, documents: list[Document], briefing: Document | None) -> SourceFacts:
        return SourceFacts(
            grading={d.path: grading_of(d.metadata.grading, d.metadata.extra) for d in documents},
            texts={d.path: d.text for d in documents},
            entity_match=self.settings.entity_match,
            dates={d.path: d.metadata.date for d in documents},
            briefing_date=briefing.metadata.date if briefing is not None else None,
            stale_after_days=self.settings.stale_after_days,
            scales_file=self.settings.intensity_file,
        )

    def _judge_all(self, claims: list[Claim], store: Store, where: Where) -> list[list[Judgement]]:
        if not claims:
            return []
        s = self.settings
        vectors = self.embedder.embed([c.text for c in claims])
        per_claim = []
        for claim, vector in zip(claims, vectors, strict=True):
            passages = hybrid_search(store, claim.text, vector, top_k=s.top_k, candidates=s.candidates, rrf_k=s.rrf_k)
            passages += where.naming_most(claim, exclude={p.id for p in passages}, keep=s.atom_passages)
            similarities = store.vectors([p.id for p in passages]) @ vector if passages else np.zeros(0)
            judgements = [judge(claim, p, float(sim), entity_match=s.entity_match, context=store.context(p))
                          for p, sim in zip(passages, similarities, strict=True)]
            per_claim.append(judgements if self.verifier is None else _most_related(judgements, s.verify_top))
        self._add_nli(claims, per_claim, store)
        return per_claim

    def _add_nli(self, claims: list[Claim], per_claim: list[list[Judgement]], store: Store) -> None:
        """Score each (claim, passage) pair with the verifier.

        The verifier reads the claim worded on its own ("Tom Acre is the
        safety officer."), not the span it came from, against the passage:
        that reading, like the quote, decides the verdict. With
        ``passage_context`` it reads the passage again with that many
        sentences either side, for the calibrated confidence only: a sentence
        often leans on its neighbours for who or when, but read with them a
        small verifier also finds support for a claim stitched together from
        neighbouring sentences.
        """
        if self.verifier is None:
            return
        n = self.settings.passage_context
        read = [(c.standalone or c.text, j) for c, js in zip(claims, per_claim, strict=True) for j in js]
        alone = [(claim, j.passage.text) for claim, j in read]
        around = [(claim, store.window(j.passage, n)) for claim, j in read] if n else []
        unique = list(dict.fromkeys(alone + around))  # sources often repeat a passage; score each pair once
        scored = dict(zip(unique, self.verifier.score(unique), strict=True))
        for i, (_, j) in enumerate(read):
            j.nli = scored[alone[i]]
            j.context_nli = scored[around[i]] if around else None

    def _report(self, briefing: Document, documents: list[Document], results: list[ClaimResult]) -> Report:
        summary = {v: sum(1 for r in results if r.verdict is v) for v in Verdict}
        models = {"spacy": "en_core_web_sm 3.8.0", "embedder": self.embedder.name,
                  "verifier": self.verifier.name if self.verifier else "rules"}
        return Report(
            briefing=BriefingRef(path=briefing.path, sha256=briefing.sha256, title=briefing.metadata.title),
            briefing_text=briefing.text,
            sources=[SourceRef(path=d.path, sha256=d.sha256, title=d.metadata.title, date=d.metadata.date,
                               grading=d.metadata.grading, not_read=d.metadata.not_read) for d in documents],
            claims=results,
            summary=summary,
            tool=ToolInfo(version=__version__, models=models, settings=self.settings.model_dump()),
        )


def _date_of(document: Document) -> date | None:
    """The briefing's own date (front matter, sidecar or --as-of), from which "last Saturday" counts."""
    try:
        return date.fromisoformat(str(document.metadata.date)[:10]) if document.metadata.date else None
    except ValueError:
        return None


def _most_related(judgements: list[Judgement], keep: int) -> list[Judgement]:
    """The ``keep`` passages most about the claim, and any that clash with it, in retrieval order.

    The trained verifier is the slow part of a check. Reading fewer passages
    is faster but misses some that state a claim in other words (README,
    "Accuracy": three instead of five cost qags 0.11), so the default reads all.
    """
    ranked = {id(j) for j in sorted(judgements, key=lambda j: -j.relatedness)[:keep]}
    return [j for j in judgements if id(j) in ranked or j.clashes or j.negation_flip]


def check(briefing: Path, *, db: str | Path | None = None, sources: Path | None = None,
          settings: Settings | None = None) -> Report:
    """Check one briefing in one call; see :class:`Checker` to check many.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "src").mkdir()
    >>> _ = (folder / "src" / "log.txt").write_text("About 1,200 away fans attended the match.")
    >>> _ = (folder / "b.txt").write_text("About 5,000 away fans attended the match.")
    >>> report = check(folder / "b.txt", sources=folder / "src", settings=Settings(embedder="hashing"))
    >>> report.claims[0].verdict.value, report.claims[0].source_value
    ('contradicted', 'About 1,200 away fans')
    """
    return Checker(settings).check(briefing, db=db, sources=sources)
