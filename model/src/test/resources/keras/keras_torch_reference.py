#!/usr/bin/env python3
"""Independent reference for the Keras import: reads a Keras 2 .h5 with h5py and runs the network in PyTorch.

Nothing here shares code with the Java import. The architecture comes from the file's `model_config` attribute
(or from --config, the `model.to_json()` file, for a `save_weights` file); the weights are found the way Keras'
own loader finds them (`layer_names` on the weights group, then each layer group's `weight_names`). The network
runs in float64, channels first inside (PyTorch's Conv1d layout), with Keras' channels-last order restored before
Flatten.

usage: keras_torch_reference.py MODEL.h5 [--config model.json] --inputs INPUTS.json
INPUTS.json holds {"inputs": [[x_0 ... x_T-1], ...]} (one row per sample, one channel); the probabilities are
printed as JSON {"probabilities": [[p_0 ... p_K-1], ...]} with 17 significant digits.
"""
import argparse
import json

import h5py
import numpy as np
import torch
import torch.nn.functional as F


def text(v):
    return v.decode("utf8") if isinstance(v, bytes) else str(v)


def layer_configs(model_config):
    if model_config["class_name"] != "Sequential":
        raise SystemExit("not a Sequential model: " + model_config["class_name"])
    cfg = model_config["config"]
    return cfg if isinstance(cfg, list) else cfg["layers"]  # Keras 2.0.x: a list; 2.1+: {"name", "layers"}


def weights_by_layer(f):
    g = f["model_weights"] if "model_weights" in f else f
    out = {}
    for name in g.attrs["layer_names"]:
        name = text(name)
        lg = g[name]
        out[name] = [np.asarray(lg[text(w)], dtype=np.float64) for w in lg.attrs["weight_names"]]
    return out


def activation(x, name):
    if name == "relu":
        return F.relu(x)
    if name == "softmax":  # over Keras' last axis: the channels, axis 1 here
        return F.softmax(x, dim=1)
    if name == "linear":
        return x
    raise SystemExit("activation not in this reference: " + name)


def run(configs, weights, x):
    """x: (N, T, 1) float64 in Keras' channels-last layout; returns (N, classes)."""
    h = torch.from_numpy(x).permute(0, 2, 1)  # (N, C, T)
    flat = False
    for layer in configs:
        cls, c = layer["class_name"], layer["config"]
        w = [torch.from_numpy(a) for a in weights.get(c["name"], [])]
        if cls == "Conv1D":
            kernel = w[0].permute(2, 1, 0)  # Keras (K, C, F) -> PyTorch (F, C, K)
            k = kernel.shape[2]
            if c["padding"] == "same":
                h = F.pad(h, ((k - 1) // 2, k - 1 - (k - 1) // 2))
            h = F.conv1d(h, kernel, w[1] if c.get("use_bias", True) else None)
            h = activation(h, c["activation"])
        elif cls == "MaxPooling1D":
            p = c["pool_size"][0] if isinstance(c["pool_size"], list) else c["pool_size"]
            h = F.max_pool1d(h, p, p)
        elif cls == "BatchNormalization":
            gamma, beta, mean, var = w
            shape = (1, -1, 1) if not flat else (1, -1)
            h = (h - mean.view(shape)) / torch.sqrt(var.view(shape) + c["epsilon"]) * gamma.view(shape) + beta.view(shape)
        elif cls == "Activation":
            h = activation(h, c["activation"])
        elif cls == "Dropout":
            pass
        elif cls == "Flatten":
            h = h.permute(0, 2, 1).reshape(h.shape[0], -1)  # back to (N, T, C), then Keras' row-major flatten
            flat = True
        elif cls == "GlobalAveragePooling1D":
            h = h.mean(dim=2)
            flat = True
        elif cls == "Dense":
            h = h @ w[0] + w[1]
            h = activation(h, c["activation"])
        else:
            raise SystemExit("layer not in this reference: " + cls)
    return h.numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--config")
    ap.add_argument("--inputs", required=True)
    a = ap.parse_args()
    with h5py.File(a.model, "r") as f:
        if a.config:
            with open(a.config) as cf:
                model_config = json.load(cf)
        else:
            model_config = json.loads(text(f.attrs["model_config"]))
        weights = weights_by_layer(f)
    with open(a.inputs) as jf:
        x = np.asarray(json.load(jf)["inputs"], dtype=np.float64)[:, :, None]
    p = run(layer_configs(model_config), weights, x)
    print(json.dumps({"probabilities": [[float("%.17g" % v) for v in row] for row in p]}))


if __name__ == "__main__":
    main()
