"""Running the Checker over benchmark examples and scoring it."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from provcheck.errors import EmptyInputError, InputError
from provcheck.evaluate.metrics import balanced_accuracy, span_prf
from provcheck.evaluate.verifier_only import VerifierOnly, sentence_scores
from provcheck.pipeline import Checker
from provcheck.schema import Document, Metadata

__all__ = ["EvalResult", "Example", "Mode", "Part", "Source", "documents_of", "evaluate", "load_examples"]

Part = Literal["all", "validation", "training"]
Mode = Literal["full", "rules-only", "verifier-only"]


class Source(BaseModel):
    """One source document of an example."""

    model_config = ConfigDict(extra="ignore")

    id: str
    title: str | None = None
    text: str
    date: str | None = None
    grading: str | None = None

    @field_validator("date", "grading", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return str(value) if value is not None else None


class _Range(BaseModel):
    start: int
    end: int
    label: str | None = None
    kind: str | None = None


class Example(BaseModel):
    """One benchmark example (see benchmarks/FORMAT.md)."""

    model_config = ConfigDict(extra="ignore")
    id: str
    dataset: str = ""
    briefing: str
    sources: list[Source]
    label: str
    sentences: list[_Range] | None = None
    spans: list[_Range] | None = None


class EvalResult(BaseModel):
    """The metrics of one run; None where the file lacks that granularity."""

    file: str
    part: str
    mode: str = "full"
    examples: int
    skipped: int = 0
    claims: int
    text_bacc: float | None
    sentence_bacc: float | None
    flagged_by_kind: dict[str, str] = {}  # gold sentences flagged / all, by fault kind (or label)
    span_precision: float | None
    span_recall: float | None
    span_f1: float | None
    claims_per_s: float
    examples_per_s: float
    load_s: float
    seconds: float


def load_examples(path: Path, *, part: Part = "all", limit: int | None = None) -> list[Example]:
    """The examples of a JSONL benchmark file (or a folder of police scenarios), optionally one half of the split.

    With ``limit``, a fixed sample: the examples whose ids hash lowest, so a
    file sorted by label still gives a sample with both labels.
    """
    from provcheck.train.split import is_validation

    path = Path(path)
    if path.is_dir():  # the police scenarios: a folder of YAML files
        from provcheck.evaluate.police import load_police

        return _sample([e for e in load_police(path) if part == "all" or is_validation(e.id) == (part == "validation")],
                       limit)
    if not path.is_file():
        raise InputError(f"{path}: benchmark file not found")
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                example = Example.model_validate_json(line)
            except ValidationError as err:
                raise InputError(f"{path}:{number}: not a benchmark example ({err.error_count()} errors)") from err
            if part == "all" or is_validation(example.id) == (part == "validation"):
                examples.append(example)
    return _sample(examples, limit)


def _sample(examples: list[Example], limit: int | None) -> list[Example]:
    if limit is None:
        return examples
    chosen = set(sorted(range(len(examples)), key=lambda i: _id_hash(examples[i].id))[:limit])
    return [e for i, e in enumerate(examples) if i in chosen]


def _id_hash(example_id: str) -> str:
    return hashlib.sha256(example_id.encode("utf-8")).hexdigest()


def evaluate(path: Path, checker: Checker, *, part: Part = "all", limit: int | None = None, mode: Mode = "full",
             progress: Callable[[int], None] | None = None) -> EvalResult:
    """Run the pipeline (or, with ``mode="verifier-only"``, the bare verifier) on every example and score it.

    The rules-only reading is the pipeline with no verifier: give ``checker``
    ``Settings(verifier="rules")``. An example that cannot be checked (its
    sources hold no passage, or its briefing no text) is left out of the
    metrics and counted in ``skipped``.
    """
    threshold = VerifierOnly.load().threshold if mode == "verifier-only" else 0.0
    start = time.perf_counter()
    checker.embedder.embed(["warm-up"])
    load_s = time.perf_counter() - start
    gold_text, pred_text, gold_sent, pred_sent, gold_spans, pred_spans = [], [], [], [], [], []
    n_claims, n_examples, skipped, has_spans = 0, 0, 0, False
    kinds: dict[str, list[bool]] = {}  # fault kind of a gold sentence -> flagged or not
    began = time.perf_counter()
    for example in load_examples(path, part=part, limit=limit):
        try:
            flagged = _flagged(checker, example, mode, threshold)
        except EmptyInputError:  # sources with no prose (only headings), or an empty briefing: nothing to score
            skipped += 1
            continue
        n_examples += 1
        n_claims += len(flagged)
        gold_text.append(example.label == "supported")
        pred_text.append(not any(flag for _, _, flag in flagged))
        for sentence in example.sentences or []:
            gold_sent.append(sentence.label == "supported")
            pred_sent.append(not any(flag for start, end, flag in flagged
                                     if start < sentence.end and end > sentence.start))
            kinds.setdefault(sentence.kind or str(sentence.label), []).append(not pred_sent[-1])
        if example.spans is not None:
            has_spans = True
            gold_spans.append({i for s in example.spans for i in range(s.start, s.end)})
            pred_spans.append({i for start, end, flag in flagged if flag for i in range(start, end)})
        if progress:
            progress(n_examples)
    seconds = time.perf_counter() - began
    p, r, f = span_prf(gold_spans, pred_spans) if has_spans else (None, None, None)
    return EvalResult(
        file=str(path), part=part, mode=mode, examples=n_examples, skipped=skipped, claims=n_claims,
        text_bacc=balanced_accuracy(gold_text, pred_text),
        sentence_bacc=balanced_accuracy(gold_sent, pred_sent) if gold_sent else None,
        flagged_by_kind={k: f"{sum(v)}/{len(v)}" for k, v in sorted(kinds.items())},
        span_precision=p, span_recall=r, span_f1=f,
        claims_per_s=n_claims / seconds if seconds else 0.0,
        examples_per_s=n_examples / seconds if seconds else 0.0,
        load_s=load_s, seconds=seconds,
    )


def documents_of(example: Example) -> list[Document]:
    """The example's sources as Documents (empty sources left out)."""
    return [
        Document(path=s.id, sha256=hashlib.sha256(s.text.encode()).hexdigest(), text=s.text,
                 metadata=Metadata(title=s.title, date=s.date, grading=s.grading))
        for s in example.sources if s.text.strip()
    ]


def _flagged(checker: Checker, example: Example, mode: Mode, threshold: float) -> list[tuple[int, int, bool]]:
    """(start, end, needs attention) of each claim (or, verifier-only, each sentence) of the example.

    A gold sentence then takes the worst of the claims overlapping it.
    """
    if mode == "verifier-only":
        return [(start, end, score < threshold)
                for start, end, score in sentence_scores(checker, example.briefing, documents_of(example))]
    report = checker.check_text(example.briefing, documents_of(example), name=example.id)
    return [(c.start, c.end, c.needs_attention) for c in report.claims]


