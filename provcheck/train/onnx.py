"""Export the trained verifier to ONNX and quantise it to int8 for ONNX Runtime.

The exported graph takes ``input_ids``, ``attention_mask`` and
``token_type_ids`` (batch and sequence dynamic) and returns the three
logits. Linear-layer weights are quantised to int8 per output channel;
activations are quantised on the fly with a scale taken from each call's
input (dynamic quantisation), which is why the verifier scores one pair per
call. It keeps the decisions of the float model on about 98 % of pairs at
1.5-2x torch's speed (see MODEL_CARD.md). Needs the ``onnx`` package; the verifier itself needs only
``onnxruntime``.

>>> from provcheck.verify.nli import ONNX_FILE
>>> ONNX_FILE
'model.onnx'
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from pathlib import Path

from provcheck.verify.nli import INPUTS, ONNX_FILE

__all__ = ["export_onnx"]

OPSET = 17


def export_onnx(model_dir: Path, *, quantize: bool = True) -> Path:
    """Write ``model_dir/model.onnx`` from the weights and tokenizer in ``model_dir``.

    With ``quantize`` (the default) the graph's linear weights are int8
    (per channel); without, it is the float32 graph. Returns the file.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(model_dir), local_files_only=True, dtype=torch.float32
    ).eval()
    sample = tokenizer(["a claim"], ["the evidence for it"], return_tensors="pt")
    target = model_dir / ONNX_FILE
    with tempfile.TemporaryDirectory(dir=model_dir) as scratch:
        float_graph = Path(scratch) / "float.onnx"
        with warnings.catch_warnings():  # the tracer warns about Python control flow it records as constants
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                tuple(sample[k] for k in INPUTS),
                str(float_graph),
                input_names=list(INPUTS),
                output_names=["logits"],
                dynamic_axes={**{k: {0: "batch", 1: "sequence"} for k in INPUTS}, "logits": {0: "batch"}},
                opset_version=OPSET,
                dynamo=False,
            )
        partial = Path(scratch) / "out.onnx"
        if quantize:
            logging.disable(logging.WARNING)  # the quantiser logs every tensor it leaves in float
            try:
                quantize_dynamic(str(float_graph), str(partial), weight_type=QuantType.QInt8, per_channel=True)
            finally:
                logging.disable(logging.NOTSET)
        else:
            float_graph.replace(partial)
        partial.replace(target)
    return target
