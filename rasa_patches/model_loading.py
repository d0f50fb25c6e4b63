"""Loads Rasa's TensorFlow models (DIET here) for prediction without tracing and running a training step first.

Rasa 3.6 builds a model's weights by compiling it and fitting it on one example before it loads
the trained weights (`RasaModel.load`), so TensorFlow traces the whole training step, entity CRF
and gradients included. On these 2-core machines that was about three quarters of the start-up
of `make run` and about 480 MB of the Rasa server's memory (py-spy; bench/results/summary.md).
For prediction, one prediction builds every weight that prediction uses; the trained weights are
loaded into them, and the prediction graph is traced once more so that it uses them. The
predictions are the same (tests/test_model_loading.py). Loading for fine-tuning keeps Rasa's way.
"""

from __future__ import annotations

from typing import Any, Optional, Text, Type

import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

from rasa_patches import guard

NAME = "model loading for prediction"
#: SHA-256 of the source of Rasa 3.6.21's RasaModel.load.
RASA_SOURCE_SHA256 = "84fd81c0fdd01a8048de2d9b5b3022bdbf1e155f7b4d67737eb51ecb0787d292"

_rasa_load = RasaModel.load.__func__  # type: ignore[attr-defined]
DEFAULT_LEARNING_RATE = 0.001


def load_for_prediction(
    cls: Type[RasaModel],
    model_file_name: Text,
    model_data_example: RasaModelData,
    predict_data_example: Optional[RasaModelData] = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """`RasaModel.load` with the weights built by a prediction instead of a training step."""
    if finetune_mode or predict_data_example is None:
        return _rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs)
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, DEFAULT_LEARNING_RATE)),
        run_eagerly=config.get(RUN_EAGERLY),
    )
    model.run_inference(predict_data_example)
    # The file also holds the optimizer's state, which prediction does not need.
    model.load_weights(model_file_name).expect_partial()
    # What the first prediction computed from the untrained weights (label embeddings, the traced graph) goes.
    model.prepared_for_prediction = False
    model._tf_predict_step = None
    model.run_inference(predict_data_example)
    return model


def install() -> bool:
    """Makes every Rasa TensorFlow model loaded in this process load this way, if Rasa's loader is the expected one."""
    return guard.replace(RasaModel, "load", classmethod(load_for_prediction), RASA_SOURCE_SHA256, NAME)
