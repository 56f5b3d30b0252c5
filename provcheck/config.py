"""One validated settings object; every default lives here.

>>> Settings().top_k
5
>>> Settings(top_k=8).top_k
8
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Settings"]


class Settings(BaseModel):
    """Every tunable of the pipeline, with its default. All scores are 0-1."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    embedder: str = Field("minilm", description="dense embedder, by registry name")
    verifier: str = Field("nli", description="claim verifier, by registry name: nli (the trained model) or rules")
    max_file_bytes: int = Field(20_000_000, gt=0, description="largest input file")
    top_k: int = Field(5, ge=1, le=50, description="passages verified per claim")
    candidates: int = Field(30, ge=1, description="passages each retriever proposes")
    rrf_k: int = Field(60, ge=1, description="reciprocal-rank-fusion constant")
    atom_passages: int = Field(
        2, ge=0, le=10,
        description="passages added to the retrieved ones that name the most (two at least) of a claim's details")
    verify_top: int = Field(5, ge=1, le=50, description="of those, the most related the trained verifier reads")
    passage_context: int = Field(
        1, ge=0, le=3,
        description="sentences either side of a passage that the trained verifier also reads, for the confidence")
    sentence_reading: bool = Field(
        True, description="the verifier also reads each whole briefing sentence against its nearest passages, "
                          "for the fitted decision (the verifier-only reading)")
    set_reading: bool = Field(
        True, description="the verifier also reads a claim against its evidence set as one text, where its "
                          "details are spread over several passages, for the fitted decision")
    support_threshold: float = Field(0.62, ge=0.0, le=1.0)
    partial_threshold: float = Field(0.6, ge=0.0, le=1.0)
    contradiction_threshold: float = Field(0.5, ge=0.0, le=1.0)
    related_threshold: float = Field(0.45, ge=0.0, le=1.0)
    entity_match: float = Field(0.85, ge=0.0, le=1.0, description="fuzzy name match")
    calibrate: bool = Field(True, description="apply models/calibration/<verifier>.json when it exists")
    stale_after_days: int | None = Field(
        90, ge=0, description="flag claims whose only support is older than this, before the briefing date")
    intensity_file: str | None = Field(None, description="YAML intensity scales replacing the built-in ones")
    omissions: bool | None = Field(
        None, description="list what the briefing leaves out; None: when it has a conclusion or recommendation")
    omissions_top: int = Field(5, ge=1, le=50, description="left-out statements shown, the most material first")
    omission_candidates: int = Field(
        24, ge=1, le=500, description="source passages with a weakening cue the verifier reads against the briefing")
