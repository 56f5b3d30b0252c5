"""``python -m provcheck.train``: build pairs, train, measure (for engineers).

python -m provcheck.train build  --pairs /tmp/verifier-work/pairs
python -m provcheck.train train  --pairs /tmp/verifier-work/pairs --work /tmp/verifier-work
python -m provcheck.train measure --pairs /tmp/verifier-work/pairs --model models/verifier
python -m provcheck.train onnx --model models/verifier     # (re)write model.onnx, int8
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from provcheck.train import build_pairs, default_stages, measure_model, train_verifier
from provcheck.train.onnx import export_onnx
from provcheck.train.trainer import DEFAULT_OUT_DIR, TrainSettings


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one step."""
    parser = argparse.ArgumentParser(prog="python -m provcheck.train")
    parser.add_argument("step", choices=("build", "train", "measure", "onnx"))
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.step == "build":
        print(build_pairs(args.pairs, seed=args.seed).model_dump_json(indent=1))
    elif args.step == "train":
        settings = TrainSettings(seed=args.seed)
        result = train_verifier(default_stages(args.pairs), work_dir=args.work, out_dir=args.model, settings=settings)
        print(result.model_dump_json(indent=1))
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


if __name__ == "__main__":
    raise SystemExit(main())
