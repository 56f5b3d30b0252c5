"""Build every pairs file the verifier is trained and measured on.

``build_pairs`` writes, into one folder, deterministically for a seed:

- ``general-train.jsonl`` / ``general-heldout.jsonl``: the NLI mix (stage 1);
- ``documents-train.jsonl``: the training halves of the allowed development
  files, synthetic pairs from their sources and from ``corpora/*/sources``,
  and a replay sample of the NLI mix (stage 2);
- ``documents-heldout.jsonl``: the same kinds of pairs from the validation
  halves, for measuring only.

``build_shaped`` (round 2) adds, into the same folder:

- ``shaped-train.jsonl``: pairs shaped like the product's work (see
  :mod:`provcheck.train.shaped`) from the training halves and the corpora;
- ``shaped-heldout.jsonl``: the same kinds from the validation halves only;
- ``round2-train.jsonl``: the round-2 mix, shaped pairs with a replay of the
  NLI mix and of the document pairs (40 / 30 / 30 by default).

>>> build_pairs(Path("out"), training_dir=Path("training"))  # doctest: +SKIP
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from provcheck.train.devsets import (
    TRAINABLE_DEV_FILES,
    dev_pairs,
    read_dev,
    split_sentences,
)
from provcheck.train.pairs import TrainPair, load_nli, read_pairs, write_pairs
from provcheck.train.shaped import shaped_pairs
from provcheck.train.split import group_key, is_validation
from provcheck.train.synthetic import synthetic_pairs

__all__ = ["BuiltPairs", "build_pairs", "build_shaped", "corpus_documents", "dev_documents"]

_ROOT = Path(__file__).resolve().parents[2]
SHARED = _ROOT.parent / "shared"
DEFAULT_TRAINING_DIR = SHARED / "training"
DEFAULT_DEV_DIR = SHARED / "benchmarks" / "dev"
DEFAULT_CORPORA_DIR = _ROOT / "corpora"


class BuiltPairs(BaseModel):
    """Where :func:`build_pairs` wrote each file and how many pairs it holds."""

    folder: Path
    counts: dict[str, int]

    def path(self, name: str) -> Path:
        """The file ``<name>.jsonl`` in the folder."""
        return self.folder / f"{name}.jsonl"


def build_pairs(
    out_dir: Path,
    *,
    training_dir: Path = DEFAULT_TRAINING_DIR,
    dev_dir: Path = DEFAULT_DEV_DIR,
    corpora_dir: Path = DEFAULT_CORPORA_DIR,
    seed: int = 13,
    replay: int = 3000,
    dev_repeats: int = 2,
    per_document: int = 2,
    quotas: dict[str, int] | None = None,
) -> BuiltPairs:
    """Write the four pairs files into ``out_dir``; the same seed gives the same files.

    ``quotas`` caps the pairs taken from each NLI file (default
    :data:`provcheck.train.pairs.NLI_QUOTAS`); ``per_document`` source sentences of each dev source become synthetic
    pairs; the dev training pairs are repeated ``dev_repeats`` times; ``replay``
    NLI pairs are mixed in so that stage 2 does not forget stage 1.
    """
    general, general_heldout = load_nli(training_dir, seed=seed, quotas=quotas)
    rng = random.Random(seed)
    documents = dev_pairs(dev_dir) * dev_repeats
    documents += synthetic_pairs(dev_documents(dev_dir), source="synthetic-dev", seed=seed, per_document=per_document)
    documents += synthetic_pairs(corpus_documents(corpora_dir), source="synthetic-corpora", seed=seed, per_document=40)
    documents += rng.sample(general, min(replay, len(general)))
    rng.shuffle(documents)
    heldout = dev_pairs(dev_dir, validation=True)
    heldout += synthetic_pairs(
        dev_documents(dev_dir, validation=True), source="synthetic-dev", seed=seed + 1, per_document=per_document
    )
    files: dict[str, list[TrainPair]] = {
        "general-train": general,
        "general-heldout": general_heldout,
        "documents-train": documents,
        "documents-heldout": heldout,
    }
    counts = {name: write_pairs(out_dir / f"{name}.jsonl", pairs) for name, pairs in files.items()}
    return BuiltPairs(folder=out_dir, counts=counts)


ROUND2_MIX = {"shaped": 0.4, "general": 0.3, "documents": 0.3}


def build_shaped(
    folder: Path,
    *,
    dev_dir: Path = DEFAULT_DEV_DIR,
    corpora_dir: Path = DEFAULT_CORPORA_DIR,
    seed: int = 13,
    total: int = 40000,
    mix: dict[str, float] | None = None,
) -> BuiltPairs:
    """Write the round-2 files into ``folder``, which must hold :func:`build_pairs`' files.

    ``total`` pairs go into ``round2-train.jsonl``, drawn by the shares in
    ``mix`` (default :data:`ROUND2_MIX`) from the shaped pairs and the
    ``general-train`` and ``documents-train`` files; the same seed gives the same files.
    """
    documents = [*dev_documents(dev_dir), *corpus_documents(corpora_dir)]
    shaped = shaped_pairs(documents, seed=seed)
    heldout = shaped_pairs(dev_documents(dev_dir, validation=True), seed=seed + 1, records=300)
    pools = {
        "shaped": shaped,
        **{name: read_pairs(folder / f"{name}-train.jsonl") for name in ("general", "documents")},
    }
    rng = random.Random(seed)
    chosen: list[TrainPair] = []
    for name, share in sorted((mix or ROUND2_MIX).items()):
        chosen += _draw(pools[name], round(total * share), rng)
    rng.shuffle(chosen)
    files = {"shaped-train": shaped, "shaped-heldout": heldout, "round2-train": chosen}
    counts = {name: write_pairs(folder / f"{name}.jsonl", pairs) for name, pairs in files.items()}
    return BuiltPairs(folder=folder, counts=counts)


def _draw(pool: list[TrainPair], wanted: int, rng: random.Random) -> list[TrainPair]:
    """``wanted`` pairs of ``pool``: a sample, or whole copies plus a sample when it is smaller."""
    copies, rest = divmod(wanted, len(pool)) if pool else (0, 0)
    return pool * copies + rng.sample(pool, rest)


def dev_documents(dev_dir: Path, *, validation: bool = False) -> Iterator[list[str]]:
    """Each distinct source of the chosen half of the allowed dev files, as sentences."""
    seen: set[str] = set()
    for name in TRAINABLE_DEV_FILES:
        for example in read_dev(dev_dir / f"{name}.jsonl"):
            if is_validation(str(example["id"])) != validation:
                continue
            sources = example["sources"]
            assert isinstance(sources, list)
            for source in sources:
                key = group_key(str(example["id"])) + "\x00" + str(source["text"])[:200]
                if key not in seen:
                    seen.add(key)
                    yield split_sentences(str(source["text"]))


def corpus_documents(corpora_dir: Path) -> Iterator[list[str]]:
    """Text and Markdown files under ``corpora/*/sources`` (never briefings), as sentences."""
    if not corpora_dir.is_dir():
        return
    for path in sorted(corpora_dir.glob("*/sources/**/*")):
        if path.suffix in {".txt", ".md"} and path.is_file():
            yield split_sentences(path.read_text(encoding="utf-8", errors="replace"))
