#!/usr/bin/env python3
"""Writes the small synthetic Keras .h5 fixtures of the import tests, with h5py only (no Keras needed).

The layout follows Keras 2.2.4's keras/engine/saving.py:
  model.save:    root attributes keras_version, backend, model_config (JSON), training_config (JSON);
                 group model_weights with attributes layer_names, backend, keras_version; one group per layer with
                 attribute weight_names ([] for layers without weights); each weight a float32 dataset at
                 model_weights/<layer>/<weight name>, the name being "<layer>/kernel:0" and so on (so a nested group);
                 optionally group optimizer_weights with weight_names.
  save_weights:  the same layer groups and layer_names/backend/keras_version at the root; no model_config (the
                 architecture comes from model.to_json(), written here beside it as a .json file).
Strings are stored as h5py stores Python bytes: fixed-length ASCII (scalar attributes, and arrays of 'S' for the
name lists); an empty weight_names is an empty float64 array, as numpy makes of [].

Weights are seeded random numbers; expected outputs come from keras_torch_reference.py (h5py + PyTorch).
Run from this folder with Debian's python3 (python3-h5py, python3-torch):  python3 make_keras_fixtures.py
"""
import copy
import json

import h5py
import numpy as np

import keras_torch_reference as ref

GLOROT = {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}}
ZEROS = {"class_name": "Zeros", "config": {}}
ONES = {"class_name": "Ones", "config": {}}


def conv1d(name, filters, k, padding, activation, strides=1, input_shape=None):
    c = {"name": name, "trainable": True, "filters": filters, "kernel_size": [k], "strides": [strides],
         "padding": padding, "data_format": "channels_last", "dilation_rate": [1], "activation": activation,
         "use_bias": True, "kernel_initializer": GLOROT, "bias_initializer": ZEROS, "kernel_regularizer": None,
         "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
    if input_shape:
        c = {"name": name, "trainable": True, "batch_input_shape": [None] + list(input_shape), "dtype": "float32", **{
            k2: v for k2, v in c.items() if k2 not in ("name", "trainable")}}
    return {"class_name": "Conv1D", "config": c}


def batchnorm(name):
    return {"class_name": "BatchNormalization", "config": {
        "name": name, "trainable": True, "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True,
        "beta_initializer": ZEROS, "gamma_initializer": ONES, "moving_mean_initializer": ZEROS,
        "moving_variance_initializer": ONES, "beta_regularizer": None, "gamma_regularizer": None,
        "beta_constraint": None, "gamma_constraint": None}}


def maxpool(name, p):
    return {"class_name": "MaxPooling1D", "config": {"name": name, "trainable": True, "pool_size": [p], "strides": [p],
                                                     "padding": "valid", "data_format": "channels_last"}}


def act(name, a):
    return {"class_name": "Activation", "config": {"name": name, "trainable": True, "activation": a}}


def dropout(name, rate):
    return {"class_name": "Dropout", "config": {"name": name, "trainable": True, "rate": rate, "noise_shape": None, "seed": None}}


def flatten(name):
    return {"class_name": "Flatten", "config": {"name": name, "trainable": True, "data_format": "channels_last"}}


def dense(name, units, activation):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "units": units, "activation": activation, "use_bias": True,
        "kernel_initializer": GLOROT, "bias_initializer": ZEROS, "kernel_regularizer": None, "bias_regularizer": None,
        "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}}


def keras22(layers, name="sequential_1"):
    return {"class_name": "Sequential", "config": {"name": name, "layers": layers}}


def weights_for(layers, input_shape, rng):
    """Seeded weights in Keras' shapes and order, per layer name."""
    shape = list(input_shape)
    out = {}
    for layer in layers:
        cls, c = layer["class_name"], layer["config"]
        if cls == "Conv1D":
            k = c["kernel_size"][0]
            out[c["name"]] = [("kernel", rng.uniform(-0.5, 0.5, (k, shape[1], c["filters"]))),
                              ("bias", rng.uniform(-0.1, 0.1, (c["filters"],)))]
            steps = shape[0] if c["padding"] == "same" else shape[0] - k + 1
            shape = [steps, c["filters"]]
        elif cls == "BatchNormalization":
            n = shape[-1]
            out[c["name"]] = [("gamma", rng.uniform(0.5, 1.5, n)), ("beta", rng.uniform(-0.2, 0.2, n)),
                              ("moving_mean", rng.uniform(-0.3, 0.3, n)), ("moving_variance", rng.uniform(0.2, 2.0, n))]
        elif cls == "MaxPooling1D":
            shape = [shape[0] // c["pool_size"][0], shape[1]]
        elif cls == "Flatten":
            shape = [shape[0] * shape[1]]
        elif cls == "GlobalAveragePooling1D":
            shape = [shape[1]]
        elif cls == "Dense":
            out[c["name"]] = [("kernel", rng.uniform(-0.5, 0.5, (shape[0], c["units"]))),
                              ("bias", rng.uniform(-0.1, 0.1, (c["units"],)))]
            shape = [c["units"]]
        else:
            out[c["name"]] = []
    return {k: [(n, v.astype(np.float32)) for n, v in ws] for k, ws in out.items()}


def write_layer_groups(g, layers, weights, keras_version="2.2.4"):
    g.attrs["layer_names"] = [l["config"]["name"].encode("utf8") for l in layers]
    g.attrs["backend"] = b"tensorflow"
    g.attrs["keras_version"] = keras_version.encode("utf8")
    for l in layers:
        name = l["config"]["name"]
        lg = g.create_group(name)
        ws = weights.get(name, [])
        names = [("%s/%s:0" % (name, n)).encode("utf8") for n, _ in ws]
        lg.attrs["weight_names"] = names
        for wn, (_, v) in zip(names, ws):
            lg.create_dataset(wn.decode("utf8"), data=v)


def save_model(path, config, weights, optimizer=True, keras_version="2.2.4"):
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = keras_version.encode("utf8")
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        f.attrs["training_config"] = json.dumps({
            "optimizer_config": {"class_name": "SGD", "config": {"lr": 1e-4, "momentum": 0.0, "decay": 0.0, "nesterov": False}},
            "loss": "categorical_crossentropy", "metrics": ["accuracy"], "sample_weight_mode": None,
            "loss_weights": None}).encode("utf8")
        write_layer_groups(f.create_group("model_weights"), layer_configs(config), weights, keras_version)
        if optimizer:
            og = f.create_group("optimizer_weights")
            og.attrs["weight_names"] = [b"training/SGD/Variable:0"]
            og.create_dataset("training/SGD/Variable:0", data=np.zeros(4, np.float32))


def layer_configs(config):
    cfg = config["config"]
    return cfg if isinstance(cfg, list) else cfg["layers"]


def expected(path, config, weights, steps, rng, n=3):
    x = rng.uniform(-2, 2, (n, steps)).astype(np.float32)
    w = {k: [v.astype(np.float64) for _, v in ws] for k, ws in weights.items()}
    p = ref.run(layer_configs(config), w, x.astype(np.float64)[:, :, None])
    with open(path, "w") as f:
        json.dump({"inputs": [[float(v) for v in row] for row in x],
                   "probabilities": [[float("%.17g" % v) for v in row] for row in p]}, f, indent=1)
        f.write("\n")


def main():
    rng = np.random.RandomState(20190301)

    # 1. model.save of a Keras 2.2.4 model with BatchNormalization; Dense/Conv1D carry their own activations.
    tiny = [conv1d("conv1d_1", 4, 3, "same", "relu", input_shape=(16, 1)), batchnorm("batch_normalization_1"),
            maxpool("max_pooling1d_1", 2), conv1d("conv1d_2", 3, 2, "valid", "linear"), act("activation_1", "relu"),
            dropout("dropout_1", 0.25), flatten("flatten_1"), dense("dense_1", 3, "softmax")]
    cfg = keras22(tiny)
    w = weights_for(tiny, (16, 1), rng)
    save_model("tiny-save.h5", cfg, w)
    expected("tiny-save.expected.json", cfg, w, 16, rng)

    # 2. save_weights of another model (architecture in the model.to_json() file beside it).
    small = [conv1d("conv1d_3", 2, 5, "same", "relu", input_shape=(12, 1)), maxpool("max_pooling1d_2", 4),
             flatten("flatten_2"), dense("dense_2", 4, "linear"), act("activation_2", "softmax")]
    cfg2 = keras22(small, "sequential_2")
    w2 = weights_for(small, (12, 1), rng)
    with h5py.File("tiny-weights.h5", "w") as f:
        write_layer_groups(f, small, w2)
    with open("tiny-weights.json", "w") as f:
        json.dump(cfg2, f)
    expected("tiny-weights.expected.json", cfg2, w2, 12, rng)

    # 2b. Global average pooling instead of Flatten (Keras 2.0.x's list-style config this time).
    gap = [conv1d("conv1d_4", 5, 3, "same", "relu", input_shape=(10, 1)),
           {"class_name": "GlobalAveragePooling1D", "config": {"name": "global_average_pooling1d_1", "trainable": True}},
           dense("dense_3", 2, "softmax")]
    cfg3 = {"class_name": "Sequential", "config": gap}
    w3 = weights_for(gap, (10, 1), rng)
    save_model("tiny-gap.h5", cfg3, w3, optimizer=False, keras_version="2.0.6")
    expected("tiny-gap.expected.json", cfg3, w3, 10, rng)

    # 3. Refused models: each differs from the tiny model in one thing.
    strided = copy.deepcopy(tiny)
    strided[3]["config"]["strides"] = [2]
    save_model("strided.h5", keras22(strided), w)

    lstm = copy.deepcopy(tiny)
    lstm[3] = {"class_name": "LSTM", "config": {"name": "lstm_1", "trainable": True, "units": 3, "activation": "tanh"}}
    save_model("lstm.h5", keras22(lstm), {**w, "lstm_1": []})

    functional = {"class_name": "Model", "config": {"name": "model_1", "layers": tiny, "input_layers": [["input_1", 0, 0]],
                                                      "output_layers": [["dense_1", 0, 0]]}}
    save_model("functional.h5", functional, w)

    wrong = {k: list(v) for k, v in w.items()}
    wrong["conv1d_2"] = [("kernel", rng.uniform(-0.5, 0.5, (2, 4, 5)).astype(np.float32)), w["conv1d_2"][1]]
    save_model("wrong-shape.h5", cfg, wrong)

    missing = {k: v for k, v in w.items() if k != "dense_1"}
    with h5py.File("missing-layer.h5", "w") as f:
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(cfg).encode("utf8")
        write_layer_groups(f.create_group("model_weights"), tiny[:-1], missing)

    # 3b. Weights of a diverged run: one NaN in conv1d_2's kernel.
    nan = {k: list(v) for k, v in w.items()}
    k2 = w["conv1d_2"][0][1].copy()
    k2[1, 2, 0] = np.nan
    nan["conv1d_2"] = [("kernel", k2), w["conv1d_2"][1]]
    save_model("nan-weights.h5", cfg, nan)

    # 4. A Keras 1 file: no keras_version, Keras 1 layer names and weight names (Convolution1D, convolution1d_1_W).
    with h5py.File("keras1.h5", "w") as f:
        f.attrs["model_config"] = json.dumps({"class_name": "Sequential", "config": [
            {"class_name": "Convolution1D", "config": {"name": "convolution1d_1", "nb_filter": 4, "filter_length": 3,
                                                      "border_mode": "same", "activation": "relu",
                                                      "batch_input_shape": [None, 16, 1]}},
            {"class_name": "Flatten", "config": {"name": "flatten_1"}},
            {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 3, "activation": "softmax"}}]}).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = [b"convolution1d_1", b"flatten_1", b"dense_1"]
        for name, ws in (("convolution1d_1", [("convolution1d_1_W", (3, 1, 1, 4)), ("convolution1d_1_b", (4,))]),
                         ("flatten_1", []), ("dense_1", [("dense_1_W", (64, 3)), ("dense_1_b", (3,))])):
            lg = g.create_group(name)
            lg.attrs["weight_names"] = [n.encode("utf8") for n, _ in ws]
            for n, s in ws:
                lg.create_dataset(n, data=np.zeros(s, np.float32))


if __name__ == "__main__":
    main()
