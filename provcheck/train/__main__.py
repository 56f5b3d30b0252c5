"""``python -m provcheck.train``: build pairs, train, measure (for engineers).

python -m provcheck.train build  --pairs /tmp/verifier-work/pairs
python -m provcheck.train train  --pairs /tmp/verifier-work/pairs --work /tmp/verifier-work
python -m provcheck.train measure --pairs /tmp/verifier-work/pairs --model models/verifier
python -m provcheck.train onnx --model models/verifier     # (re)write model.onnx, int8

Round 2 (shaped pairs, continuing from the shipped weights):

python -m provcheck.train shaped --pairs /tmp/verifier-r2/pairs      # after build, same folder
python -m provcheck.train train --recipe round2 --start models/verifier --pairs /tmp/verifier-r2/pairs \
    --work /tmp/verifier-r2 --model build/verifier-r2 --threads 1 --max-steps 1250
python -m provcheck.train soup --old models/verifier --new build/verifier-r2 --alpha 0.5 \
    --model build/verifier-r2-soup50                                  # halfway between round 1 and round 2
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from provcheck.train import build_pairs, build_shaped, default_stages, measure_model, round2_stages, train_verifier
from provcheck.train.onnx import export_onnx
from provcheck.train.soup import interpolate_weights
from provcheck.train.trainer import DEFAULT_OUT_DIR, TrainResult, TrainSettings


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one step."""
    parser = argparse.ArgumentParser(prog="python -m provcheck.train")
    parser.add_argument("step", choices=("build", "shaped", "train", "soup", "measure", "onnx"))
    parser.add_argument("--pairs", type=Path, default=Path("/tmp/verifier-work/pairs"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/verifier-work"))
    parser.add_argument("--model", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument("--backend", choices=("auto", "onnx", "torch"), default="auto", help="how to run the model")
    parser.add_argument("--float", dest="quantize", action="store_false", help="onnx: keep float32 weights")
    parser.add_argument("--per-source", type=int, default=400, help="held-out NLI/synthetic pairs per source")
    parser.add_argument("--fever-sample", type=int, default=None, help="score a sample of FEVER-Symmetric")
    parser.add_argument("--no-tune", action="store_true", help="skip tuning cuts on the dev training halves")
    parser.add_argument("--recipe", choices=("round1", "round2"), default="round1", help="train: which stages")
    parser.add_argument("--start", type=Path, default=None, help="train: weights to start from (default MiniLM)")
    parser.add_argument("--threads", type=int, default=2, help="train: torch threads")
    parser.add_argument("--max-steps", type=int, default=None, help="train round2: cap on steps (and schedule)")
    parser.add_argument("--lr", type=float, default=3e-5, help="train round2: learning rate")
    parser.add_argument("--checkpoint-every", type=int, default=200, help="train: steps between checkpoints")
    parser.add_argument("--total", type=int, default=40000, help="shaped: pairs in round2-train.jsonl")
    parser.add_argument("--old", type=Path, default=None, help="soup: the weights before fine-tuning")
    parser.add_argument("--new", type=Path, default=None, help="soup: the fine-tuned weights")
    parser.add_argument("--alpha", type=float, default=0.5, help="soup: share of the new weights")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.step == "build":
        print(build_pairs(args.pairs, seed=args.seed).model_dump_json(indent=1))
    elif args.step == "shaped":
        print(build_shaped(args.pairs, seed=args.seed, total=args.total).model_dump_json(indent=1))
    elif args.step == "train":
        print(_train(args).model_dump_json(indent=1))
    elif args.step == "soup":
        print(interpolate_weights(args.old, args.new, args.model, alpha=args.alpha))
    elif args.step == "onnx":
        print(export_onnx(args.model, quantize=args.quantize))
    else:
        report = measure_model(
            args.model,
            args.pairs,
            backend=args.backend,
            per_source=args.per_source,
            tune=not args.no_tune,
            fever_sample=args.fever_sample,
        )
        text = json.dumps(report, indent=1)
        if args.report:
            args.report.write_text(text)
        print(text)
    return 0


def _train(args: argparse.Namespace) -> TrainResult:
    settings = TrainSettings(
        seed=args.seed, base_model=args.start, threads=args.threads, checkpoint_every=args.checkpoint_every
    )
    if args.recipe == "round2":
        stages = round2_stages(args.pairs, max_steps=args.max_steps, learning_rate=args.lr)
    else:
        stages = default_stages(args.pairs)
    return train_verifier(stages, work_dir=args.work, out_dir=args.model, settings=settings)


if __name__ == "__main__":
    raise SystemExit(main())
